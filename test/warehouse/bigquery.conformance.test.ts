// The conformance suite for the BigQuery adapter: the real client talks
// to a BigQuery REST endpoint on 127.0.0.1 that answers from recorded
// INFORMATION_SCHEMA rows built here from the scenario. Region views list
// every dataset and table of the project whatever their grants, so the
// unusable schema and the unreadable table are recorded plainly.
import { OAuth2Client } from 'google-auth-library';
import type {
  ConformanceScenario,
  ScenarioDatabase,
  ScenarioType,
} from './conformance-scenario.js';
import { describeConformance } from './conformance.js';
import { openBigQueryWarehouse } from '../../src/warehouse/bigquery.js';
import {
  FakeBigQueryApi,
  apiError,
  type RecordedProject,
} from '../fixtures/bigquery/fake-api.js';

const RAW_TYPES: Record<ScenarioType, string> = {
  integer: 'INT64',
  decimal: 'NUMERIC(12, 2)',
  text: 'STRING',
  timestamp_tz: 'TIMESTAMP',
  date: 'DATE',
  boolean: 'BOOL',
  binary: 'BYTES',
  json: 'JSON',
};

const TABLE_TYPES = {
  table: 'BASE TABLE',
  view: 'VIEW',
  materialized_view: 'MATERIALIZED VIEW',
} as const;

const projectOf = (key: string) => `acme-${key}`;

function recorded(database: ScenarioDatabase): RecordedProject {
  const project = projectOf(database.key);
  const region = {
    SCHEMATA: [] as Record<string, unknown>[],
    TABLES: [] as Record<string, unknown>[],
    COLUMNS: [] as Record<string, unknown>[],
  };
  const datasets: Record<string, { location: string }> = {};
  for (const schema of database.schemas) {
    datasets[schema.name] = { location: 'US' };
    region.SCHEMATA.push({
      catalog_name: project,
      schema_name: schema.name,
      location: 'US',
    });
    for (const table of schema.tables) {
      const where = {
        table_catalog: project,
        table_schema: schema.name,
        table_name: table.name,
      };
      region.TABLES.push({ ...where, table_type: TABLE_TYPES[table.kind] });
      table.columns.forEach((column, i) =>
        region.COLUMNS.push({
          ...where,
          column_name: column.name,
          ordinal_position: i + 1,
          data_type: RAW_TYPES[column.type],
        }),
      );
    }
  }
  return { regions: { us: region }, datasets };
}

function projects(scenario: ConformanceScenario) {
  const out: Record<string, RecordedProject> = {};
  for (const database of scenario.databases) {
    const project = projectOf(database.key);
    if (database.state === 'present') out[project] = recorded(database);
    if (database.state === 'unreadable') {
      const message =
        `Access Denied: Table ${project}:region-us.INFORMATION_SCHEMA.SCHEMATA: ` +
        'User does not have permission to query table';
      out[project] = {
        regions: {
          us: {
            error: {
              status: 403,
              body: apiError(403, 'accessDenied', message),
            },
          },
        },
        datasets: {},
      };
    }
  }
  return out;
}

describeConformance('bigquery', {
  capabilities: {
    canTellDenied: false,
    canTellUnusableSchema: false,
    hasMaterializedViews: true,
    missingDatabase: 'unknown',
  },
  rawTypes: RAW_TYPES,
  build: async (scenario) => {
    const api = new FakeBigQueryApi(projects(scenario));
    const endpoint = await api.start();
    const auth = new OAuth2Client();
    auth.setCredentials({
      access_token: 'conformance-token',
      expiry_date: Date.now() + 3_600_000,
    });
    const warehouse = await openBigQueryWarehouse(
      {
        type: 'bigquery',
        database: null,
        queryTimeoutMs: 5_000,
        path: null,
        attach: [],
        url: null,
        snowflake: null,
        bigquery: {
          projectId: projectOf('main'),
          location: 'US',
          locations: [],
          keyFile: null,
          apiEndpoint: endpoint,
          maximumBytesBilled: 1_000_000_000,
        },
        databricks: null,
      },
      { authClient: auth },
    );
    return {
      warehouse,
      databaseName: (key) => ({ name: projectOf(key), quoted: false }),
      dispose: () => api.stop(),
    };
  },
});
