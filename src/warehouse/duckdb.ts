/**
 * DuckDB adapter (`@duckdb/node-api`), embedded.
 *
 * Reads, per catalog, two statements: duckdb_schemas(), then
 * duckdb_tables() and duckdb_views() joined with duckdb_columns() (see
 * duckdb-catalog.ts). Each sync opens an in-memory instance, attaches the
 * configured files READ_ONLY, reads them and closes everything, so the
 * monitor never holds a file between syncs and a writer can take it.
 *
 * Limitations:
 * - a file another process holds open for writing cannot be read: that
 *   catalog is unknown until the writer closes it;
 * - a missing file is unknown, not absent: a file being replaced or a
 *   wrong path is likelier than a dropped database;
 * - DuckDB has no privileges: every object reads as readable;
 * - DuckDB has no materialized views;
 * - a view keeps the columns it was created with: a view whose base table
 *   was dropped or changed still lists them.
 */
import { DuckDBInstance, listValue } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { WarehouseConfig } from '../config/types.js';
import type {
  CatalogRequest,
  CatalogShape,
  ListedCatalog,
  WarehouseSnapshot,
} from '../model/catalog.js';
import { WarehouseError, type WarehouseFailure } from '../model/errors.js';
import { formatNamePart, matchName, type NamingRules } from '../model/names.js';
import type { NamePart } from '../model/names.js';
import type { DescribeOptions, KeyColumn, Warehouse } from './warehouse.js';
import { deepFreeze } from './deep-freeze.js';
import {
  DUCKDB_RELATIONS_SQL,
  DUCKDB_SCHEMAS_SQL,
  quoteDuckDbIdent,
  shapeDuckDbCatalog,
} from './duckdb-catalog.js';
import {
  attachFailureReason,
  attachSql,
  catalogFilesOf,
  isLockError,
  notAttachedReason,
  type CatalogFile,
} from './duckdb-files.js';
import { StatementStopped, withDeadline } from './timeout.js';

/** DuckDB matches every name case-insensitively, quoted or not. */
export const DUCKDB_NAMING: NamingRules = deepFreeze({
  fold: 'lower',
  isCaseInsensitive: true,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: false,
});

/** What this adapter cannot see, shown by validate and the README. */
export const DUCKDB_LIMITATIONS: readonly string[] = deepFreeze([
  'a file held open for writing by another process cannot be read',
  'a missing file is reported unknown, not absent',
  'DuckDB has no privileges or materialized views',
  'a view lists the columns it was created with, even after its base ' +
    'table changed',
]);

/** Opens the adapter; files are attached per sync, not here. */
export async function openDuckDbWarehouse(
  config: WarehouseConfig,
): Promise<Warehouse> {
  return new DuckDbWarehouse(catalogFilesOf(config), config.queryTimeoutMs);
}

class DuckDbWarehouse implements Warehouse {
  readonly type = 'duckdb' as const;
  readonly naming = DUCKDB_NAMING;
  readonly limitations = DUCKDB_LIMITATIONS;
  readonly defaultDatabase: string;

  constructor(
    private readonly files: readonly CatalogFile[],
    private readonly queryTimeoutMs: number,
  ) {
    this.defaultDatabase = files[0]?.alias ?? '';
  }

  async describeCatalogs(
    requests: readonly CatalogRequest[],
    options: DescribeOptions,
  ): Promise<WarehouseSnapshot> {
    const catalogs: CatalogShape[] = [];
    let metadataQueries = 0;

    await this.withConnection(options.signal, async (run) => {
      for (const request of requests) {
        const read = await this.readCatalog(run, request);
        catalogs.push(read.catalog);
        metadataQueries += read.queries;
      }
    });

    return deepFreeze({
      warehouse: 'duckdb',
      naming: DUCKDB_NAMING,
      catalogs,
      metadataQueries,
    });
  }

  async countDuplicateKeys(
    key: KeyColumn,
    options: { readonly signal?: AbortSignal },
  ): Promise<number> {
    const file = this.fileOf(key.database);
    if (file === null) {
      throw duckDbError(key.database, 'query', notAttachedReason(key.database));
    }
    const [schema, table, column] = [key.schema, key.table, key.column].map(
      (part) => quoteDuckDbIdent(part.name),
    );
    const sql =
      `SELECT count(*)::BIGINT AS n FROM (SELECT 1 FROM ` +
      `${quoteDuckDbIdent(file.attachedAs)}.${schema}.${table} ` +
      `WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING count(*) > 1)`;

    return this.withConnection(options.signal, async (run) => {
      try {
        await run(attachSql(file));
      } catch (error) {
        const failure = isLockError(String(error)) ? 'locked' : 'query';
        const reason = attachFailureReason(file, error);
        throw duckDbError(key.database, failure, reason, error);
      }

      try {
        const rows = await run(sql);
        return Number((rows[0] as { n?: unknown } | undefined)?.n ?? 0);
      } catch (error) {
        const failure = error instanceof StatementStopped ? 'timeout' : 'query';
        const message = `duplicate key check ${describeError(error)}`;
        throw duckDbError(key.database, failure, message, error);
      }
    });
  }

