// Per-test-file databases on the shared server started by global-setup.
import pg from 'pg';
import { inject } from 'vitest';

/** Creates a fresh database and returns a superuser URL for it. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${prefix}_${process.pid}_${Date.now() % 1e6}_${Math.floor(Math.random() * 1e4)}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs SQL (several statements allowed) as the superuser. */
export async function runSql(url: string, sql: string): Promise<void> {
  await withClient(url, (c) => c.query(sql));
}

/** The same URL, connecting as another role with a password. */
export function urlAs(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

export async function withClient<T>(
  url: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
