/**
 * The two PostgreSQL catalog statements and the pure mapping of their rows
 * to a ListedCatalog. Both read pg_catalog rather than information_schema:
 * information_schema hides materialized views and every object the role
 * has no privilege on, which would make a revoked grant look like a drop
 * (https://www.postgresql.org/docs/15/infoschema-tables.html).
 */
import type {
  ColumnShape,
  ListedCatalog,
  SchemaShape,
  TableKind,
  TableShape,
} from '../model/catalog.js';
import {
  asRow,
  optionalBooleanField,
  optionalTextField,
  textField,
} from './catalog-rows.js';
import { deepFreeze } from './deep-freeze.js';
import { typeFamilyOf } from './type-family.js';

/**
 * The schemas of interest and whether the role may use them. `$1` holds
 * the requested names as spelled and lower-cased; the caller matches them
 * exactly with matchName. The outer join returns the role even when no
 * schema matches.
 */
export const POSTGRES_SCHEMAS_SQL = `
SELECT current_user::text AS role_name,
       n.nspname::text AS schema_name,
       has_schema_privilege(n.oid, 'USAGE') AS is_usable
FROM (SELECT 1) AS one
LEFT JOIN pg_catalog.pg_namespace AS n
  ON n.nspname = ANY ($1::text[]) OR lower(n.nspname) = ANY ($1::text[])
ORDER BY n.nspname`;

/**
 * Every table, partitioned table, view, materialized view and foreign
 * table of those schemas with its columns and the role's privileges.
 * `has_any_column_privilege` is true with a table grant or any column
 * grant; domains also report their base type, which decides the family.
 */
export const POSTGRES_RELATIONS_SQL = `
SELECT n.nspname::text AS schema_name,
       c.relname::text AS table_name,
       c.relkind::text AS relkind,
       has_any_column_privilege(c.oid, 'SELECT') AS is_readable,
       a.attname::text AS column_name,
       format_type(a.atttypid, a.atttypmod) AS data_type,
       CASE WHEN t.typtype = 'd'
            THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,
       has_column_privilege(c.oid, a.attnum, 'SELECT') AS is_column_readable
FROM pg_catalog.pg_class AS c
JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attribute AS a
  ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_catalog.pg_type AS t ON t.oid = a.atttypid
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND (n.nspname = ANY ($1::text[]) OR lower(n.nspname) = ANY ($1::text[]))
ORDER BY n.nspname, c.relname, a.attnum`;

/** A PostgreSQL identifier, always double-quoted. */
export function quotePostgresIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The `$1` of both statements: requested schema names, as-is and lower. */
export function postgresSchemaKeys(names: readonly string[]): string[] {
  return [...new Set(names.flatMap((n) => [n, n.toLowerCase()]))];
}

/**
 * Shapes the rows of both statements into a frozen ListedCatalog. A table
 * in a schema the role may not use is unreadable too, with the USAGE
 * grant as the one missing.
 */
export function shapePostgresCatalog(
  database: string,
  schemaRows: readonly unknown[],
  relationRows: readonly unknown[],
): ListedCatalog {
  const { role, schemas } = shapeSchemas(schemaRows);
  const usable = new Map(schemas.map((s) => [s.name, s]));
  const tables: TableShape[] = [];
  let current: MutableTable | null = null;

  for (const value of relationRows) {
    const row = readRelationRow(value);
    if (current?.schema !== row.schema || current.name !== row.table) {
      current = startTable(row, usable.get(row.schema), role);
      tables.push(current);
    }
    if (row.column !== null && row.dataType !== null) {
      current.columns.push(shapeColumn(row, current.isReadable));
    }
  }

  return deepFreeze({
    status: 'listed',
    database,
    schemas,
    tables,
    unknownSchemas: [],
  });
}

const KINDS: Readonly<Record<string, TableKind>> = {
  r: 'table',
  p: 'table',
  f: 'table',
  v: 'view',
  m: 'materialized_view',
};

function shapeSchemas(rows: readonly unknown[]): {
  role: string;
  schemas: SchemaShape[];
} {
  let role = '';
  const schemas: SchemaShape[] = [];

  for (const value of rows) {
    const row = asRow(value, 'pg_namespace');
    role = textField(row, 'role_name', 'pg_namespace');
    const name = optionalTextField(row, 'schema_name', 'pg_namespace');
    if (name === null) continue;
    const isUsable = optionalBooleanField(row, 'is_usable', 'pg_namespace');
    schemas.push({
      name,
      isUsable: isUsable === true,
      missingGrant: isUsable
        ? null
        : `GRANT USAGE ON SCHEMA ${quotePostgresIdent(name)} TO ` +
          quotePostgresIdent(role),
    });
  }
  return { role, schemas };
}

function startTable(
  row: RelationRow,
  schema: SchemaShape | undefined,
  role: string,
): MutableTable {
  const kind = KINDS[row.relkind];
  if (kind === undefined) {
    throw new TypeError(`unexpected pg_class row: relkind ${row.relkind}`);
  }
  const isSchemaUsable = schema?.isUsable ?? true;
  const isReadable = isSchemaUsable && row.isReadable;
  const grant =
    `GRANT SELECT ON ${quotePostgresIdent(row.schema)}.` +
    `${quotePostgresIdent(row.table)} TO ${quotePostgresIdent(role)}`;

  return {
    schema: row.schema,
    name: row.table,
    kind,
    isReadable,
    missingGrant: isReadable ? null : (schema?.missingGrant ?? grant),
    columns: [],
  };
}

function shapeColumn(row: RelationRow, isTableReadable: boolean): ColumnShape {
  const dataType = row.dataType ?? '';
  return {
    name: row.column ?? '',
    dataType,
    family: typeFamilyOf(row.baseType ?? dataType, 'postgres'),
    isReadable: isTableReadable && row.isColumnReadable,
  };
}

function readRelationRow(value: unknown): RelationRow {
  const row = asRow(value, 'pg_class');
  const what = 'pg_class';
  return {
    schema: textField(row, 'schema_name', what),
    table: textField(row, 'table_name', what),
    relkind: textField(row, 'relkind', what),
    isReadable: optionalBooleanField(row, 'is_readable', what) === true,
    column: optionalTextField(row, 'column_name', what),
    dataType: optionalTextField(row, 'data_type', what),
    baseType: optionalTextField(row, 'base_type', what),
    isColumnReadable:
      optionalBooleanField(row, 'is_column_readable', what) === true,
  };
}

interface MutableTable extends TableShape {
  columns: ColumnShape[];
}

interface RelationRow {
  readonly schema: string;
  readonly table: string;
  readonly relkind: string;
  readonly isReadable: boolean;
  readonly column: string | null;
  readonly dataType: string | null;
  readonly baseType: string | null;
  readonly isColumnReadable: boolean;
}
