/**
 * Creates the synthetic warehouse in a PostgreSQL server (two databases)
 * and in two DuckDB files. Statements go in batches of a few hundred in
 * one transaction per database: 12,000 tables take seconds this way,
 * where one round trip per table would take minutes.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import type { SyntheticNames } from './synthetic-graph.js';
import type { SyntheticTable } from './synthetic-warehouse.js';

/** Where the DuckDB half of one synthetic warehouse lives. */
export interface DuckDbFiles {
  readonly path: string;
  readonly attach: string;
}

const BATCH = 500;

/** The PostgreSQL database name of a graph database name (folded). */
export function postgresDatabaseName(name: string): string {
  return name.toLowerCase();
}

/** Creates both databases afresh on the server at `adminUrl`. */
export async function createPostgresWarehouse(
  adminUrl: string,
  names: SyntheticNames,
  tables: readonly SyntheticTable[],
): Promise<void> {
  for (const [role, name] of databasesOf(names)) {
    const database = postgresDatabaseName(name);
    await withPostgres(adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${quote(database)}`);
      await client.query(`CREATE DATABASE ${quote(database)}`);
    });

    const url = new URL(adminUrl);
    url.pathname = `/${database}`;
    const ddl = warehouseDdl(tables.filter((t) => t.database === role));
    await withPostgres(url.href, async (client) => {
      for (const batch of ddl) await client.query(batch);
    });
  }
}

/** Creates both DuckDB files in `dir`, named after the databases. */
export async function createDuckDbWarehouse(
  dir: string,
  names: SyntheticNames,
  tables: readonly SyntheticTable[],
): Promise<DuckDbFiles> {
  const paths = { main: '', links: '' };

  for (const [role, name] of databasesOf(names)) {
    const path = join(dir, `${name.toLowerCase()}.duckdb`);
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    try {
      const ddl = warehouseDdl(tables.filter((t) => t.database === role));
      for (const batch of ddl) await connection.run(batch);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    paths[role] = path;
  }
  return { path: paths.main, attach: paths.links };
}

/** The DDL for `tables` in batches, each one transaction. */
export function warehouseDdl(tables: readonly SyntheticTable[]): string[] {
  const schemas = [...new Set(tables.map((t) => t.schema))];
  const statements = [
    ...schemas.map((s) => `CREATE SCHEMA ${quote(s)};`),
    ...tables.map(createTableSql),
  ];
  const batches: string[] = [];

  for (let start = 0; start < statements.length; start += BATCH) {
    const body = statements.slice(start, start + BATCH).join('\n');
    batches.push(`BEGIN;\n${body}\nCOMMIT;`);
  }
  return batches;
}

function createTableSql(table: SyntheticTable): string {
  const columns = table.columns.map((c) => `${quote(c.name)} ${c.type}`);
  return (
    `CREATE TABLE ${quote(table.schema)}.${quote(table.name)} ` +
    `(${columns.join(', ')});`
  );
}

function databasesOf(
  names: SyntheticNames,
): [SyntheticTable['database'], string][] {
  return [
    ['main', names.main],
    ['links', names.links],
  ];
}

async function withPostgres(
  url: string,
  work: (client: pg.Client) => Promise<void>,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
