/**
 * One Snowflake session: connect through snowflake-sdk with one way to
 * authenticate, then set the session's QUERY_TAG and statement timeout.
 * Every statement also carries QUERY_TAG and runs under a client deadline
 * that cancels it.
 */
import type { ConnectionOptions } from 'snowflake-sdk';
import type { SnowflakeConfig, WarehouseConfig } from '../config/types.js';
import { toSnowflakeError } from './snowflake-errors.js';
import { withDeadline } from './timeout.js';

/** The part of a snowflake-sdk Connection the adapter uses. */
export interface SnowflakeConnection {
  connectAsync(
    callback?: (err: unknown, conn: unknown) => void,
  ): Promise<unknown>;
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

/** Runs statements on the open connection. */
export interface SnowflakeSession {
  run(
    sqlText: string,
    binds: readonly string[],
    signal?: AbortSignal,
  ): Promise<unknown[]>;
  close(): Promise<void>;
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
    // A sync runs again on schedule: fail within the timeout rather than
    // retrying a refused login for minutes.
    sfRetryMaxLoginRetries: 1,
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

/** Connects and runs the session set-up; throws WarehouseError. */
export async function openSnowflakeSession(
  connection: SnowflakeConnection,
  config: WarehouseConfig,
  secrets: readonly string[],
): Promise<SnowflakeSession> {
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
    await withDeadline(() => logIn(connection), {
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
    throw toSnowflakeError(error, secrets, null);
  }
  return { run, close: () => destroy(connection) };
}

/**
 * Session set-up: without warehouse.database, two-part table_refs live in
 * the user's default database.
 */
export async function currentDatabase(
  session: SnowflakeSession,
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
    await session.close();
    throw toSnowflakeError(error, secrets, null);
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

// connectAsync resolves even when the login fails: the error only reaches
// its callback.
function logIn(connection: SnowflakeConnection): Promise<void> {
  return new Promise((resolve, reject) => {
    connection
      .connectAsync((err) => (err ? reject(err) : resolve()))
      .catch(reject);
  });
}

// destroy() never calls back for a connection whose login did not finish,
// so closing waits a moment at most.
function destroy(connection: SnowflakeConnection): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DESTROY_WAIT_MS);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      connection.destroy(done);
    } catch {
      done();
    }
  });
}

const DESTROY_WAIT_MS = 2_000;

/** The SDK's connection factory, imported on first use. */
export async function loadSdkConnector(): Promise<SnowflakeConnector> {
  // The SDK bundles the AWS SDK, which prints a notice at import time.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const imported = await import('snowflake-sdk');
  const sdk = imported.default ?? imported;
  // Driver logs would reach stdout and could break --json output.
  sdk.configure({ logLevel: 'OFF', additionalLogToConsole: false });
  return (options) => sdk.createConnection(options);
}
