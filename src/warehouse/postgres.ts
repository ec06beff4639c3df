/**
 * PostgreSQL adapter (`pg`).
 *
 * Reads, per database, two statements: pg_catalog.pg_namespace with
 * has_schema_privilege, then pg_class, pg_attribute and pg_type with
 * format_type, has_any_column_privilege and has_column_privilege (see
 * postgres-catalog.ts). Every database is reached on the same server with
 * the credentials of warehouse.url, a few at a time.
 *
 * Limitations:
 * - privileges are those of the role in warehouse.url (inherited grants
 *   included); row-level security policies are not read;
 * - foreign tables are reported as tables: their remote side is not read;
 * - partitions are listed as tables beside their partitioned parent;
 * - enums and other user-defined types are family `other` (domains take
 *   their base type's family), so any change of them is a type change;
 * - a database whose name holds `?` or `#` cannot be named in a URL and
 *   stays unknown.
 */
import type { WarehouseConfig } from '../config/types.js';
import type {
  CatalogRequest,
  CatalogShape,
  WarehouseSnapshot,
} from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import { foldName, parseNamePath, type NamingRules } from '../model/names.js';
import type { DescribeOptions, KeyColumn, Warehouse } from './warehouse.js';
import { deepFreeze } from './deep-freeze.js';
import { mapLimited } from './map-limited.js';
import {
  POSTGRES_RELATIONS_SQL,
  POSTGRES_SCHEMAS_SQL,
  postgresSchemaKeys,
  quotePostgresIdent,
  shapePostgresCatalog,
} from './postgres-catalog.js';
import {
  catalogAfterFailure,
  classifyPostgresError,
  toWarehouseError,
} from './postgres-errors.js';
import {
  databaseUrl,
  openPostgresSession,
  type PostgresSession,
  type PostgresTarget,
} from './postgres-session.js';

/** PostgreSQL folds unquoted names to lower case (SPEC §4). */
export const POSTGRES_NAMING: NamingRules = deepFreeze({
  fold: 'lower',
  isCaseInsensitive: false,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: true,
});

/** What this adapter cannot see, shown by validate and the README. */
export const POSTGRES_LIMITATIONS: readonly string[] = deepFreeze([
  'privileges are those of the role in warehouse.url; row-level security ' +
    'policies are not read',
  'foreign tables are reported as tables; their remote side is not read',
  'partitions are listed as tables beside their partitioned parent',
  'enums and other user-defined types are family "other"',
  'a database whose name holds "?" or "#" cannot be reached and is unknown',
]);

// Databases are read a few at a time: enough to hide latency, few enough
// not to take a server's connection slots from the consumers.
const DATABASE_CONCURRENCY = 4;

/** Opens the adapter; connections are made per sync, not here. */
export async function openPostgresWarehouse(
  config: WarehouseConfig,
): Promise<Warehouse> {
  const url = readUrl(config.url);
  const target: PostgresTarget = {
    url,
    password: url.password ? decodeURIComponent(url.password) : null,
    queryTimeoutMs: config.queryTimeoutMs,
  };
  return new PostgresWarehouse(target, defaultDatabaseOf(config, url));
}

class PostgresWarehouse implements Warehouse {
  readonly type = 'postgres' as const;
  readonly naming = POSTGRES_NAMING;
  readonly limitations = POSTGRES_LIMITATIONS;

  constructor(
    private readonly target: PostgresTarget,
    /** The exact name on the server (config.database folded, or the URL's). */
    readonly defaultDatabase: string,
  ) {}

  async describeCatalogs(
    requests: readonly CatalogRequest[],
    options: DescribeOptions,
  ): Promise<WarehouseSnapshot> {
    const reads = await mapLimited(requests, DATABASE_CONCURRENCY, (r) =>
      this.readCatalog(r, options.signal),
    );

    return deepFreeze({
      warehouse: 'postgres',
      naming: POSTGRES_NAMING,
      catalogs: reads.map((r) => r.catalog),
      metadataQueries: reads.reduce((sum, r) => sum + r.queries, 0),
    });
  }

