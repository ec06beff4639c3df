// The conformance suite for the Databricks adapter: the driver's client is
// replaced by one answering from information_schema rows recorded in
// Databricks' format, built here from the scenario. Unity Catalog shows a
// principal only what it may use, so the unusable schema and the
// unreadable table are not in the rows; a refused catalog answers
// INSUFFICIENT_PERMISSIONS, a missing one NO_SUCH_CATALOG_EXCEPTION.
import type {
  ConformanceScenario,
  ScenarioDatabase,
  ScenarioType,
} from './conformance-scenario.js';
import { describeConformance } from './conformance.js';
import { openDatabricksWarehouse } from '../../src/warehouse/databricks.js';
import {
  FakeDatabricks,
  type RecordedWorkspace,
} from '../fixtures/databricks/fake-driver.js';

const RAW_TYPES: Record<ScenarioType, string> = {
  integer: 'int',
  decimal: 'decimal(12,2)',
  text: 'string',
  timestamp_tz: 'timestamp',
  date: 'date',
  boolean: 'boolean',
  binary: 'binary',
  json: 'variant',
};

const TABLE_TYPES = {
  table: 'MANAGED',
  view: 'VIEW',
  materialized_view: 'MATERIALIZED_VIEW',
} as const;

const catalogOf = (key: string) => `${key}_cat`;

function recorded(database: ScenarioDatabase) {
  const catalog = catalogOf(database.key);
  const views = {
    schemata: [] as Record<string, unknown>[],
    tables: [] as Record<string, unknown>[],
    columns: [] as Record<string, unknown>[],
  };
  for (const schema of database.schemas.filter((s) => s.isUsable)) {
    views.schemata.push({ catalog_name: catalog, schema_name: schema.name });
    for (const table of schema.tables.filter((t) => t.isReadable)) {
      const where = {
        table_catalog: catalog,
        table_schema: schema.name,
        table_name: table.name,
      };
      views.tables.push({ ...where, table_type: TABLE_TYPES[table.kind] });
      table.columns.forEach((column, i) =>
        views.columns.push({
          ...where,
          column_name: column.name,
          ordinal_position: i + 1,
          full_data_type: RAW_TYPES[column.type],
          data_type: RAW_TYPES[column.type].replace(/\(.*$/, '').toUpperCase(),
        }),
      );
    }
  }
  return views;
}

function workspace(scenario: ConformanceScenario): RecordedWorkspace {
  const information_schema: RecordedWorkspace['information_schema'] = {};
  const catalog_errors: RecordedWorkspace['catalog_errors'] = {};
  for (const database of scenario.databases) {
    const catalog = catalogOf(database.key);
    if (database.state === 'present') {
      information_schema[catalog] = recorded(database);
    }
    if (database.state === 'unreadable') {
      catalog_errors[catalog] = {
        name: 'Status Error',
        code: -1,
        message:
          '[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not ' +
          `have USE CATALOG on Catalog '${catalog}'. SQLSTATE: 42501`,
      };
    }
  }
  return { information_schema, catalog_errors, hive: {}, errors: {} };
}

describeConformance('databricks', {
  capabilities: {
    canTellDenied: false,
    canTellUnusableSchema: false,
    hasMaterializedViews: true,
    missingDatabase: 'unknown',
  },
  rawTypes: RAW_TYPES,
  build: async (scenario) => {
    const fake = new FakeDatabricks(workspace(scenario));
    const warehouse = await openDatabricksWarehouse(
      {
        type: 'databricks',
        database: catalogOf('main'),
        queryTimeoutMs: 5_000,
        path: null,
        attach: [],
        url: null,
        snowflake: null,
        bigquery: null,
        databricks: {
          host: 'adb-1.2.azuredatabricks.net',
          httpPath: '/sql/1.0/warehouses/conformance',
          token: 'dapi-conformance',
        },
      },
      fake.connect,
    );
    return {
      warehouse,
      databaseName: (key) => ({ name: catalogOf(key), quoted: false }),
      dispose: async () => undefined,
    };
  },
});
