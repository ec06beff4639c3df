/**
 * Databricks adapter (@databricks/sql, imported only when configured; given
 * a silent logger so that it never writes to stdout).
 *
 * Catalog views read: <catalog>.information_schema.schemata, tables and
 * columns, in one UNION ALL statement per Unity Catalog catalog. The
 * legacy hive_metastore has no information_schema: it is read with SHOW
 * TABLES per used schema and DESCRIBE TABLE EXTENDED per used table, a few
 * at a time, each counted as a probe; when checks.max_probes cannot cover
 * them the catalog is unknown ("unsupported"), never missing.
 *
 * Limitations:
 * - information_schema lists only what the principal holds a privilege on,
 *   so in Unity Catalog a revoked grant looks like a drop.
 * - A catalog that does not exist and one the principal may not use give
 *   the same error: both are reported unknown.
 * - hive_metastore costs one probe per used schema and table; its unused
 *   tables are listed by name only.
 */
import type { WarehouseConfig } from '../config/types.js';
import type { CatalogRequest, CatalogShape } from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import { foldName } from '../model/names.js';
import {
  DATABRICKS_NAMING,
  buildUnityCatalogSql,
  databricksCatalogName,
  isHiveMetastore,
  quoteDatabricksName,
  shapeUnityCatalog,
} from './databricks-catalog.js';
import { classifyDatabricksError } from './databricks-errors.js';
import { readHiveMetastore, type ProbeBudget } from './databricks-hive.js';
import {
  connectDatabricks,
  type DatabricksConnector,
  type DatabricksRunner,
} from './databricks-session.js';
import { deepFreeze } from './deep-freeze.js';
import { mapLimited } from './map-limited.js';
import type { KeyColumn, Warehouse } from './warehouse.js';

export type { DatabricksConnector } from './databricks-session.js';

const CONCURRENCY = 4;

/** Connects to a Databricks SQL warehouse and returns the adapter. */
export async function openDatabricksWarehouse(
  config: WarehouseConfig,
  connector?: DatabricksConnector,
): Promise<Warehouse> {
  const runner = await connectDatabricks(config, connector);
  const defaultDatabase = config.database ?? (await currentCatalog(runner));

  const warehouse: Warehouse = {
    type: 'databricks',
    naming: DATABRICKS_NAMING,
    defaultDatabase,
    limitations: LIMITATIONS,
    describeCatalogs: async (requests, options) => {
      const budget: ProbeBudget = { left: options.maxProbes, used: 0 };
      const reads = await mapLimited(requests, CONCURRENCY, (request) =>
        describeCatalog(runner, request, budget, options.signal),
      );
      return deepFreeze({
        warehouse: 'databricks',
        naming: DATABRICKS_NAMING,
        catalogs: reads.map((r) => r.catalog),
        metadataQueries:
          reads.reduce((sum, r) => sum + r.statements, 0) + budget.used,
        canTellDenied: false,
      });
    },
    countDuplicateKeys: (key, options) =>
      countDuplicates(runner, key, options.signal),
    close: () => runner.close(),
  };
  return deepFreeze(warehouse);
}

const LIMITATIONS: readonly string[] = deepFreeze([
  'in unity catalog a revoked grant looks like a drop: information_schema ' +
    'lists only what the principal may use',
  'a catalog that does not exist and one the principal may not use are ' +
    'both reported unknown',
  'hive_metastore is read table by table, one probe each, within ' +
    'checks.max_probes; beyond it the catalog is unknown',
  'in hive_metastore, unused tables of a used schema are listed by name ' +
    'only (no columns, kind table)',
]);

interface CatalogRead {
  readonly catalog: CatalogShape;
  readonly statements: number;
}

async function describeCatalog(
  runner: DatabricksRunner,
  request: CatalogRequest,
  budget: ProbeBudget,
  signal: AbortSignal | undefined,
): Promise<CatalogRead> {
  const catalog = databricksCatalogName(request);
  if (isHiveMetastore(catalog)) {
    const shape = await readHiveMetastore(runner, request, budget, signal);
    return { catalog: shape, statements: 0 };
  }

  const statement = buildUnityCatalogSql(request);
  try {
    const rows = await runner.run(statement.sql, statement.params, signal);
    return { catalog: shapeUnityCatalog(catalog, rows), statements: 1 };
  } catch (error) {
    const failure = classifyDatabricksError(error, catalog);
    if (failure instanceof WarehouseError) throw failure;
    if (failure.kind === 'no_information_schema') {
      // A catalog without information_schema is read like hive_metastore.
      const shape = await readHiveMetastore(runner, request, budget, signal);
      return { catalog: shape, statements: 1 };
    }
    const unknown: CatalogShape = {
      status: 'unknown',
      database: request.database.name,
      reason: failure.reason,
    };
    return { catalog: unknown, statements: 1 };
  }
}

// Session set-up: without warehouse.database, two-part table_refs live in
// the workspace's default catalog.
async function currentCatalog(runner: DatabricksRunner): Promise<string> {
  try {
    const rows = await runner.run('SELECT current_catalog() AS catalog', {});
    const row = rows[0] as { catalog?: unknown } | undefined;
    return typeof row?.catalog === 'string' ? row.catalog : 'hive_metastore';
  } catch (error) {
    await runner.close();
    const failure = classifyDatabricksError(error, null);
    if (failure instanceof WarehouseError) throw failure;
    throw new WarehouseError(
      {
        warehouse: 'databricks',
        database: null,
        failure: 'query',
        message: `${failure.reason} (set warehouse.database)`,
      },
      { cause: error },
    );
  }
}

async function countDuplicates(
  runner: DatabricksRunner,
  key: KeyColumn,
  signal: AbortSignal | undefined,
): Promise<number> {
  const q = (part: KeyColumn['table']) =>
    quoteDatabricksName(foldName(part, DATABRICKS_NAMING));
  const table = [key.database, key.schema, key.table].map(q).join('.');
  const column = q(key.column);
  const sql =
    `SELECT COUNT(*) AS duplicates FROM (SELECT ${column} FROM ${table}` +
    ` WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING COUNT(*) > 1)`;

  try {
    const rows = await runner.run(sql, {}, signal);
    const first = rows[0] as { duplicates?: unknown } | undefined;
    return Number(first?.duplicates ?? 0);
  } catch (error) {
    const failure = classifyDatabricksError(error, key.database.name);
    if (failure instanceof WarehouseError) throw failure;
    throw new WarehouseError(
      {
        warehouse: 'databricks',
        database: key.database.name,
        failure: 'query',
        message: failure.reason,
      },
      { cause: error },
    );
  }
}
