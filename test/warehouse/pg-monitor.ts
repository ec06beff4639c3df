// Test databases that the adapter reads as an unprivileged LOGIN role,
// like the monitor's in production (see /work/shared/cases/warehouse.sql).
import { randomUUID } from 'node:crypto';
import type { WarehouseConfig } from '../../src/config/types.js';
import type { CatalogRequest } from '../../src/model/catalog.js';
import type { NamePart } from '../../src/model/names.js';
import { createTestDatabase, runSql, urlAs } from '../support/postgres.js';

/** A fresh database, a role to read it as, and URLs for both. */
export interface MonitorDatabase {
  readonly adminUrl: string;
  readonly monitorUrl: string;
  readonly database: string;
  readonly role: string;
  readonly password: string;
}

/** Creates a database and a LOGIN role (unique per file: roles are global). */
export async function createMonitorDatabase(
  prefix: string,
): Promise<MonitorDatabase> {
  const adminUrl = await createTestDatabase(prefix);
  const database = new URL(adminUrl).pathname.slice(1);
  const role = `monitor_${database}`;
  const password = `pw-${randomUUID()}`;

  await runSql(adminUrl, `CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
  return {
    adminUrl,
    monitorUrl: urlAs(adminUrl, role, password),
    database,
    role,
    password,
  };
}

/** Another database on the same server, created by the superuser. */
export async function createSiblingDatabase(
  adminUrl: string,
  name: string,
): Promise<string> {
  await runSql(adminUrl, `CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name.replaceAll('%', '%25')}`;
  return url.href;
}

/** A warehouse config for the postgres adapter. */
export function postgresConfig(
  url: string,
  overrides: Partial<WarehouseConfig> = {},
): WarehouseConfig {
  return {
    type: 'postgres',
    database: null,
    queryTimeoutMs: 10_000,
    path: null,
    attach: [],
    url,
    snowflake: null,
    bigquery: null,
    databricks: null,
    ...overrides,
  };
}

/** An unquoted name part, as most graphs write names. */
export function bare(name: string): NamePart {
  return { name, quoted: false };
}

/** A name part in double quotes: matched exactly. */
export function quoted(name: string): NamePart {
  return { name, quoted: true };
}

/** A catalog request for some schemas of one database. */
export function catalogRequest(
  database: NamePart,
  schemas: readonly NamePart[],
): CatalogRequest {
  return { database, schemas, tables: [] };
}
