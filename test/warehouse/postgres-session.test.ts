import { beforeAll, describe, expect, it } from 'vitest';
import {
  databaseUrl,
  openPostgresSession,
  type PostgresTarget,
} from '../../src/warehouse/postgres-session.js';
import { createMonitorDatabase, type MonitorDatabase } from './pg-monitor.js';

let db: MonitorDatabase;
let target: PostgresTarget;

beforeAll(async () => {
  db = await createMonitorDatabase('postgres_session');
  target = {
    url: new URL(db.monitorUrl),
    password: db.password,
    queryTimeoutMs: 4_321,
  };
});

describe('openPostgresSession', () => {
  it('opens a read-only transaction that refuses writes', async () => {
    const session = await openPostgresSession(target, db.monitorUrl);
    try {
      await expect(
        session.query('CREATE TABLE public.x (id int)', []),
      ).rejects.toThrow(/read-only transaction/);
    } finally {
      await session.close();
    }
  });

  it('sets the statement timeout and names the monitor', async () => {
    const session = await openPostgresSession(target, db.monitorUrl);
    try {
      const rows = await session.query(
        `SELECT current_setting('statement_timeout') AS timeout,
                current_setting('application_name') AS name`,
        [],
      );
      expect(rows).toEqual([{ timeout: '4321ms', name: 'datagraph-monitor' }]);
    } finally {
      await session.close();
    }
  });
});

describe('databaseUrl', () => {
  const base = new URL(
    'postgres://monitor:s3cret@db.example:5433/first?sslmode=require',
  );

  it('swaps the database and keeps credentials, host and options', () => {
    expect(databaseUrl(base, 'second')).toBe(
      'postgres://monitor:s3cret@db.example:5433/second?sslmode=require',
    );
  });

  it('encodes names with spaces, quotes, semicolons and percent signs', () => {
    const url = databaseUrl(base, 'a "b"; 50%') ?? '';
    const path = new URL(url).pathname.slice(1);

    expect(decodeURI(path)).toBe('a "b"; 50%');
  });

  it('refuses names the driver could not decode back', () => {
    expect(databaseUrl(base, 'what?')).toBeNull();
    expect(databaseUrl(base, 'hash#tag')).toBeNull();
  });
});
