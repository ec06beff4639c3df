/**
 * One short read-only session on one Redshift database (pg protocol):
 * connect with the credentials of warehouse.url, tag the session with
 * `query_group` (shown in STL_QUERY.label and SYS_QUERY_HISTORY), set
 * `statement_timeout`, then open a READ ONLY transaction.
 */
import pg from 'pg';
import { withDeadline } from './timeout.js';

/** The label every statement of the monitor carries. */
export const REDSHIFT_QUERY_GROUP = 'datagraph-monitor';

/** Creates the driver client (tests wrap it to record statements). */
export type RedshiftClientFactory = (config: pg.ClientConfig) => pg.Client;

/** An open read-only transaction on one database. */
export interface RedshiftSession {
  query(sql: string, params: readonly unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 10_000;
// The server's statement_timeout answers first; this bound only catches a
// connection that went silent.
const CLIENT_GRACE_MS = 5_000;
// A PostgreSQL-compatible server without query_group (used in tests).
const UNKNOWN_SETTING = '42704';

/** Connects, tags the session and opens the read-only transaction. */
export async function openRedshiftSession(
  connectionString: string,
  queryTimeoutMs: number,
  signal: AbortSignal | undefined,
  create: RedshiftClientFactory = (config) => new pg.Client(config),
): Promise<RedshiftSession> {
  const client = create({
    connectionString,
    application_name: REDSHIFT_QUERY_GROUP,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // Errors on an idle client also reach the pending query; without a
  // listener they would crash the process.
  client.on('error', () => undefined);
  const stop = (): void => void client.end().catch(() => undefined);

  const query = async (sql: string, params: readonly unknown[]) => {
    const result = await withDeadline(() => client.query(sql, [...params]), {
      timeoutMs: queryTimeoutMs + CLIENT_GRACE_MS,
      signal,
      stop,
    });
    return result.rows as unknown[];
  };
  const close = async () => {
    await client.end().catch(() => undefined);
  };

  try {
    await withDeadline(() => client.connect(), {
      timeoutMs: CONNECT_TIMEOUT_MS + CLIENT_GRACE_MS,
      signal,
      stop,
    });
    await setQueryGroup(query);
    await query(`SET statement_timeout TO ${Math.ceil(queryTimeoutMs)}`, []);
    await query('BEGIN READ ONLY', []);
  } catch (error) {
    await close();
    throw error;
  }
  return { query, close };
}

async function setQueryGroup(query: RedshiftSession['query']) {
  try {
    await query(`SET query_group TO '${REDSHIFT_QUERY_GROUP}'`, []);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== UNKNOWN_SETTING) throw error;
  }
}
