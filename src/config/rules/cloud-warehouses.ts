/** Rules for `warehouse.snowflake`, `warehouse.bigquery`, `…databricks`. */
import type {
  BigQueryConfig,
  DatabricksConfig,
  SnowflakeConfig,
} from '../types.js';
import type { Section } from '../section.js';

const SNOWFLAKE_KEYS = [
  'account',
  'username',
  'password',
  'private_key_path',
  'private_key_passphrase',
  'oauth_token',
  'role',
  'warehouse',
  'access_url',
];

const SNOWFLAKE_AUTH = ['password', 'private_key_path', 'oauth_token'];

const BIGQUERY_KEYS = [
  'project_id',
  'location',
  'locations',
  'key_file',
  'api_endpoint',
  'maximum_bytes_billed',
];

const DATABRICKS_KEYS = ['host', 'http_path', 'token'];

const KEYS = {
  snowflake: SNOWFLAKE_KEYS,
  bigquery: BIGQUERY_KEYS,
  databricks: DATABRICKS_KEYS,
};

// Stand-ins returned after a problem; the loader throws before use.
const EMPTY_SNOWFLAKE: SnowflakeConfig = {
  account: '',
  username: '',
  password: null,
  privateKeyPath: null,
  privateKeyPassphrase: null,
  oauthToken: null,
  role: null,
  warehouse: null,
  accessUrl: null,
};
const EMPTY_BIGQUERY: BigQueryConfig = {
  projectId: '',
  location: '',
  locations: [],
  keyFile: null,
  apiEndpoint: null,
  maximumBytesBilled: 0,
};
const EMPTY_DATABRICKS: DatabricksConfig = {
  host: '',
  httpPath: '',
  token: '',
};

// 10 GB: a primary key check on a large table costs cents, not dollars.
const DEFAULT_MAXIMUM_BYTES_BILLED = 10_000_000_000;

/** Reads `warehouse.snowflake`: account, user and one way to sign in. */
export function readSnowflake(warehouse: Section): SnowflakeConfig {
  const section = openPart(warehouse, 'snowflake', 'account, username, ...');
  if (section === null) return EMPTY_SNOWFLAKE;

  const account = section.text('account', { required: true });
  const secret = { isSecret: true };
  const auth = SNOWFLAKE_AUTH.filter((key) => section.has(key));

  if (account !== null && /:\/\/|snowflakecomputing\.com/i.test(account)) {
    section.report(
      'account',
      'expected the account identifier (like myorg-myaccount), not a host; ' +
        'put a PrivateLink or proxy endpoint in access_url',
    );
  }
  if (auth.length === 0) {
    section.reportHere(
      `needs one way to sign in: ${SNOWFLAKE_AUTH.join(', ')}`,
    );
  }
  if (auth.length > 1) {
    section.reportHere(`set only one of ${auth.join(', ')}`);
  }
  if (
    section.has('private_key_passphrase') &&
    !section.has('private_key_path')
  ) {
    section.report('private_key_passphrase', 'only used with private_key_path');
  }

  return {
    account: account ?? '',
    username: section.text('username', { required: true }) ?? '',
    password: section.text('password', secret),
    privateKeyPath: section.filePath('private_key_path'),
    privateKeyPassphrase: section.text('private_key_passphrase', secret),
    oauthToken: section.text('oauth_token', secret),
    role: section.text('role'),
    warehouse: section.text('warehouse'),
    accessUrl: readHttpUrl(section, 'access_url'),
  };
}

/** Reads `warehouse.bigquery`: project, regions, credentials, cost cap. */
export function readBigQuery(warehouse: Section): BigQueryConfig {
  const section = openPart(warehouse, 'bigquery', 'project_id, location');
  if (section === null) return EMPTY_BIGQUERY;

  return {
    projectId: section.text('project_id', { required: true }) ?? '',
    location: section.text('location', { required: true }) ?? '',
    locations: section.textList('locations'),
    keyFile: section.filePath('key_file'),
    apiEndpoint: section.text('api_endpoint'),
    maximumBytesBilled: section.integer(
      'maximum_bytes_billed',
      DEFAULT_MAXIMUM_BYTES_BILLED,
      1,
    ),
  };
}

/** Reads `warehouse.databricks`: SQL warehouse host, HTTP path, token. */
export function readDatabricks(warehouse: Section): DatabricksConfig {
  const section = openPart(warehouse, 'databricks', 'host, http_path, token');
  if (section === null) return EMPTY_DATABRICKS;

  const host = section.text('host', { required: true }) ?? '';
  const httpPath = section.text('http_path', { required: true }) ?? '';

  if (httpPath !== '' && !httpPath.startsWith('/')) {
    section.report('http_path', 'expected a path like /sql/1.0/warehouses/abc');
  }
  return {
    // The SQL driver wants a bare host name; a pasted URL is forgiven.
    host: host.replace(/^https:\/\//i, '').replace(/\/+$/, ''),
    httpPath,
    token: section.text('token', { isSecret: true, required: true }) ?? '',
  };
}

// The nested block of one warehouse type. When it is missing altogether,
// one problem says so and its keys are not reported one by one.
function openPart(
  warehouse: Section,
  key: 'snowflake' | 'bigquery' | 'databricks',
  needs: string,
): Section | null {
  if (!warehouse.has(key)) {
    warehouse.report(key, `required when type is ${key} (${needs})`);
    return null;
  }
  return warehouse.child(key, KEYS[key]);
}

function readHttpUrl(section: Section, key: string): string | null {
  const value = section.text(key);
  if (value === null) return null;

  if (!/^https?:\/\/[^\s/]+/i.test(value) || !URL.canParse(value)) {
    section.report(key, 'expected a URL like https://host.example.com');
  }
  return value;
}
