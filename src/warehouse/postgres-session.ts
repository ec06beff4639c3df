/**
 * One short read-only session on one PostgreSQL database: connect with the
 * credentials of warehouse.url (its database swapped), name the monitor in
 * `application_name`, open a READ ONLY transaction and set its
 * `statement_timeout`. Nothing is pooled: a sync every few minutes does
 * not need warm connections, and nothing is left open between syncs.
 */
import pg from 'pg';
import { withDeadline } from './timeout.js';

/** How the monitor identifies itself to the server (pg_stat_activity). */
export const APPLICATION_NAME = 'datagraph-monitor';

/** The server, credentials and limits every session shares. */
export interface PostgresTarget {
  readonly url: URL;
  /** Only for redacting messages. */
  readonly password: string | null;
  readonly queryTimeoutMs: number;
}

/** An open read-only transaction on one database. */
export interface PostgresSession {
  /** Runs one statement with parameters; rows are driver objects. */
  query(sql: string, params: readonly unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

// The server's statement_timeout answers first; this client-side bound
// only catches a connection that has gone silent.
const CLIENT_GRACE_MS = 5_000;
// Independent of warehouse.query_timeout: a reachable server answers a
// connection in well under a second, even when its queries are slow.
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The URL of another database on the same server, or null when the name
 * cannot survive the driver's URL decoding (`?` and `#` cannot).
 */
export function databaseUrl(url: URL, database: string): string | null {
  const next = new URL(url.href);
  next.pathname = `/${database.replaceAll('%', '%25')}`;

  try {
    const decoded = decodeURI(new URL(next.href).pathname.slice(1));
    return decoded === database ? next.href : null;
  } catch {
    return null;
  }
}

/** Connects to one database and opens the monitor's read-only transaction. */
export async function openPostgresSession(
  target: PostgresTarget,
  connectionString: string,
  signal?: AbortSignal,
): Promise<PostgresSession> {
  const client = new pg.Client({
    connectionString,
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
  });
  // Errors on an idle client also reach the pending query; without a
  // listener they would crash the process.
  client.on('error', () => undefined);
  const stop = (): void => void client.end().catch(() => undefined);
  const timeoutMs = target.queryTimeoutMs + CLIENT_GRACE_MS;

  const query = async (sql: string, params: readonly unknown[]) => {
    const result = await withDeadline(() => client.query(sql, [...params]), {
      timeoutMs,
      signal,
      stop,
    });
    return result.rows as unknown[];
  };
  const close = async (): Promise<void> => {
    await client.end().catch(() => undefined);
  };

  try {
    await withDeadline(() => client.connect(), {
      timeoutMs: CONNECT_TIMEOUT_MS + CLIENT_GRACE_MS,
      signal,
      stop,
    });
    await query('BEGIN TRANSACTION READ ONLY', []);
    await query("SELECT set_config('statement_timeout', $1, true)", [
      String(target.queryTimeoutMs),
    ]);
  } catch (error) {
    await close();
    throw error;
  }
  return { query, close };
}
