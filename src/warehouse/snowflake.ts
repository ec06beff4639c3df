/**
 * Snowflake adapter (snowflake-sdk, imported only when configured).
 *
 * Catalog views read, in one UNION ALL statement per database:
 * <DB>.INFORMATION_SCHEMA.SCHEMATA, .TABLES and .COLUMNS, filtered to the
 * used schemas (and, for columns, the used table names). INFORMATION_SCHEMA
 * was chosen over SHOW ... IN DATABASE: one filtered statement returns
 * schemas, kinds and typed columns, where SHOW needs three statements
 * (SCHEMAS, OBJECTS, COLUMNS) with no schema filter, caps each at 10,000
 * rows and returns types as JSON. The price is a running warehouse for a
 * second or two per sync (warehouse.snowflake.warehouse).
 *
 * Limitations:
 * - INFORMATION_SCHEMA shows only what the role holds a privilege on, so a
 *   revoked grant looks exactly like a drop and is reported as missing;
 *   access_denied is never reported. SHOW TABLES HISTORY could prove a drop
 *   only for tables the role still sees, so it adds nothing and is not run.
 * - A database the role may not use gives the same error as one that does
 *   not exist; it is reported unknown, never as empty.
 * - An unquoted database part must match its upper-case form.
 */
import { access } from 'node:fs/promises';
import type { ConnectionOptions } from 'snowflake-sdk';
import type { SnowflakeConfig, WarehouseConfig } from '../config/types.js';
import type { CatalogRequest, CatalogShape } from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import { foldName } from '../model/names.js';
import {
  SNOWFLAKE_NAMING,
  buildSnowflakeCatalogSql,
  quoteSnowflakeName,
  shapeSnowflakeCatalog,
  snowflakeDatabaseName,
} from './snowflake-catalog.js';
import { classifySnowflakeError } from './snowflake-errors.js';
import { deepFreeze } from './deep-freeze.js';
import { mapLimited } from './map-limited.js';
import { withDeadline } from './timeout.js';
import type { KeyColumn, Warehouse } from './warehouse.js';

/** The part of a snowflake-sdk Connection the adapter uses. */
export interface SnowflakeConnection {
  connectAsync(): Promise<unknown>;
  execute(options: {
    sqlText: string;
    binds?: string[];
    parameters?: Record<string, string>;
    complete: (err: unknown, stmt: unknown, rows?: unknown[]) => void;
  }): unknown;
  destroy(fn: (err: unknown) => void): void;
}

/** Replaces the SDK's connection factory (tests inject recorded answers). */
export type SnowflakeConnector = (
  options: ConnectionOptions,
) => SnowflakeConnection;

/** The tag every statement carries, visible in QUERY_HISTORY. */
export const SNOWFLAKE_QUERY_TAG = 'datagraph-monitor';

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
  const session = await openSession(
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
      const catalogs = await mapLimited(requests, CONCURRENCY, (request) =>
        describeOne(session, request, secrets, options.signal),
      );
      return deepFreeze({
        warehouse: 'snowflake',
        naming: SNOWFLAKE_NAMING,
        catalogs,
        // One statement per database, sent even when it then failed.
        metadataQueries: requests.length,
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
        throw toWholeError(error, secrets, key.database.name);
      }
    },
    close: () => session.close(),
  };
  return deepFreeze(warehouse);
}

/** The options handed to snowflake-sdk: one way to authenticate. */
export function connectionOptions(sf: SnowflakeConfig): ConnectionOptions {
  const base: ConnectionOptions = {
    account: sf.account,
    username: sf.username,
    ...(sf.role ? { role: sf.role } : {}),
    ...(sf.warehouse ? { warehouse: sf.warehouse } : {}),
    ...(sf.accessUrl ? { accessUrl: sf.accessUrl } : {}),
    application: 'datagraph-monitor',
  };
  if (sf.oauthToken) {
    return { ...base, authenticator: 'OAUTH', token: sf.oauthToken };
  }
  if (sf.privateKeyPath) {
    return {
      ...base,
      authenticator: 'SNOWFLAKE_JWT',
      privateKeyPath: sf.privateKeyPath,
      ...(sf.privateKeyPassphrase
        ? { privateKeyPass: sf.privateKeyPassphrase }
        : {}),
    };
  }
  return { ...base, password: sf.password ?? '' };
}

const LIMITATIONS: readonly string[] = deepFreeze([
  'a table whose grant was revoked looks dropped: snowflake shows a role ' +
    'only what it may use, so access_denied is not reported',
  'a database that does not exist and one the role may not use give the ' +
    'same error: both are reported unknown',
  'an unquoted database name must match its upper-case form',
]);

