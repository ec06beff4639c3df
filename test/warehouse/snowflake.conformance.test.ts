// The conformance suite for the Snowflake adapter: the real snowflake-sdk
// talks, through access_url, to a Snowflake REST endpoint on 127.0.0.1
// answering from INFORMATION_SCHEMA rows recorded in Snowflake's format,
// built here from the scenario. Snowflake shows a
// role only what it may use, so the unusable schema and the unreadable
// table are not in the rows, and a database it may not use answers
// 002003 like one that does not exist.
import type {
  ConformanceScenario,
  ScenarioDatabase,
  ScenarioType,
} from './conformance-scenario.js';
import { describeConformance } from './conformance.js';
import { openSnowflakeWarehouse } from '../../src/warehouse/snowflake.js';
import type { RecordedCatalog } from '../fixtures/snowflake/fake-connection.js';
import { FakeSnowflakeRest } from '../fixtures/snowflake/fake-rest.js';

const RAW_TYPES: Record<ScenarioType, string> = {
  integer: 'NUMBER(38,0)',
  decimal: 'NUMBER(12,2)',
  text: 'TEXT(16777216)',
  timestamp_tz: 'TIMESTAMP_TZ',
  date: 'DATE',
  boolean: 'BOOLEAN',
  binary: 'BINARY',
  json: 'VARIANT',
};

// DATA_TYPE and its parameters as INFORMATION_SCHEMA.COLUMNS reports them.
const COLUMN_TYPES: Record<ScenarioType, Record<string, unknown>> = {
  integer: { DATA_TYPE: 'NUMBER', NUMERIC_PRECISION: 38, NUMERIC_SCALE: 0 },
  decimal: { DATA_TYPE: 'NUMBER', NUMERIC_PRECISION: 12, NUMERIC_SCALE: 2 },
  text: { DATA_TYPE: 'TEXT', CHARACTER_MAXIMUM_LENGTH: 16777216 },
  timestamp_tz: { DATA_TYPE: 'TIMESTAMP_TZ' },
  date: { DATA_TYPE: 'DATE' },
  boolean: { DATA_TYPE: 'BOOLEAN' },
  binary: { DATA_TYPE: 'BINARY', CHARACTER_MAXIMUM_LENGTH: 8388608 },
  json: { DATA_TYPE: 'VARIANT' },
};

const TABLE_TYPES = {
  table: 'BASE TABLE',
  view: 'VIEW',
  materialized_view: 'MATERIALIZED VIEW',
} as const;

function recorded(database: ScenarioDatabase, name: string): RecordedCatalog {
  const catalog = {
    SCHEMATA: [] as Record<string, unknown>[],
    TABLES: [] as Record<string, unknown>[],
    COLUMNS: [] as Record<string, unknown>[],
  };
  for (const schema of database.schemas.filter((s) => s.isUsable)) {
    catalog.SCHEMATA.push({ CATALOG_NAME: name, SCHEMA_NAME: schema.name });
    for (const table of schema.tables.filter((t) => t.isReadable)) {
      const where = {
        TABLE_CATALOG: name,
        TABLE_SCHEMA: schema.name,
        TABLE_NAME: table.name,
      };
      catalog.TABLES.push({ ...where, TABLE_TYPE: TABLE_TYPES[table.kind] });
      table.columns.forEach((column, i) =>
        catalog.COLUMNS.push({
          ...where,
          COLUMN_NAME: column.name,
          ORDINAL_POSITION: i + 1,
          ...COLUMN_TYPES[column.type],
        }),
      );
    }
  }
  return catalog;
}

// Missing and refused databases both answer 002003, as Snowflake does.
function answers(scenario: ConformanceScenario) {
  const databases: Record<string, RecordedCatalog> = {};
  for (const database of scenario.databases) {
    const name = `${database.key.toUpperCase()}_DB`;
    if (database.state === 'present') {
      databases[name] = recorded(database, name);
    }
  }
  return databases;
}

describeConformance('snowflake', {
  capabilities: {
    canTellDenied: false,
    canTellUnusableSchema: false,
    hasMaterializedViews: true,
    missingDatabase: 'unknown',
  },
  rawTypes: RAW_TYPES,
  build: async (scenario) => {
    const rest = new FakeSnowflakeRest(answers(scenario), 'conformance');
    const accessUrl = await rest.start();
    const warehouse = await openSnowflakeWarehouse({
      type: 'snowflake',
      database: 'MAIN_DB',
      queryTimeoutMs: 5_000,
      path: null,
      attach: [],
      url: null,
      snowflake: {
        account: 'acme-test',
        username: 'MONITOR',
        password: 'conformance',
        privateKeyPath: null,
        privateKeyPassphrase: null,
        oauthToken: null,
        role: 'MONITOR_ROLE',
        warehouse: 'MONITOR_WH',
        accessUrl,
      },
      bigquery: null,
      databricks: null,
    });
    return {
      warehouse,
      databaseName: (key) => ({ name: `${key}_db`, quoted: false }),
      dispose: () => rest.stop(),
    };
  },
});
