/**
 * One Databricks SQL session: connect with host, http_path and token, set
 * the session's STATEMENT_TIMEOUT, and run statements with named
 * parameters and the monitor's query tag, each under a client deadline
 * that cancels the operation.
 */
import type { DatabricksConfig, WarehouseConfig } from '../config/types.js';
import { WarehouseError } from '../model/errors.js';
import { classifyDatabricksError } from './databricks-errors.js';
import { withDeadline } from './timeout.js';

/** The part of an @databricks/sql operation the adapter uses. */
export interface DatabricksOperation {
  fetchAll(): Promise<object[]>;
  cancel(): Promise<unknown>;
  close(): Promise<unknown>;
}

/** The part of an @databricks/sql session the adapter uses. */
export interface DatabricksSession {
  executeStatement(
    sql: string,
    options: {
      namedParameters?: Record<string, string>;
      queryTags?: Record<string, string>;
      runAsync?: boolean;
    },
  ): Promise<DatabricksOperation>;
  close(): Promise<unknown>;
}

/** The part of a connected DBSQLClient the adapter uses. */
export interface DatabricksClient {
  openSession(request: {
    configuration?: Record<string, string>;
  }): Promise<DatabricksSession>;
  close(): Promise<unknown>;
}

/** What the driver's connect() receives. */
export interface DatabricksConnectOptions {
  readonly host: string;
  readonly port?: number;
  readonly path: string;
  readonly token: string;
  readonly socketTimeout: number;
  readonly retryMaxAttempts: number;
  readonly telemetryEnabled: false;
}

/** Replaces the driver's connect (tests answer from recorded rows). */
export type DatabricksConnector = (
  options: DatabricksConnectOptions,
) => Promise<DatabricksClient>;

/** Runs statements on the open session. */
export interface DatabricksRunner {
  run(
    sql: string,
    params: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ): Promise<unknown[]>;
  close(): Promise<void>;
}

/** The tag every statement carries, visible in the query history. */
export const DATABRICKS_QUERY_TAGS = Object.freeze({
  app: 'datagraph-monitor',
});

/** Connects and opens the session; throws WarehouseError on failure. */
export async function connectDatabricks(
  config: WarehouseConfig,
  connector?: DatabricksConnector,
): Promise<DatabricksRunner> {
  const dbx = requireDatabricks(config);
  const timeoutMs = config.queryTimeoutMs;
  const connect = connector ?? (await loadDriver());

  const opened: { client: DatabricksClient | null } = { client: null };
  try {
    const session = await withDeadline(
      async () => {
        const client = await connect(connectOptions(dbx, timeoutMs));
        opened.client = client;
        // Session set-up: a server-side bound for SQL warehouses, where
        // the per-statement queryTimeout is ignored.
        const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
        return client.openSession({
          configuration: { STATEMENT_TIMEOUT: seconds },
        });
      },
      { timeoutMs, stop: () => undefined },
    );
    if (opened.client === null) throw new Error('databricks: no client');
    return runnerFor(session, opened.client, timeoutMs);
  } catch (error) {
    await opened.client?.close().catch(() => undefined);
    throw toConnectError(error, dbx.token);
  }
}

function runnerFor(
  session: DatabricksSession,
  client: DatabricksClient,
  timeoutMs: number,
): DatabricksRunner {
  const run = (
    sql: string,
    params: Readonly<Record<string, string>>,
    signal?: AbortSignal,
  ) => {
    let operation: DatabricksOperation | null = null;
    return withDeadline(
      async () => {
        operation = await session.executeStatement(sql, {
          namedParameters: { ...params },
          queryTags: { ...DATABRICKS_QUERY_TAGS },
          runAsync: true,
        });
        try {
          return (await operation.fetchAll()) as unknown[];
        } finally {
          await operation.close().catch(() => undefined);
        }
      },
      {
        timeoutMs,
        signal,
        stop: () => void operation?.cancel().catch(() => undefined),
      },
    );
  };
  const close = async () => {
    await session.close().catch(() => undefined);
    await client.close().catch(() => undefined);
  };
  return { run, close };
}

function connectOptions(
  dbx: DatabricksConfig,
  timeoutMs: number,
): DatabricksConnectOptions {
  // `host:port` for a proxy in front of the workspace; 443 otherwise.
  const [, host, port] = /^(.*):(\d+)$/.exec(dbx.host) ?? [, dbx.host];
  return {
    host: host ?? dbx.host,
    ...(port ? { port: Number(port) } : {}),
    path: dbx.httpPath,
    token: dbx.token,
    socketTimeout: timeoutMs,
    // A sync runs again on schedule: fail within the timeout, not after
    // the driver's 15 minutes of retries.
    retryMaxAttempts: 2,
    telemetryEnabled: false,
  };
}

async function loadDriver(): Promise<DatabricksConnector> {
  const { DBSQLClient } = await import('@databricks/sql');
  return async (options) => {
    // The driver logs JSON lines to stdout unless given a logger; the
    // adapter reports through its return values and errors instead.
    const client = new DBSQLClient({ logger: { log: () => undefined } });
    await client.connect(options);
    return client;
  };
}

function toConnectError(error: unknown, token: string): WarehouseError {
  const failure = classifyDatabricksError(error, null, [token]);
  if (failure instanceof WarehouseError) return failure;
  return new WarehouseError(
    {
      warehouse: 'databricks',
      database: null,
      failure: 'network',
      message: `${failure.reason} (${HOST_HINT})`,
    },
    { cause: error },
  );
}

const HOST_HINT = 'check warehouse.databricks.host and http_path';

function requireDatabricks(config: WarehouseConfig): DatabricksConfig {
  if (config.databricks) return config.databricks;
  throw new WarehouseError({
    warehouse: 'databricks',
    database: null,
    failure: 'config',
    message: 'warehouse.databricks settings are missing',
  });
}