  async close(): Promise<void> {
    // Instances live for one call; nothing stays open.
  }

  /** Attaches, reads and detaches one catalog; failures make it unknown. */
  private async readCatalog(run: Run, request: CatalogRequest): Promise<Read> {
    const file = this.fileOf(request.database);
    const unknown = (reason: string, queries: number): Read => ({
      catalog: { status: 'unknown', database: request.database.name, reason },
      queries,
    });
    if (file === null) return unknown(notAttachedReason(request.database), 0);

    try {
      await run(attachSql(file));
    } catch (error) {
      rethrowCancel(error);
      return unknown(attachFailureReason(file, error), 0);
    }

    const counter = { queries: 0 };
    try {
      const catalog = await listCatalog(run, file, request, counter);
      return { catalog, queries: counter.queries };
    } catch (error) {
      rethrowCancel(error);
      return unknown(`catalog read ${describeError(error)}`, counter.queries);
    } finally {
      const detach = `DETACH ${quoteDuckDbIdent(file.attachedAs)}`;
      await run(detach).catch(() => undefined);
    }
  }

  private fileOf(part: NamePart): CatalogFile | null {
    const aliases = this.files.map((f) => f.alias);
    const match = matchName(part, aliases, 'database', DUCKDB_NAMING);
    if (!match.found) return null;
    return this.files.find((f) => f.alias === match.name) ?? null;
  }

  /** One in-memory instance for one call; closed after, whatever happens. */
  private async withConnection<T>(
    signal: AbortSignal | undefined,
    work: (run: Run) => Promise<T>,
  ): Promise<T> {
    // No extension is ever downloaded: the ones DuckDB needs to read its
    // own files are linked into the binding.
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
    });
    const connection = await instance.connect();
    const run: Run = (sql, params = []) =>
      runStatement(connection, sql, params, this.queryTimeoutMs, signal);

    try {
      return await work(run);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
}

type Run = (sql: string, params?: DuckDBValue[]) => Promise<unknown[]>;

interface Read {
  readonly catalog: CatalogShape;
  readonly queries: number;
}

/** The two catalog statements for one attached file, counted as sent. */
async function listCatalog(
  run: Run,
  file: CatalogFile,
  request: CatalogRequest,
  counter: { queries: number },
): Promise<ListedCatalog> {
  const names = new Set(request.schemas.map((s) => s.name.toLowerCase()));
  const params = [file.attachedAs, listValue([...names])];

  counter.queries += 1;
  const schemaRows = await run(DUCKDB_SCHEMAS_SQL, params);
  if (schemaRows.length === 0) return shapeDuckDbCatalog(file.alias, [], []);

  counter.queries += 1;
  const relationRows = await run(DUCKDB_RELATIONS_SQL, params);
  return shapeDuckDbCatalog(file.alias, schemaRows, relationRows);
}

function duckDbError(
  database: NamePart,
  failure: WarehouseFailure,
  message: string,
  cause?: unknown,
): WarehouseError {
  const isCancel =
    cause instanceof StatementStopped && cause.reason === 'cancelled';
  return new WarehouseError(
    {
      warehouse: 'duckdb',
      database: formatNamePart(database),
      failure: isCancel ? 'cancelled' : failure,
      message: isCancel ? 'the sync was cancelled' : message,
    },
    { cause },
  );
}

async function runStatement(
  connection: DuckDBConnection,
  sql: string,
  params: DuckDBValue[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<unknown[]> {
  const reader = await withDeadline(
    () => connection.runAndReadAll(sql, params),
    { timeoutMs, signal, stop: () => connection.interrupt() },
  );
  return reader.getRowObjectsJS();
}

/** A cancelled sync loses the whole warehouse read, not one catalog. */
function rethrowCancel(error: unknown): void {
  if (error instanceof StatementStopped && error.reason === 'cancelled') {
    throw new WarehouseError(
      {
        warehouse: 'duckdb',
        database: null,
        failure: 'cancelled',
        message: 'the sync was cancelled',
      },
      { cause: error },
    );
  }
}

function describeError(error: unknown): string {
  if (error instanceof StatementStopped) {
    return `${error.message} (raise warehouse.query_timeout)`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `failed: ${message}`;
}
