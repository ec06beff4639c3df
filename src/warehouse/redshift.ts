/**
 * Redshift adapter (`pg`).
 *
 * Reads, per database, two statements (see redshift-sql.ts): first the
 * leader-node catalog, pg_namespace, pg_class and pg_attribute with
 * has_schema_privilege, has_table_privilege and format_type,
 * pg_get_late_binding_view_cols and svv_external_schemas, _tables and
 * _columns; then stv_mv_info on its own. Every database is reached on
 * the same cluster with the credentials of warehouse.url, a few at a
 * time; each session carries query_group `datagraph-monitor`.
 *
 * Limitations:
 * - privileges are those of the user in warehouse.url; column-level grants
 *   and row-level security are not read (table SELECT decides);
 * - stv_mv_info lists materialized views only in schemas the user may use;
 *   elsewhere a materialized view reads as a view;
 * - Spectrum tables are readable whenever their external schema is: the
 *   lake's own permissions are not checked;
 * - datashare (cross-database consumer) objects are not read.
 */
import type { WarehouseConfig } from '../config/types.js';
import type { CatalogRequest, CatalogShape } from '../model/catalog.js';
import { WarehouseError } from '../model/errors.js';
import { foldName, parseNamePath, type NamingRules } from '../model/names.js';
import { deepFreeze } from './deep-freeze.js';
import { mapLimited } from './map-limited.js';
import {
  catalogAfterFailure,
  classifyPostgresError,
  toWarehouseError,
} from './postgres-errors.js';
import { databaseUrl } from './postgres-session.js';
import {
  buildRedshiftCatalogSql,
  buildRedshiftSystemSql,
  quoteRedshiftName,
} from './redshift-sql.js';
import { shapeRedshiftCatalog } from './redshift-catalog.js';
import {
  openRedshiftSession,
  type RedshiftClientFactory,
  type RedshiftSession,
} from './redshift-session.js';
import type { KeyColumn, Warehouse } from './warehouse.js';

/** Redshift folds unquoted names to lower case (SPEC §4). */
export const REDSHIFT_NAMING: NamingRules = deepFreeze({
  fold: 'lower',
  isCaseInsensitive: false,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: true,
});

const LIMITATIONS: readonly string[] = deepFreeze([
  'privileges are those of the user in warehouse.url; column grants and ' +
    'row-level security are not read',
  'a materialized view in a schema the user may not use reads as a view',
  'spectrum tables count as readable when their external schema is usable',
  'datashare objects are not read',
]);

const CONCURRENCY = 4;

/** Opens the adapter; connections are made per sync, not here. */
export async function openRedshiftWarehouse(
  config: WarehouseConfig,
  createClient?: RedshiftClientFactory,
): Promise<Warehouse> {
  const url = readUrl(config.url);
  const password = url.password ? decodeURIComponent(url.password) : null;
  const context = { queryTimeoutMs: config.queryTimeoutMs, password };

  const withDatabase = async <T>(
    database: string,
    signal: AbortSignal | undefined,
    work: (session: RedshiftSession) => Promise<T>,
  ): Promise<T> => {
    const target = databaseUrl(url, database);
    if (target === null) {
      throw new Error(`database name ${database} cannot be written in a url`);
    }
    const session = await openRedshiftSession(
      target,
      config.queryTimeoutMs,
      signal,
      createClient,
    );
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  };

  const describeOne = async (
    request: CatalogRequest,
    signal: AbortSignal | undefined,
  ): Promise<{ catalog: CatalogShape; queries: number }> => {
    const database = foldName(request.database, REDSHIFT_NAMING);
    const schemas = request.schemas.map((s) => s.name);
    let queries = 0;

    try {
      const catalog = await withDatabase(database, signal, async (s) => {
        const first = buildRedshiftCatalogSql(schemas);
        queries += 1;
        const catalogRows = await s.query(first.sql, first.params);
        const second = buildRedshiftSystemSql(database, schemas);
        queries += 1;
        const systemRows = await s.query(second.sql, second.params);
        return shapeRedshiftCatalog(database, catalogRows, systemRows);
      });
      return { catalog, queries };
    } catch (error) {
      // SPEC §4: a database the server reports as nonexistent is empty.
      const catalog = catalogAfterFailure(
        'redshift',
        request,
        error,
        context,
        () => shapeRedshiftCatalog(database, [], []),
      );
      return { catalog, queries };
    }
  };

  const warehouse: Warehouse = {
    type: 'redshift',
    naming: REDSHIFT_NAMING,
    defaultDatabase: defaultDatabaseOf(config, url),
    limitations: LIMITATIONS,
    describeCatalogs: async (requests, options) => {
      const reads = await mapLimited(requests, CONCURRENCY, (r) =>
        describeOne(r, options.signal),
      );
      return deepFreeze({
        warehouse: 'redshift',
        naming: REDSHIFT_NAMING,
        catalogs: reads.map((r) => r.catalog),
        metadataQueries: reads.reduce((sum, r) => sum + r.queries, 0),
      });
    },
    countDuplicateKeys: async (key, options) => {
      const database = foldName(key.database, REDSHIFT_NAMING);
      try {
        const rows = await withDatabase(database, options.signal, (s) =>
          s.query(duplicateKeySql(key), []),
        );
        const first = rows[0] as { n?: unknown } | undefined;
        return Number(first?.n ?? 0);
      } catch (error) {
        const failure = classifyPostgresError(error, context);
        throw toWarehouseError('redshift', key.database, failure, error);
      }
    },
    close: async () => {
      // Sessions close after each read; nothing stays open.
    },
  };
  return deepFreeze(warehouse);
}

function duplicateKeySql(key: KeyColumn): string {
  const [schema, table, column] = [key.schema, key.table, key.column].map(
    (part) => quoteRedshiftName(foldName(part, REDSHIFT_NAMING)),
  );
  return (
    `SELECT count(*)::varchar AS n FROM (SELECT ${column} FROM ` +
    `${schema}.${table} WHERE ${column} IS NOT NULL GROUP BY ${column} ` +
    'HAVING count(*) > 1) AS duplicates'
  );
}

// Redshift consoles give jdbc:redshift:// or redshift:// URLs; pg reads
// the same URL with a postgres:// scheme.
function readUrl(text: string | null): URL {
  const fail = (message: string) =>
    new WarehouseError({
      warehouse: 'redshift',
      database: null,
      failure: 'config',
      message,
    });
  if (text === null || text.trim() === '') {
    throw fail('warehouse.url is required for redshift');
  }
  const plain = text.trim().replace(/^jdbc:/, '');
  let url: URL;
  try {
    url = new URL(plain.replace(/^redshift:/, 'postgres:'));
  } catch {
    throw fail(
      'warehouse.url is not a valid url (redshift://user@host:5439/db)',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw fail(`warehouse.url must start with redshift:// or postgres://`);
  }
  return url;
}

function defaultDatabaseOf(config: WarehouseConfig, url: URL): string {
  if (config.database !== null) {
    const parts = parseNamePath(config.database);
    const only = Array.isArray(parts) && parts.length === 1 ? parts[0] : null;
    return only ? foldName(only, REDSHIFT_NAMING) : config.database;
  }
  return decodeURI(url.pathname.slice(1)) || 'dev';
}
