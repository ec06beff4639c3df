/**
 * Snowflake adapter (snowflake-sdk, imported only when configured).
 *
 * Catalog views read, in one UNION ALL statement per database:
 * <DB>.INFORMATION_SCHEMA.SCHEMATA, .TABLES and .COLUMNS, filtered to the
 * used schemas. INFORMATION_SCHEMA was chosen over SHOW ... IN DATABASE:
 * one filtered statement returns
 * schemas, kinds and typed columns, where SHOW needs three statements
 * (SCHEMAS, OBJECTS, COLUMNS) with no schema filter, caps each at 10,000
 * rows and returns types as JSON. The price is a running warehouse for a
 * second or two per sync (warehouse.snowflake.warehouse). Used tables the
 * read did not return are probed with SHOW TABLES HISTORY, one probe per
 * schema within checks.max_probes (snowflake-history.ts).
 *
 * Limitations:
 * - INFORMATION_SCHEMA shows only what the role holds a privilege on, so a
 *   revoked grant looks like a drop: both are reported missing, the
 *   message says so (canTellDenied false), and access_denied is never
 *   reported. Only a drop that SHOW TABLES HISTORY still lists (within
 *   Time Travel, of a table the role could read) is named a drop.
 * - Views and materialized views have no history: a missing one is never
 *   proved dropped.
 * - A table dropped, re-created and then hidden from the role reads as
 *   dropped at the old drop time.
 * - A database the role may not use gives the same error as one that does
 *   not exist; it is reported unknown, never as empty.
 * - An unquoted database part must match its upper-case form.
 */
import { access } from 'node:fs/promises';
import type { SnowflakeConfig, WarehouseConfig } from '../config/types.js';
import type {
  CatalogRequest,
  CatalogShape,
  ListedCatalog,
} from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import { foldName } from '../model/names.js';
import {
  SNOWFLAKE_NAMING,
  buildSnowflakeCatalogSql,
  quoteSnowflakeName,
  shapeSnowflakeCatalog,
  snowflakeDatabaseName,
} from './snowflake-catalog.js';
import {
  classifySnowflakeError,
  toSnowflakeError,
} from './snowflake-errors.js';
import {
  findUnlistedTables,
  probeDroppedTables,
  type ProbeBudget,
} from './snowflake-history.js';
import {
  connectionOptions,
  currentDatabase,
  loadSdkConnector,
  openSnowflakeSession,
  type SnowflakeConnector,
  type SnowflakeSession,
} from './snowflake-session.js';
import { deepFreeze } from './deep-freeze.js';
import { mapLimited } from './map-limited.js';
import type { KeyColumn, Warehouse } from './warehouse.js';

export {
  SNOWFLAKE_QUERY_TAG,
  connectionOptions,
  type SnowflakeConnection,
  type SnowflakeConnector,
} from './snowflake-session.js';

const CONCURRENCY = 4;

/** Connects to Snowflake and returns the adapter. */
export async function openSnowflakeWarehouse(
  config: WarehouseConfig,
  connector?: SnowflakeConnector,
): Promise<Warehouse> {
  const sf = requireSnowflake(config);
  await checkKeyFile(sf);
  const secrets = [sf.password, sf.privateKeyPassphrase, sf.oauthToken].filter(
    (s): s is string => s !== null,
  );
  const connect = connector ?? (await loadSdkConnector());
  const session = await openSnowflakeSession(
    connect(connectionOptions(sf)),
    config,
    secrets,
  );
  const defaultDatabase =
    config.database ?? (await currentDatabase(session, secrets));

  const warehouse: Warehouse = {
    type: 'snowflake',
    naming: SNOWFLAKE_NAMING,
    defaultDatabase,
    limitations: LIMITATIONS,
    describeCatalogs: async (requests, options) => {
      const budget: ProbeBudget = { left: options.maxProbes, sent: 0 };
      const catalogs = await mapLimited(requests, CONCURRENCY, (request) =>
        describeOne(session, request, secrets, budget, options.signal),
      );
      return deepFreeze({
        warehouse: 'snowflake',
        naming: SNOWFLAKE_NAMING,
        catalogs,
        // One statement per database and each probe, sent even when it
        // then failed.
        metadataQueries: requests.length + budget.sent,
        canTellDenied: false,
      });
    },
    countDuplicateKeys: async (key: KeyColumn, options) => {
      try {
        const rows = await session.run(
          duplicateKeySql(key),
          [],
          options.signal,
        );
        return Number(readCount(rows[0]));
      } catch (error) {
        throw toSnowflakeError(error, secrets, key.database.name);
      }
    },
    close: () => session.close(),
  };
  return deepFreeze(warehouse);
}

const LIMITATIONS: readonly string[] = deepFreeze([
  'a table whose grant was revoked looks dropped: snowflake shows a role ' +
    'only what it may use, so access_denied is not reported; a drop is ' +
    'named only where show tables history still lists it',
  'a missing view or materialized view is never proved dropped (no history)',
  'a database that does not exist and one the role may not use give the ' +
    'same error: both are reported unknown',
  'an unquoted database name must match its upper-case form',
]);

async function describeOne(
  session: SnowflakeSession,
  request: CatalogRequest,
  secrets: readonly string[],
  budget: ProbeBudget,
  signal: AbortSignal | undefined,
): Promise<CatalogShape> {
  const database = snowflakeDatabaseName(request);
  const statement = buildSnowflakeCatalogSql(request);
  let catalog: ListedCatalog;

  try {
    const rows = await session.run(statement.sqlText, statement.binds, signal);
    catalog = shapeSnowflakeCatalog(database, rows);
  } catch (error) {
    const failure = classifySnowflakeError(error, database, secrets);
    if (failure instanceof WarehouseError) throw failure;
    return {
      status: 'unknown',
      database: request.database.name,
      reason: failure.reason,
    };
  }

  try {
    const droppedTables = await probeDroppedTables(
      (sqlText) => session.run(sqlText, [], signal),
      database,
      findUnlistedTables(catalog, request),
      budget,
      signal,
    );
    return { ...catalog, droppedTables };
  } catch (error) {
    throw toSnowflakeError(error, secrets, database);
  }
}

function duplicateKeySql(key: KeyColumn): string {
  const q = (part: KeyColumn['table']) =>
    quoteSnowflakeName(foldName(part, SNOWFLAKE_NAMING));
  const table = [key.database, key.schema, key.table].map(q).join('.');
  const column = q(key.column);
  return (
    `SELECT COUNT(*) AS DUPLICATES FROM (SELECT ${column} FROM ${table}` +
    ` WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING COUNT(*) > 1)`
  );
}

function readCount(row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return 0;
  return (row as Record<string, unknown>)['DUPLICATES'] ?? 0;
}

function requireSnowflake(config: WarehouseConfig): SnowflakeConfig {
  if (config.snowflake) return config.snowflake;
  throw new WarehouseError({
    warehouse: 'snowflake',
    database: null,
    failure: 'config',
    message: 'warehouse.snowflake settings are missing',
  });
}

async function checkKeyFile(sf: SnowflakeConfig): Promise<void> {
  if (!sf.privateKeyPath) return;
  try {
    await access(sf.privateKeyPath);
  } catch (error) {
    throw new WarehouseError(
      {
        warehouse: 'snowflake',
        database: null,
        failure: 'config',
        message:
          `cannot read private key file ${sf.privateKeyPath} ` +
          '(check warehouse.snowflake.private_key_path)',
      },
      { cause: error },
    );
  }
}
