import { createServer } from 'node:net';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { WarehouseError } from '../../src/model/errors.js';
import { openPostgresWarehouse } from '../../src/warehouse/postgres.js';
import type { KeyColumn } from '../../src/warehouse/warehouse.js';
import { runSql, urlAs, withClient } from '../support/postgres.js';
import {
  bare,
  catalogRequest,
  createMonitorDatabase,
  postgresConfig,
  type MonitorDatabase,
} from './pg-monitor.js';

let db: MonitorDatabase;
let key: KeyColumn;

beforeAll(async () => {
  db = await createMonitorDatabase('postgres_failures');
  // Enough columns that no catalog statement finishes within 1 ms.
  await runSql(
    db.adminUrl,
    `CREATE SCHEMA wide; GRANT USAGE ON SCHEMA wide TO "${db.role}";
     DO $$ BEGIN FOR i IN 1..150 LOOP
       EXECUTE format('CREATE TABLE wide.t%s (%s)', i, (SELECT
         string_agg('c' || j || ' int', ', ') FROM generate_series(1, 20) j));
     END LOOP; END $$;
     CREATE TABLE wide.keys (id int); INSERT INTO wide.keys VALUES (1), (1);
     CREATE TABLE wide.denied (id int);
     GRANT SELECT ON wide.keys TO "${db.role}";`,
  );
  key = {
    database: bare(db.database),
    schema: bare('wide'),
    table: bare('keys'),
    column: bare('id'),
  };
});

async function rejection(promise: Promise<unknown>): Promise<WarehouseError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (e: unknown) => e,
  );
  if (!(error instanceof WarehouseError)) throw error;
  return error;
}

function describeMain(url: string, timeoutMs = 10_000) {
  return openPostgresWarehouse(
    postgresConfig(url, { queryTimeoutMs: timeoutMs }),
  ).then((w) =>
    w.describeCatalogs([catalogRequest(bare(db.database), [bare('wide')])], {
      maxProbes: 50,
    }),
  );
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('postgres adapter: losing the warehouse', () => {
  it('throws an auth WarehouseError for a wrong password, without the password', async () => {
    const wrong = 'Wr0ng-Secret-Value';
    const url = urlAs(db.adminUrl, db.role, wrong);
    const error = await rejection(describeMain(url));

    expect(error.failure).toBe('auth');
    expect(error.message).toBe(
      `warehouse postgres: catalog ${db.database.toUpperCase()}: ` +
        `password authentication failed for user "${db.role}" ` +
        '(check the user and password in warehouse.url)',
    );
    expect(error.message).not.toContain(wrong);
    expect(error.exitCode).toBe(1);
  });

  it('throws an auth WarehouseError for a role that may not log in', async () => {
    const role = `${db.role}_nologin`;
    await runSql(
      db.adminUrl,
      `CREATE ROLE "${role}" NOLOGIN PASSWORD 'x-secret-x'`,
    );
    const error = await rejection(
      describeMain(urlAs(db.adminUrl, role, 'x-secret-x')),
    );

    expect(error.failure).toBe('auth');
    expect(error.message).toMatch(/is not permitted to log in/);
    expect(error.message).not.toContain('x-secret-x');
  });

  it('throws a network WarehouseError naming the database for an unreachable port', async () => {
    const url = new URL(db.monitorUrl);
    url.port = String(await closedPort());
    const error = await rejection(describeMain(url.href));

    expect(error.failure).toBe('network');
    expect(error.database).toBe(db.database.toUpperCase());
    expect(error.message).toMatch(/ECONNREFUSED.*\(check warehouse\.url\)$/);
    expect(error.message).not.toContain(db.password);
  });

  it('refuses a missing or malformed url as a config error', async () => {
    const missing = await rejection(openPostgresWarehouse(postgresConfig('')));
    const wrongScheme = await rejection(
      openPostgresWarehouse(postgresConfig('mysql://u:secretpw@h/db')),
    );

    expect(missing.message).toBe(
      'warehouse postgres: warehouse.url is required for postgres',
    );
    expect(missing.exitCode).toBe(2);
    expect(wrongScheme.message).not.toContain('secretpw');
  });
});

describe('postgres adapter: timeouts and cancellation', () => {
  it('reports a catalog read that exceeds the query timeout as unknown', async () => {
    const snapshot = await describeMain(db.monitorUrl, 1);

    expect(snapshot.catalogs[0]).toEqual({
      status: 'unknown',
      database: db.database,
      reason: 'timed out after 1ms (raise warehouse.query_timeout)',
    });
  });

  it('names itself and stops a blocked duplicate key check at the timeout', async () => {
    const warehouse = await openPostgresWarehouse(
      postgresConfig(db.monitorUrl, { queryTimeoutMs: 700 }),
    );
    const blocker = new pg.Client({ connectionString: db.adminUrl });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE wide.keys IN ACCESS EXCLUSIVE MODE');

    try {
      const pending = rejection(warehouse.countDuplicateKeys(key, {}));
      const seen = await waitForMonitorQuery();
      const error = await pending;

      expect(seen).toMatch(/GROUP BY "id"/);
      expect(error.failure).toBe('timeout');
      expect(error.message).toMatch(/timed out after 700ms/);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });

  it('stops a running statement when the sync is cancelled', async () => {
    const warehouse = await openPostgresWarehouse(
      postgresConfig(db.monitorUrl),
    );
    const blocker = new pg.Client({ connectionString: db.adminUrl });
    await blocker.connect();
    await blocker.query('BEGIN; LOCK TABLE wide.keys IN ACCESS EXCLUSIVE MODE');
    const controller = new AbortController();

    try {
      const pending = rejection(
        warehouse.countDuplicateKeys(key, { signal: controller.signal }),
      );
      await waitForMonitorQuery();
      controller.abort();

      expect((await pending).failure).toBe('cancelled');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
  });

  it('ends a catalog read as cancelled when the sync is cancelled', async () => {
    const warehouse = await openPostgresWarehouse(
      postgresConfig(db.monitorUrl),
    );
    const outcome = warehouse.describeCatalogs(
      [catalogRequest(bare(db.database), [bare('wide')])],
      { maxProbes: 50, signal: AbortSignal.abort() },
    );

    await expect(outcome).rejects.toMatchObject({ failure: 'cancelled' });
  });

  it('throws a permission WarehouseError for a key table it may not read', async () => {
    const warehouse = await openPostgresWarehouse(
      postgresConfig(db.monitorUrl),
    );
    const error = await rejection(
      warehouse.countDuplicateKeys({ ...key, table: bare('denied') }, {}),
    );

    expect(error.failure).toBe('permission');
    expect(error.message).toMatch(/permission denied for table denied/);
  });

  it('counts duplicated key values with one data query', async () => {
    const warehouse = await openPostgresWarehouse(
      postgresConfig(db.monitorUrl),
    );

    expect(await warehouse.countDuplicateKeys(key, {})).toBe(1);
  });
});

/**
 * Waits until the monitor's statement shows in pg_stat_activity, read from
 * a session of its own: inside a transaction the view is a snapshot.
 */
async function waitForMonitorQuery(): Promise<string> {
  return withClient(db.adminUrl, async (admin) => {
    for (let i = 0; i < 250; i += 1) {
      const rows = await admin.query<{ query: string }>(
        `SELECT query FROM pg_stat_activity
         WHERE application_name = 'datagraph-monitor' AND datname = $1
           AND wait_event_type = 'Lock'`,
        [db.database],
      );
      const query = rows.rows[0]?.query;
      if (query) return query;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the monitor query never reached the server');
  });
}
