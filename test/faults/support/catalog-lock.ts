// Holds the warehouse still: an ACCESS EXCLUSIVE lock on pg_type, which
// every session's first statement after the login reads, so a sync gets
// in and then waits inside its read-only transaction until released.
import pg from 'pg';
import { waitUntil } from '../../e2e/support/daemon.js';
import { databaseUrl, type FaultWorld } from './fault-world.js';

/** A lock held by a superuser session of its own. */
export interface CatalogLock {
  /** Resolves once a monitor session waits on the lock. */
  waitForMonitor(): Promise<void>;
  /** Ends the session, and with it the lock (harmless when gone). */
  release(): Promise<void>;
}

/** Takes the lock in the world's `production` database. */
export async function lockCatalog(world: FaultWorld): Promise<CatalogLock> {
  const client = new pg.Client({
    connectionString: databaseUrl(world.server, 'production'),
  });
  // A stopped server ends this session too; that may be the point.
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE pg_catalog.pg_type IN ACCESS EXCLUSIVE MODE');

  return {
    waitForMonitor: async () => {
      await waitUntil('the monitor to wait on the catalog lock', async () => {
        const { rows } = await client.query(
          'SELECT 1 FROM pg_locks AS l JOIN pg_stat_activity AS a ' +
            'ON a.pid = l.pid WHERE NOT l.granted ' +
            "AND a.application_name = 'datagraph-monitor'",
        );
        return rows.length > 0 ? true : null;
      });
    },
    release: () => client.end().catch(() => undefined),
  };
}
