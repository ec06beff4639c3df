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
import type { CatalogShape, WarehouseSnapshot } from '../model/catalog.js';
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
  snowflakeTimeout,
} from './snowflake-errors.js';
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

  const warehouse: Warehouse = {
    type: 'snowflake',
    naming: SNOWFLAKE_NAMING,
    defaultDatabase: config.database ?? '',
    limitations: LIMITATIONS,
    describeCatalogs: async (requests, options) => {
      let statements = 0;
      const catalogs = await mapLimited(requests, async (request) => {
        throwIfAborted(options.signal);
        statements += 1;
        return describeOne(session, request, secrets);
      });
      const snapshot: WarehouseSnapshot = {
        warehouse: 'snowflake',
        naming: SNOWFLAKE_NAMING,
        catalogs: Object.freeze(catalogs),
        metadataQueries: statements,
      };
      return Object.freeze(snapshot);
    },
    countDuplicateKeys: async (key: KeyColumn) => {
      const rows = await session.run(duplicateKeySql(key), []);
      return Number(readCount(rows[0]));
    },
    close: () => session.close(),
  };
  return Object.freeze(warehouse);
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

const LIMITATIONS = Object.freeze([
  'a table whose grant was revoked looks dropped: snowflake shows a role ' +
    'only what it may use, so access_denied is not reported',
  'a database that does not exist and one the role may not use give the ' +
    'same error: both are reported unknown',
  'an unquoted database name must match its upper-case form',
]);

interface Session {
  run(sqlText: string, binds: readonly string[]): Promise<unknown[]>;
  close(): Promise<void>;
}

async function describeOne(
  session: Session,
  request: Parameters<typeof buildSnowflakeCatalogSql>[0],
  secrets: readonly string[],
): Promise<CatalogShape> {
  const database = snowflakeDatabaseName(request);
  const statement = buildSnowflakeCatalogSql(request);

  try {
    const rows = await session.run(statement.sqlText, statement.binds);
    return shapeSnowflakeCatalog(database, rows);
  } catch (error) {
    const failure = classifySnowflakeError(error, database, secrets);
    if (failure instanceof WarehouseError) throw failure;
    return Object.freeze({
      status: 'unknown',
      database: request.database.name,
      reason: failure.reason,
    });
  }
}

async function openSession(
  connection: SnowflakeConnection,
  config: WarehouseConfig,
  secrets: readonly string[],
): Promise<Session> {
  const timeoutMs = config.queryTimeoutMs;
  const run = (sqlText: string, binds: readonly string[]) =>
    withTimeout(execute(connection, sqlText, binds), timeoutMs);

  try {
    await withTimeout(connection.connectAsync(), timeoutMs);
    // Session set-up, not a catalog statement: the tag and a server-side
    // timeout so that a cancelled client does not leave work running.
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    await run(
      `ALTER SESSION SET QUERY_TAG = '${SNOWFLAKE_QUERY_TAG}', ` +
        `STATEMENT_TIMEOUT_IN_SECONDS = ${seconds}`,
      [],
    );
  } catch (error) {
    throw toWholeError(error, secrets);
  }
  return { run, close: () => destroy(connection) };
}

function execute(
  connection: SnowflakeConnection,
  sqlText: string,
  binds: readonly string[],
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    connection.execute({
      sqlText,
      binds: [...binds],
      parameters: { QUERY_TAG: SNOWFLAKE_QUERY_TAG },
      complete: (err, _stmt, rows) => {
        if (err) reject(err);
        else resolve(rows ?? []);
      },
    });
  });
}

function destroy(connection: SnowflakeConnection): Promise<void> {
  return new Promise((resolve) => connection.destroy(() => resolve()));
}

function toWholeError(error: unknown, secrets: readonly string[]) {
  const failure = classifySnowflakeError(error, null, secrets);
  if (failure instanceof WarehouseError) return failure;
  return new WarehouseError(
    {
      warehouse: 'snowflake',
      database: null,
      failure: 'auth',
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

async function mapLimited<T, R>(
  items: readonly T[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(snowflakeTimeout(ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  throw new WarehouseError({
    warehouse: 'snowflake',
    database: null,
    failure: 'cancelled',
    message: 'the sync was cancelled',
  });
}
