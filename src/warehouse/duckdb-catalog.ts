/**
 * The two DuckDB catalog statements and the pure mapping of their rows to
 * a ListedCatalog. Measured on 5,000 tables with 50,000 columns:
 * information_schema and a join of duckdb_tables(), duckdb_views() and
 * duckdb_columns() both took 350-570 ms; duckdb_columns() with
 * duckdb_views() alone 200-270 ms, because duckdb_tables() computes sizes.
 * Every DuckDB table and view has a column, so columns list them all
 * (https://duckdb.org/docs/stable/sql/meta/duckdb_table_functions).
 */
import type {
  ColumnShape,
  ListedCatalog,
  TableKind,
  TableShape,
} from '../model/catalog.js';
import { asRow, optionalTextField, textField } from './catalog-rows.js';
import { deepFreeze } from './deep-freeze.js';
import { typeFamilyOf } from './type-family.js';

/** The schemas of interest: `$1` the catalog, `$2` lower-cased names. */
export const DUCKDB_SCHEMAS_SQL = `
SELECT schema_name
FROM duckdb_schemas()
WHERE database_name = $1 AND list_contains($2, lower(schema_name))
ORDER BY schema_name`;

/** Every column of every table and view of those schemas, in order. */
export const DUCKDB_RELATIONS_SQL = `
SELECT c.schema_name,
       c.table_name AS relation_name,
       CASE WHEN v.view_name IS NULL THEN 'table' ELSE 'view' END AS kind,
       c.column_name,
       c.data_type
FROM duckdb_columns() AS c
LEFT JOIN (
  SELECT schema_name, view_name FROM duckdb_views() WHERE database_name = $1
) AS v ON v.schema_name = c.schema_name AND v.view_name = c.table_name
WHERE c.database_name = $1
  AND NOT c.internal
  AND list_contains($2, lower(c.schema_name))
ORDER BY c.schema_name, c.table_name, c.column_index`;

/** A DuckDB identifier, always double-quoted. */
export function quoteDuckDbIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A DuckDB string literal, for ATTACH, which takes no parameters. */
export function quoteDuckDbString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * Shapes the rows of both statements into a frozen ListedCatalog. DuckDB
 * has no privileges: every schema is usable and every table readable.
 */
export function shapeDuckDbCatalog(
  database: string,
  schemaRows: readonly unknown[],
  relationRows: readonly unknown[],
): ListedCatalog {
  const schemas = schemaRows.map((value) => ({
    name: textField(asRow(value, 'duckdb_schemas'), 'schema_name', 'schema'),
    isUsable: true,
    missingGrant: null,
  }));
  const tables: MutableTable[] = [];
  let current: MutableTable | null = null;

  for (const value of relationRows) {
    const row = readRelationRow(value);
    if (current?.schema !== row.schema || current.name !== row.name) {
      current = startTable(row);
      tables.push(current);
    }
    if (row.column !== null && row.dataType !== null) {
      current.columns.push(shapeColumn(row.column, row.dataType));
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

function startTable(row: RelationRow): MutableTable {
  if (row.kind !== 'table' && row.kind !== 'view') {
    throw new TypeError(`unexpected duckdb relation kind ${row.kind}`);
  }
  return {
    schema: row.schema,
    name: row.name,
    kind: row.kind satisfies TableKind,
    isReadable: true,
    missingGrant: null,
    columns: [],
  };
}

function shapeColumn(name: string, dataType: string): ColumnShape {
  return {
    name,
    dataType,
    family: typeFamilyOf(dataType, 'duckdb'),
    isReadable: true,
  };
}

function readRelationRow(value: unknown): RelationRow {
  const what = 'duckdb relation';
  const row = asRow(value, what);
  return {
    schema: textField(row, 'schema_name', what),
    name: textField(row, 'relation_name', what),
    kind: textField(row, 'kind', what),
    column: optionalTextField(row, 'column_name', what),
    dataType: optionalTextField(row, 'data_type', what),
  };
}

interface MutableTable extends TableShape {
  columns: ColumnShape[];
}

interface RelationRow {
  readonly schema: string;
  readonly name: string;
  readonly kind: string;
  readonly column: string | null;
  readonly dataType: string | null;
}
