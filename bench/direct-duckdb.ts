/**
 * The DuckDB floor and the naive monitor: the adapter's own catalog
 * statements run directly on files attached once, and the per-table
 * information_schema query that many tools send instead.
 */
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import type { DuckDBValue } from '@duckdb/node-api';
import type { WarehouseConfig } from '../src/config/types.js';
import type { CatalogRequest } from '../src/model/catalog.js';
import type { NamePart } from '../src/model/names.js';
import type { UsedTable } from '../src/model/usage.js';
import {
  DUCKDB_RELATIONS_SQL,
  DUCKDB_SCHEMAS_SQL,
} from '../src/warehouse/duckdb-catalog.js';
import {
  attachSql,
  catalogFilesOf,
  type CatalogFile,
} from '../src/warehouse/duckdb-files.js';
import type { DirectSession } from './direct-session.js';

/** The statements a DuckDB sync counts as catalog statements. */
export const DUCKDB_CATALOG_SQL: ReadonlySet<string> = new Set([
  DUCKDB_SCHEMAS_SQL,
  DUCKDB_RELATIONS_SQL,
]);

const NAIVE_SQL =
  'SELECT column_name, data_type FROM information_schema.columns ' +
  'WHERE table_catalog = $1 AND table_schema = $2 AND table_name = $3 ' +
  'ORDER BY ordinal_position';

/** Attaches every configured file once; nothing here is timed. */
export async function openDuckDbDirect(
  config: WarehouseConfig,
  requests: readonly CatalogRequest[],
): Promise<DirectSession> {
  const files = catalogFilesOf(config);
  const instance = await DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
  });
  const connection = await instance.connect();
  for (const file of files) await connection.run(attachSql(file));

  const fileOf = (part: NamePart): CatalogFile => {
    const name = part.name.toLowerCase();
    const file = files.find((f) => f.alias.toLowerCase() === name);
    if (!file) throw new Error(`no DuckDB file attached as ${part.name}`);
    return file;
  };
  // Rows stay in DuckDB's result chunks, as the driver delivers them: the
  // adapter's conversion to JS objects is its own work, not the floor's.
  const read = async (sql: string, params: DuckDBValue[]) => {
    await connection.runAndReadAll(sql, params);
  };

  return {
    // One catalog after another, as the adapter reads them.
    readCatalogs: async () => {
      for (const request of requests) {
        const names = request.schemas.map((s) => s.name.toLowerCase());
        const params = [
          fileOf(request.database).attachedAs,
          listValue([...new Set(names)]),
        ];
        await read(DUCKDB_SCHEMAS_SQL, params);
        await read(DUCKDB_RELATIONS_SQL, params);
      }
    },
    describeTable: async (table: UsedTable) => {
      await read(NAIVE_SQL, [
        fileOf(table.database).attachedAs,
        table.schema.name.toLowerCase(),
        table.table.name.toLowerCase(),
      ]);
    },
    close: async () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
