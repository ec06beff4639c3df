/**
 * The PostgreSQL floor and the naive monitor: the adapter's own catalog
 * statements run directly on open connections, and the per-table
 * information_schema query that many tools send instead.
 */
import pg from 'pg';
import type { WarehouseConfig } from '../src/config/types.js';
import type { CatalogRequest } from '../src/model/catalog.js';
import { foldName } from '../src/model/names.js';
import type { UsedTable } from '../src/model/usage.js';
import { POSTGRES_NAMING } from '../src/warehouse/postgres.js';
import {
  POSTGRES_RELATIONS_SQL,
  POSTGRES_SCHEMAS_SQL,
  postgresSchemaKeys,
} from '../src/warehouse/postgres-catalog.js';
import { databaseUrl } from '../src/warehouse/postgres-session.js';
import type { DirectSession } from './direct-session.js';

/** The statements a PostgreSQL sync counts as catalog statements. */
export const POSTGRES_CATALOG_SQL: ReadonlySet<string> = new Set([
  POSTGRES_SCHEMAS_SQL,
  POSTGRES_RELATIONS_SQL,
]);

const NAIVE_SQL =
  'SELECT column_name, data_type FROM information_schema.columns ' +
  'WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position';

/** Connects once to every requested database; nothing here is timed. */
export async function openPostgresDirect(
  config: WarehouseConfig,
  requests: readonly CatalogRequest[],
): Promise<DirectSession> {
  const base = new URL(config.url ?? '');
  const clients = new Map<string, pg.Client>();

  for (const request of requests) {
    const database = foldName(request.database, POSTGRES_NAMING);
    const client = new pg.Client({
      connectionString: databaseUrl(base, database) ?? '',
    });
    await client.connect();
    // The adapter reads inside a read-only transaction; so does the floor.
    await client.query('BEGIN TRANSACTION READ ONLY');
    clients.set(database, client);
  }
  const clientOf = (database: string): pg.Client => {
    const client = clients.get(database);
    if (!client) throw new Error(`no connection to database ${database}`);
    return client;
  };

  return {
    // Databases in parallel, as the adapter reads them.
    readCatalogs: async () => {
      await Promise.all(
        requests.map(async (request) => {
          const client = clientOf(foldName(request.database, POSTGRES_NAMING));
          const keys = postgresSchemaKeys(request.schemas.map((s) => s.name));
          await client.query(POSTGRES_SCHEMAS_SQL, [keys]);
          await client.query(POSTGRES_RELATIONS_SQL, [keys]);
        }),
      );
    },
    describeTable: async (table: UsedTable) => {
      const fold = (part: UsedTable['table']) =>
        foldName(part, POSTGRES_NAMING);
      const client = clientOf(fold(table.database));
      await client.query(NAIVE_SQL, [fold(table.schema), fold(table.table)]);
    },
    close: async () => {
      for (const client of clients.values()) await client.end();
    },
  };
}