interface Session {
  run(
    sqlText: string,
    binds: readonly string[],
    signal?: AbortSignal,
  ): Promise<unknown[]>;
  close(): Promise<void>;
}

async function describeOne(
  session: Session,
  request: CatalogRequest,
  secrets: readonly string[],
  signal: AbortSignal | undefined,
): Promise<CatalogShape> {
  const database = snowflakeDatabaseName(request);
  const statement = buildSnowflakeCatalogSql(request);

  try {
    const rows = await session.run(statement.sqlText, statement.binds, signal);
    return shapeSnowflakeCatalog(database, rows);
  } catch (error) {
    const failure = classifySnowflakeError(error, database, secrets);
    if (failure instanceof WarehouseError) throw failure;
    return {
      status: 'unknown',
      database: request.database.name,
      reason: failure.reason,
    };
  }
}

async function openSession(
  connection: SnowflakeConnection,
  config: WarehouseConfig,
  secrets: readonly string[],
): Promise<Session> {
  const timeoutMs = config.queryTimeoutMs;
  const run = (
    sqlText: string,
    binds: readonly string[],
    signal?: AbortSignal,
  ) => {
    let statement: unknown = null;
    return withDeadline(
      () =>
        new Promise<unknown[]>((resolve, reject) => {
          statement = execute(connection, sqlText, binds, resolve, reject);
        }),
      { timeoutMs, signal, stop: () => cancel(statement) },
    );
  };

  try {
    await withDeadline(() => connection.connectAsync(), {
      timeoutMs,
      stop: () => undefined,
    });
    // Session set-up, not a catalog statement: the tag and a server-side
    // timeout so that a stopped client does not leave work running.
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    await run(
      `ALTER SESSION SET QUERY_TAG = '${SNOWFLAKE_QUERY_TAG}', ` +
        `STATEMENT_TIMEOUT_IN_SECONDS = ${seconds}`,
      [],
    );
  } catch (error) {
    await destroy(connection);
    throw toWholeError(error, secrets, null);
  }
  return { run, close: () => destroy(connection) };
}

// Session set-up: without warehouse.database, two-part table_refs live in
// the user's default database.
async function currentDatabase(
  session: Session,
  secrets: readonly string[],
): Promise<string> {
  try {
    const rows = await session.run(
      'SELECT CURRENT_DATABASE() AS DATABASE_NAME',
      [],
    );
    const row = rows[0] as { DATABASE_NAME?: unknown } | undefined;
    return typeof row?.DATABASE_NAME === 'string' ? row.DATABASE_NAME : '';
  } catch (error) {
    throw toWholeError(error, secrets, null);
  }
}

function execute(
  connection: SnowflakeConnection,
  sqlText: string,
  binds: readonly string[],
  resolve: (rows: unknown[]) => void,
  reject: (error: unknown) => void,
): unknown {
  return connection.execute({
    sqlText,
    binds: [...binds],
    parameters: { QUERY_TAG: SNOWFLAKE_QUERY_TAG },
    complete: (err, _stmt, rows) => {
      if (err) reject(err);
      else resolve(rows ?? []);
    },
  });
}

// RowStatement.cancel asks the server to stop the query.
function cancel(statement: unknown): void {
  const stmt = statement as { cancel?: (fn: () => void) => void } | null;
  if (typeof stmt?.cancel === 'function') stmt.cancel(() => undefined);
}

function destroy(connection: SnowflakeConnection): Promise<void> {
  return new Promise((resolve) => connection.destroy(() => resolve()));
}

function toWholeError(
  error: unknown,
  secrets: readonly string[],
  database: string | null,
): WarehouseError {
  const failure = classifySnowflakeError(error, database, secrets);
  if (failure instanceof WarehouseError) return failure;
  return new WarehouseError(
    {
      warehouse: 'snowflake',
      database,
      failure: database === null ? 'auth' : 'query',
      message: failure.reason,
    },
    { cause: error },
  );
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

async function loadSdkConnector(): Promise<SnowflakeConnector> {
  // The SDK bundles the AWS SDK, which prints a notice at import time.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const imported = await import('snowflake-sdk');
  const sdk = imported.default ?? imported;
  // Driver logs would reach stdout and could break --json output.
  sdk.configure({ logLevel: 'OFF', additionalLogToConsole: false });
  return (options) => sdk.createConnection(options);
}