  async countDuplicateKeys(
    key: KeyColumn,
    options: { readonly signal?: AbortSignal },
  ): Promise<number> {
    const [schema, table, column] = [key.schema, key.table, key.column].map(
      (part) => quotePostgresIdent(foldName(part, POSTGRES_NAMING)),
    );
    const sql =
      `SELECT count(*)::text AS n FROM (SELECT 1 FROM ${schema}.${table} ` +
      `WHERE ${column} IS NOT NULL GROUP BY ${column} ` +
      'HAVING count(*) > 1) AS duplicates';

    const database = foldName(key.database, POSTGRES_NAMING);
    let rows: unknown[];
    try {
      rows = await this.withDatabase(database, options.signal, (s) =>
        s.query(sql, []),
      );
    } catch (error) {
      const failure = classifyPostgresError(error, this.target);
      throw toWarehouseError('postgres', key.database, failure, error);
    }
    const first = rows[0] as { n?: unknown } | undefined;
    return Number(first?.n ?? 0);
  }

  async close(): Promise<void> {
    // Sessions close after each read; nothing stays open.
  }

  private async readCatalog(
    request: CatalogRequest,
    signal: AbortSignal | undefined,
  ): Promise<CatalogRead> {
    const database = foldName(request.database, POSTGRES_NAMING);
    const keys = postgresSchemaKeys(request.schemas.map((s) => s.name));
    let queries = 0;

    try {
      const catalog = await this.withDatabase(database, signal, async (s) => {
        queries += 1;
        const schemaRows = await s.query(POSTGRES_SCHEMAS_SQL, [keys]);
        if (!schemaRows.some(hasSchema)) {
          return shapePostgresCatalog(database, schemaRows, []);
        }
        queries += 1;
        const relationRows = await s.query(POSTGRES_RELATIONS_SQL, [keys]);
        return shapePostgresCatalog(database, schemaRows, relationRows);
      });
      return { catalog, queries };
    } catch (error) {
      // SPEC §4: a database the server reports as nonexistent is empty.
      const catalog = catalogAfterFailure(
        'postgres',
        request,
        error,
        this.target,
        () => shapePostgresCatalog(database, [], []),
      );
      return { catalog, queries };
    }
  }

  /** Runs `work` in a session on one database, closing it after. */
  private async withDatabase<T>(
    database: string,
    signal: AbortSignal | undefined,
    work: (session: PostgresSession) => Promise<T>,
  ): Promise<T> {
    const url = databaseUrl(this.target.url, database);
    if (url === null) throw new UnreachableName(database);

    const session = await openPostgresSession(this.target, url, signal);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }
}

interface CatalogRead {
  readonly catalog: CatalogShape;
  readonly queries: number;
}

/** A database name the driver's URL parsing would change. */
class UnreachableName extends Error {
  constructor(name: string) {
    super(`database name ${name} cannot be written in a connection url`);
  }
}

function hasSchema(row: unknown): boolean {
  return (row as { schema_name?: unknown } | null)?.schema_name != null;
}

function readUrl(text: string | null): URL {
  const fail = (message: string): WarehouseError =>
    new WarehouseError({
      warehouse: 'postgres',
      database: null,
      failure: 'config',
      message,
    });
  if (text === null || text.trim() === '') {
    throw fail('warehouse.url is required for postgres');
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw fail('warehouse.url is not a valid url (postgres://user@host/db)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw fail(
      `warehouse.url must start with postgres://, not ${url.protocol}//`,
    );
  }
  return url;
}

function defaultDatabaseOf(config: WarehouseConfig, url: URL): string {
  if (config.database !== null) {
    const parts = parseNamePath(config.database);
    const only = Array.isArray(parts) && parts.length === 1 ? parts[0] : null;
    return only ? foldName(only, POSTGRES_NAMING) : config.database;
  }
  const fromPath = decodeURI(url.pathname.slice(1));
  return fromPath || decodeURIComponent(url.username) || 'postgres';
}
