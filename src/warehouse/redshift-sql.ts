/**
 * The two Redshift catalog statements of a database. The first reads only
 * what the leader node answers: pg_namespace, pg_class and pg_attribute
 * with has_schema_privilege, has_table_privilege and format_type,
 * pg_get_late_binding_view_cols() (late-binding views have no pg_attribute
 * rows) and svv_external_schemas, svv_external_tables and
 * svv_external_columns (Spectrum). The second reads stv_mv_info
 * (materialized views) alone: Redshift refuses a statement that mixes
 * leader-node catalog with tables the compute nodes serve
 * (docs.aws.amazon.com/redshift/latest/dg/c_sql-functions-leader-node.html).
 */
import { deepFreeze } from './deep-freeze.js';

/** A statement with its positional parameters. */
export interface RedshiftStatement {
  readonly sql: string;
  readonly params: readonly string[];
}

/** Quotes one identifier in double quotes: the only way names enter SQL. */
export function quoteRedshiftName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Statement 1, leader-node catalog only: schemas, relations, columns,
 * late-binding view columns and the Spectrum schemas, tables and columns.
 */
export function buildRedshiftCatalogSql(
  schemas: readonly string[],
): RedshiftStatement {
  const { params, s } = lists(schemas);
  const user = 'current_user::text';
  const inSchema = `lower(n.nspname) IN (${s})`;

  const sql = `
SELECT 'schema' AS row_kind, ${user} AS role_name,
  n.nspname::text AS schema_name, NULL::text AS table_name,
  NULL::text AS relkind, has_schema_privilege(n.oid, 'USAGE') AS is_usable,
  NULL::boolean AS is_readable, NULL::text AS column_name,
  NULL::text AS data_type, NULL::int AS position
FROM pg_catalog.pg_namespace AS n WHERE ${inSchema}
UNION ALL
SELECT 'relation', ${user}, n.nspname::text, c.relname::text,
  c.relkind::text, NULL, has_table_privilege(c.oid, 'SELECT'), NULL, NULL,
  NULL
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${inSchema}
UNION ALL
SELECT 'column', ${user}, n.nspname::text, c.relname::text, NULL, NULL,
  NULL, a.attname::text, format_type(a.atttypid, a.atttypmod),
  a.attnum::int
FROM pg_catalog.pg_attribute AS a
JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
WHERE a.attnum > 0 AND NOT a.attisdropped
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${inSchema}
UNION ALL
SELECT 'late_binding_column', ${user}, lbv.view_schema::text,
  lbv.view_name::text, NULL, NULL, NULL, lbv.col_name::text,
  lbv.col_type::text, lbv.col_num::int
FROM pg_get_late_binding_view_cols() AS lbv(view_schema name,
  view_name name, col_name name, col_type varchar, col_num int)
WHERE lower(lbv.view_schema) IN (${s})
UNION ALL
SELECT 'external_schema', ${user}, schemaname::text, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL
FROM svv_external_schemas WHERE lower(schemaname) IN (${s})
UNION ALL
SELECT 'external_table', ${user}, schemaname::text, tablename::text, NULL,
  NULL, NULL, NULL, NULL, NULL
FROM svv_external_tables WHERE lower(schemaname) IN (${s})
UNION ALL
SELECT 'external_column', ${user}, schemaname::text, tablename::text, NULL,
  NULL, NULL, columnname::text, external_type::text, columnnum::int
FROM svv_external_columns WHERE lower(schemaname) IN (${s})`;
  return deepFreeze({ sql, params });
}

/**
 * Statement 2, a system table read on its own: the materialized views of
 * this database (stv_mv_info pads its char(128) columns with spaces).
 */
export function buildRedshiftSystemSql(
  database: string,
  schemas: readonly string[],
): RedshiftStatement {
  const { params, s } = lists(schemas);
  const db = `$${params.length + 1}`;

  const sql = `
SELECT 'materialized_view' AS row_kind, trim(schema)::text AS schema_name,
  trim(name)::text AS table_name
FROM stv_mv_info
WHERE trim(db_name) = ${db} AND lower(trim(schema)) IN (${s})`;
  return deepFreeze({ sql, params: [...params, database] });
}

// Redshift has no arrays: each lower-cased schema name is a parameter.
function lists(schemas: readonly string[]) {
  const params = [...new Set(schemas.map((n) => n.toLowerCase()))];
  const s =
    params.length === 0 ? 'NULL' : params.map((_, i) => `$${i + 1}`).join(', ');
  return { params, s };
}
