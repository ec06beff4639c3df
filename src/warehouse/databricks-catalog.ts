/**
 * Databricks catalog statements and the mapping of their rows to shapes.
 * Unity Catalog: <catalog>.information_schema.schemata, tables and columns
 * in one statement. hive_metastore has no information_schema: SHOW TABLES
 * per used schema and DESCRIBE TABLE EXTENDED per used table instead
 * (docs.databricks.com/en/sql/language-manual/sql-ref-information-schema).
 */
import type {
  CatalogRequest,
  ColumnShape,
  ListedCatalog,
  TableKind,
  TableShape,
} from '../model/catalog.js';
import { foldName, type NamingRules } from '../model/names.js';
import { asRow, optionalTextField, textField } from './catalog-rows.js';
import { deepFreeze } from './deep-freeze.js';
import { typeFamilyOf } from './type-family.js';

/** Unquoted names fold to lower case; backticked ones match exactly. */
export const DATABRICKS_NAMING: NamingRules = deepFreeze({
  fold: 'lower',
  isCaseInsensitive: false,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: false,
});

/** A statement with its named parameters. */
export interface DatabricksStatement {
  readonly sql: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Quotes one identifier in backticks: the only way names enter SQL. */
export function quoteDatabricksName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** The catalog a request addresses, as Databricks spells it. */
export function databricksCatalogName(request: CatalogRequest): string {
  return foldName(request.database, DATABRICKS_NAMING);
}

/** True for the legacy metastore, which has no information_schema. */
export function isHiveMetastore(catalog: string): boolean {
  return catalog.toLowerCase() === 'hive_metastore';
}

/**
 * The Unity Catalog statement: the used schemas and every table of them
 * with its columns (unused tables are rename candidates). Names compare
 * lower-cased, so quoted and loose spellings both come back.
 */
export function buildUnityCatalogSql(
  request: CatalogRequest,
): DatabricksStatement {
  const catalog = quoteDatabricksName(databricksCatalogName(request));
  const params: Record<string, string> = {};
  const list = (prefix: string, names: readonly string[]) =>
    [...new Set(names.map((n) => n.toLowerCase()))]
      .sort()
      .map((name, i) => {
        params[`${prefix}${i}`] = name;
        return `:${prefix}${i}`;
      })
      .join(', ') || 'NULL';
  const schemas = list(
    's',
    request.schemas.map((s) => s.name),
  );
  const view = (name: string) => `${catalog}.information_schema.${name}`;

  const sql = [
    `SELECT 'schema' AS row_kind, schema_name AS table_schema,`,
    ` NULL AS table_name, NULL AS table_type, NULL AS column_name,`,
    ` NULL AS ordinal_position, NULL AS full_data_type`,
    ` FROM ${view('schemata')} WHERE lower(schema_name) IN (${schemas})`,
    `UNION ALL`,
    `SELECT 'table', table_schema, table_name, table_type, NULL, NULL, NULL`,
    ` FROM ${view('tables')} WHERE lower(table_schema) IN (${schemas})`,
    `UNION ALL`,
    `SELECT 'column', table_schema, table_name, NULL, column_name,`,
    ` ordinal_position, full_data_type FROM ${view('columns')}`,
    ` WHERE lower(table_schema) IN (${schemas})`,
  ].join('\n');
  return deepFreeze({ sql, params });
}

/** Maps the rows of the Unity Catalog statement to a listed catalog. */
export function shapeUnityCatalog(
  catalog: string,
  rows: readonly unknown[],
): ListedCatalog {
  const schemas = new Set<string>();
  const tables = new Map<string, TableShape & { columns: ColumnShape[] }>();
  const columns: { key: string; pos: number; shape: ColumnShape }[] = [];

  for (const value of rows) {
    const row = asRow(value, 'information_schema');
    const kind = textField(row, 'row_kind', 'information_schema');
    const schema = textField(row, 'table_schema', 'information_schema');
    const name = optionalTextField(row, 'table_name', 'information_schema');
    const key = `${schema}\u0000${name ?? ''}`;
    if (kind === 'schema') schemas.add(schema);
    if (kind === 'table' && name !== null) {
      const type = optionalTextField(row, 'table_type', 'tables') ?? '';
      tables.set(key, table(schema, name, unityKind(type)));
    }
    if (kind === 'column') {
      const dataType = textField(row, 'full_data_type', 'columns');
      const column = textField(row, 'column_name', 'columns');
      const pos = Number(row['ordinal_position'] ?? 0);
      columns.push({ key, pos, shape: toColumn(column, dataType) });
    }
  }

  columns.sort((a, b) => a.pos - b.pos);
  for (const c of columns) tables.get(c.key)?.columns.push(c.shape);
  return listed(catalog, [...schemas], [...tables.values()]);
}

/** SHOW TABLES for one hive_metastore schema. */
export function showTablesSql(catalog: string, schema: string): string {
  const where = [catalog, schema].map(quoteDatabricksName).join('.');
  return `SHOW TABLES IN ${where}`;
}

/** DESCRIBE TABLE EXTENDED for one hive_metastore table. */
export function describeTableSql(
  catalog: string,
  schema: string,
  name: string,
): string {
  const parts = [catalog, schema, name].map(quoteDatabricksName).join('.');
  return `DESCRIBE TABLE EXTENDED ${parts}`;
}

/** The table names of SHOW TABLES rows (`database`, `tableName`, …). */
export function shapeShowTables(rows: readonly unknown[]): string[] {
  return rows
    .map((value) => asRow(value, 'SHOW TABLES'))
    .filter((row) => row['isTemporary'] !== true)
    .map((row) => textField(row, 'tableName', 'SHOW TABLES'));
}

/**
 * A table from DESCRIBE TABLE EXTENDED rows (`col_name`, `data_type`):
 * columns come first, up to a blank or `#` row; the `Type` row of the
 * detailed section gives the kind.
 */
export function shapeDescribeTable(
  schema: string,
  name: string,
  rows: readonly unknown[],
): TableShape {
  const result = table(schema, name, 'table');
  let isColumnPart = true;

  for (const value of rows) {
    const row = asRow(value, 'DESCRIBE TABLE');
    const col = (optionalTextField(row, 'col_name', 'DESCRIBE') ?? '').trim();
    const type = (optionalTextField(row, 'data_type', 'DESCRIBE') ?? '').trim();
    if (col === '' || col.startsWith('#')) isColumnPart = false;
    else if (isColumnPart) result.columns.push(toColumn(col, type));
    else if (col === 'Type') result.kind = hiveKind(type);
  }
  return result;
}

/** A table that exists but whose metadata the monitor may not read. */
export function unreadableTable(schema: string, name: string): TableShape {
  return {
    ...table(schema, name, 'table'),
    isReadable: false,
    missingGrant:
      'GRANT SELECT, READ_METADATA ON TABLE ' +
      `${quoteDatabricksName(schema)}.${quoteDatabricksName(name)}`,
  };
}

/** Assembles and freezes a listed catalog. */
export function listed(
  catalog: string,
  schemas: readonly string[],
  tables: readonly TableShape[],
): ListedCatalog {
  return deepFreeze({
    status: 'listed',
    database: catalog,
    schemas: [...schemas]
      .sort()
      .map((name) => ({ name, isUsable: true, missingGrant: null })),
    tables: [...tables],
    unknownSchemas: [],
  });
}

// table_type: MANAGED, EXTERNAL, VIEW, MATERIALIZED_VIEW, STREAMING_TABLE,
// FOREIGN, METRIC_VIEW and shallow clones.
function unityKind(type: string): TableKind {
  if (type === 'MATERIALIZED_VIEW') return 'materialized_view';
  if (type === 'VIEW' || type === 'METRIC_VIEW') return 'view';
  return 'table';
}

function hiveKind(type: string): TableKind {
  const upper = type.toUpperCase();
  if (upper.includes('MATERIALIZED')) return 'materialized_view';
  return upper === 'VIEW' ? 'view' : 'table';
}

function table(
  schema: string,
  name: string,
  kind: TableKind,
): TableShape & { kind: TableKind; columns: ColumnShape[] } {
  return {
    schema,
    name,
    kind,
    isReadable: true,
    missingGrant: null,
    columns: [],
  };
}

function toColumn(name: string, dataType: string): ColumnShape {
  return {
    name,
    dataType,
    family: typeFamilyOf(dataType, 'databricks'),
    isReadable: true,
  };
}
