import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/model/errors.js';
import { loadText, makeFolder, problemsOf } from './support.js';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
const SERVICE_ACCOUNT = '{"type": "service_account", "project_id": "p"}';

function warehouse(lines: string[]): string {
  return ['graph: ./g.hcl', 'warehouse:', ...lines.map((l) => `  ${l}`)].join(
    '\n',
  );
}

describe('warehouse config', () => {
  it('reads postgres and takes the database from the URL', async () => {
    const config = await loadText(
      warehouse(['type: postgres', 'url: ${WAREHOUSE_URL}']),
      { WAREHOUSE_URL: 'postgres://monitor:pw-1234@127.0.0.1:5432/production' },
    );

    expect(config.warehouse).toMatchObject({
      type: 'postgres',
      url: 'postgres://monitor:pw-1234@127.0.0.1:5432/production',
      database: 'production',
      path: null,
    });
    expect(config.secrets).toContain('pw-1234');
  });

  it('lets warehouse.database override the database of a redshift URL', async () => {
    const config = await loadText(
      warehouse([
        'type: redshift',
        'url: postgresql://monitor@cluster.example.com:5439/dev',
        'database: analytics',
      ]),
    );

    expect(config.warehouse).toMatchObject({
      type: 'redshift',
      database: 'analytics',
    });
    expect(config.secrets).toEqual([
      'postgresql://monitor@cluster.example.com:5439/dev',
    ]);
  });

  it('refuses a postgres URL of another kind without quoting it', async () => {
    const url = 'jdbc:redshift://cluster:5439/dev?password=hunter22';
    const problems = await problemsOf(
      warehouse(['type: redshift', 'url: ${URL}']),
      { URL: url },
    );

    expect(problems).toEqual([
      'config.yaml:4: warehouse.url: expected a URL like ' +
        'postgres://host:5432/database, with the user and password before ' +
        'the host',
    ]);
  });

  it('reads snowflake with a private key file relative to the config', async () => {
    const config = await loadText(
      warehouse([
        'type: snowflake',
        'snowflake:',
        '  account: myorg-myaccount',
        '  username: MONITOR',
        '  private_key_path: ./keys/monitor.p8',
        '  private_key_passphrase: ${KEY_PASS}',
        '  role: MONITOR_ROLE',
        '  warehouse: MONITOR_WH',
        '  access_url: https://myaccount.privatelink.snowflakecomputing.com',
      ]),
      { KEY_PASS: 'passphrase-1' },
      { 'keys/monitor.p8': PEM },
    );
    const dir = config.configPath.replace(/\/config\.yaml$/, '');

    expect(config.warehouse.snowflake).toEqual({
      account: 'myorg-myaccount',
      username: 'MONITOR',
      password: null,
      privateKeyPath: join(dir, 'keys/monitor.p8'),
      privateKeyPassphrase: 'passphrase-1',
      oauthToken: null,
      role: 'MONITOR_ROLE',
      warehouse: 'MONITOR_WH',
      accessUrl: 'https://myaccount.privatelink.snowflakecomputing.com',
    });
    expect(config.warehouse.database).toBeNull();
    expect(config.secrets).toEqual(['passphrase-1']);
  });

  it('reads snowflake with a password or an OAuth token, both secret', async () => {
    const withPassword = await loadText(
      warehouse([
        'type: snowflake',
        'snowflake: { account: a-b, username: U, password: "${PW}" }',
      ]),
      { PW: 'snow-secret' },
    );
    const withToken = await loadText(
      warehouse([
        'type: snowflake',
        'snowflake: { account: a-b, username: U, oauth_token: tok-12345 }',
      ]),
    );

    expect(withPassword.secrets).toEqual(['snow-secret']);
    expect(withToken.warehouse.snowflake?.oauthToken).toBe('tok-12345');
    expect(withToken.secrets).toEqual(['tok-12345']);
  });

  it('asks snowflake for exactly one way to sign in', async () => {
    const none = await problemsOf(
      warehouse(['type: snowflake', 'snowflake: { account: a, username: u }']),
    );
    const two = await problemsOf(
      warehouse([
        'type: snowflake',
        'snowflake:',
        '  account: a',
        '  username: u',
        '  password: pw-123456',
        '  oauth_token: tok-123456',
        '  private_key_passphrase: pass-123456',
      ]),
    );

    expect(none).toEqual([
      'config.yaml:4: warehouse.snowflake: needs one way to sign in: ' +
        'password, private_key_path, oauth_token',
    ]);
    expect(two).toEqual([
      'config.yaml:4: warehouse.snowflake: set only one of password, oauth_token',
      'config.yaml:9: warehouse.snowflake.private_key_passphrase: only used ' +
        'with private_key_path',
    ]);
  });

  it('refuses a snowflake host name where the account identifier goes', async () => {
    const problems = await problemsOf(
      warehouse([
        'type: snowflake',
        'snowflake:',
        '  account: https://xy12345.snowflakecomputing.com',
        '  username: u',
        '  password: pw-123456',
      ]),
    );

    expect(problems).toEqual([
      'config.yaml:5: warehouse.snowflake.account: expected the account ' +
        'identifier (like myorg-myaccount), not a host; put a PrivateLink ' +
        'or proxy endpoint in access_url',
    ]);
  });

  it('reads bigquery with its key file, regions and cost cap', async () => {
    const config = await loadText(
      warehouse([
        'type: bigquery',
        'bigquery:',
        '  project_id: my-project',
        '  location: US',
        '  locations: [EU, asia-northeast1]',
        '  key_file: ./sa.json',
        '  api_endpoint: https://bigquery.example.com',
        '  maximum_bytes_billed: 5000000000',
      ]),
      {},
      { 'sa.json': SERVICE_ACCOUNT },
    );
    const dir = config.configPath.replace(/\/config\.yaml$/, '');

    expect(config.warehouse.bigquery).toEqual({
      projectId: 'my-project',
      location: 'US',
      locations: ['EU', 'asia-northeast1'],
      keyFile: join(dir, 'sa.json'),
      apiEndpoint: 'https://bigquery.example.com',
      maximumBytesBilled: 5_000_000_000,
    });
    expect(config.warehouse.database).toBe('my-project');
  });

  it('defaults the bigquery cost cap and allows ambient credentials', async () => {
    const config = await loadText(
      warehouse([
        'type: bigquery',
        'bigquery: { project_id: p, location: EU }',
      ]),
    );

    expect(config.warehouse.bigquery).toMatchObject({
      keyFile: null,
      locations: [],
      maximumBytesBilled: 10_000_000_000,
    });
  });

  it('reads databricks, forgiving a pasted https:// host', async () => {
    const config = await loadText(
      warehouse([
        'type: databricks',
        'databricks:',
        '  host: https://dbc-1.cloud.databricks.com/',
        '  http_path: /sql/1.0/warehouses/abc',
        '  token: ${DATABRICKS_TOKEN}',
      ]),
      { DATABRICKS_TOKEN: 'dapi-0123456789' },
    );

    expect(config.warehouse.databricks).toEqual({
      host: 'dbc-1.cloud.databricks.com',
      httpPath: '/sql/1.0/warehouses/abc',
      token: 'dapi-0123456789',
    });
    expect(config.secrets).toEqual(['dapi-0123456789']);
  });

  it('names each missing setting of a type, once per block', async () => {
    const missingBlock = await problemsOf(warehouse(['type: databricks']));
    const missingKeys = await problemsOf(
      warehouse(['type: databricks', 'databricks: { http_path: sql/x }']),
    );
    const bigquery = await problemsOf(warehouse(['type: bigquery']));
    const duckdb = await problemsOf(warehouse(['type: duckdb']));

    expect(missingBlock).toEqual([
      'config.yaml:2: warehouse.databricks: required when type is ' +
        'databricks (host, http_path, token)',
    ]);
    expect(missingKeys).toEqual([
      'config.yaml:4: warehouse.databricks.host: required',
      'config.yaml:4: warehouse.databricks.http_path: expected a path like ' +
        '/sql/1.0/warehouses/abc',
      'config.yaml:4: warehouse.databricks.token: required',
    ]);
    expect(bigquery).toEqual([
      'config.yaml:2: warehouse.bigquery: required when type is bigquery ' +
        '(project_id, location)',
    ]);
    expect(duckdb).toEqual([
      'config.yaml:2: warehouse.path: required for duckdb',
    ]);
  });

  it('refuses settings of another warehouse type', async () => {
    const problems = await problemsOf(
      warehouse([
        'type: duckdb',
        'path: ./w.duckdb',
        'url: postgres://x/y',
        'bigquery: { project_id: p }',
        'snowflake: null',
      ]),
    );

    expect(problems).toEqual([
      'config.yaml:5: warehouse.url: only used when type is postgres or redshift',
      'config.yaml:6: warehouse.bigquery: only used when type is bigquery',
    ]);
  });

  it('refuses unknown keys inside a warehouse block', async () => {
    const problems = await problemsOf(
      warehouse([
        'type: bigquery',
        'bigquery: { project: p, location: US, project_id: p }',
      ]),
    );

    expect(problems).toEqual([
      'config.yaml:4: warehouse.bigquery.project: unknown key ' +
        '(did you mean "project_id"?)',
    ]);
  });

  it('names a missing key file, relative to the config folder', async () => {
    const problems = await problemsOf(
      warehouse([
        'type: bigquery',
        'bigquery: { project_id: p, location: US, key_file: ./nope.json }',
      ]),
    );

    expect(problems).toEqual([
      'config.yaml:4: warehouse.bigquery.key_file: nope.json: no such file',
    ]);
  });

  it('refuses a key file that is a folder or holds no key', async () => {
    const problems = await problemsOf(
      warehouse([
        'type: snowflake',
        'snowflake:',
        '  account: a',
        '  username: u',
        '  private_key_path: ./keys',
      ]),
      {},
      { 'keys/readme': 'x' },
    );
    const notJson = await problemsOf(
      warehouse([
        'type: bigquery',
        'bigquery: { project_id: p, location: US, key_file: ./sa.json }',
      ]),
      {},
      { 'sa.json': 'SECRET-CONTENTS not json' },
    );

    expect(problems).toEqual([
      'config.yaml:7: warehouse.snowflake.private_key_path: keys: not a file',
    ]);
    expect(notJson).toEqual([
      'config.yaml:4: warehouse.bigquery.key_file: sa.json: expected a ' +
        'service account key file (JSON with a "type" field)',
    ]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'refuses a key file the monitor may not read',
    async () => {
      const cwd = await makeFolder({
        'config.yaml': warehouse([
          'type: snowflake',
          'snowflake: { account: a, username: u, private_key_path: k.p8 }',
        ]),
        'k.p8': PEM,
      });
      await chmod(join(cwd, 'k.p8'), 0o000);
      const error = await loadConfig({ env: {}, cwd }).catch((e) => e);

      expect((error as ConfigError).problems).toEqual([
        'config.yaml:4: warehouse.snowflake.private_key_path: k.p8: ' +
          'permission denied (the monitor must read it)',
      ]);
    },
  );

  it('accepts a key file given by an absolute path', async () => {
    const keys = await makeFolder({ 'monitor.p8': PEM });
    const config = await loadText(
      warehouse([
        'type: snowflake',
        `snowflake: { account: a, username: u, private_key_path: ${keys}/monitor.p8 }`,
      ]),
    );

    expect(config.warehouse.snowflake?.privateKeyPath).toBe(
      join(keys, 'monitor.p8'),
    );
  });

  it('attaches more duckdb files named relative to the config', async () => {
    const cwd = await makeFolder({
      'conf/config.yaml': warehouse([
        'type: duckdb',
        'path: ../data/main.db',
        'attach: ../data/extra.duckdb',
      ]),
    });
    await writeFile(join(cwd, 'unused'), '');
    const config = await loadConfig({ path: 'conf/config.yaml', env: {}, cwd });

    expect(config.warehouse).toMatchObject({
      path: join(cwd, 'data/main.db'),
      attach: [join(cwd, 'data/extra.duckdb')],
      database: 'main',
    });
  });
});
