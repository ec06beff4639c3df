/**
 * Snowflake catalog statement and the mapping of its rows to shapes.
 * Views read: <DB>.INFORMATION_SCHEMA.SCHEMATA, TABLES and COLUMNS
 * (https://docs.snowflake.com/en/sql-reference/info-schema).
 */
import type {
  CatalogRequest,
  ColumnShape,
  ListedCatalog,
  TableKind,
  TableShape,
} from '../model/catalog.js';
import { foldName, type NamingRules } from '../model/names.js';
import { deepFreeze } from './deep-freeze.js';
import { typeFamilyOf } from './type-family.js';

/** Unquoted names fold to upper case; quoted ones match exactly. */
export const SNOWFLAKE_NAMING: NamingRules = deepFreeze({
  fold: 'upper',
  isCaseInsensitive: false,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: false,
});

/** One statement and its bind values. */
export interface SnowflakeStatement {
  readonly sqlText: string;
  readonly binds: readonly string[];
}

/** Quotes one Snowflake identifier; the only way a name enters SQL. */
export function quoteSnowflakeName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The database name a request addresses, as Snowflake spells it. */
export function snowflakeDatabaseName(request: CatalogRequest): string {
  return foldName(request.database, SNOWFLAKE_NAMING);
}

/**
 * Builds the one catalog statement for a database: its used schemas and
 * every table of them with its columns (unused tables are rename
 * candidates). Names are compared upper-cased so that a quoted lower-case
 * name and a loose match both come back; matching is left to the checks.
 */
export function buildSnowflakeCatalogSql(
  request: CatalogRequest,
): SnowflakeStatement {
  const db = quoteSnowflakeName(snowflakeDatabaseName(request));
  const schemas = unique(request.schemas.map((s) => s.name.toUpperCase()));
  const inSchemas = marks(schemas.length);

  const sqlText = [
    `SELECT 'schema' AS ROW_KIND, SCHEMA_NAME AS TABLE_SCHEMA,`,
    ` NULL AS TABLE_NAME, NULL AS TABLE_TYPE, NULL AS COLUMN_NAME,`,
    ` NULL AS ORDINAL_POSITION, NULL AS DATA_TYPE, NULL AS NUMERIC_PRECISION,`,
    ` NULL AS NUMERIC_SCALE, NULL AS CHARACTER_MAXIMUM_LENGTH`,
    ` FROM ${db}.INFORMATION_SCHEMA.SCHEMATA`,
    ` WHERE UPPER(SCHEMA_NAME) IN (${inSchemas})`,
    `UNION ALL`,
    `SELECT 'table', TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, NULL, NULL, NULL,`,
    ` NULL, NULL, NULL FROM ${db}.INFORMATION_SCHEMA.TABLES`,
    ` WHERE UPPER(TABLE_SCHEMA) IN (${inSchemas})`,
    `UNION ALL`,
    `SELECT 'column', TABLE_SCHEMA, TABLE_NAME, NULL, COLUMN_NAME,`,
    ` ORDINAL_POSITION, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE,`,
    ` CHARACTER_MAXIMUM_LENGTH FROM ${db}.INFORMATION_SCHEMA.COLUMNS`,
    ` WHERE UPPER(TABLE_SCHEMA) IN (${inSchemas})`,
  ].join('\n');

  return deepFreeze({
    sqlText,
    binds: [...schemas, ...schemas, ...schemas],
  });
}

/**
 * Maps the rows of the catalog statement (snowflake-sdk object rows) to a
 * listed catalog. Pure: tests feed it recorded rows.
 */
export function shapeSnowflakeCatalog(
  database: string,
  rows: readonly unknown[],
): ListedCatalog {
  const schemas = new Set<string>();
  const tables = new Map<
    string,
    { schema: string; name: string; type: string }
  >();
  const columns = new Map<string, { pos: number; shape: ColumnShape }[]>();

  for (const raw of rows) {
    const row = readRow(raw);
    const key = `${row.schema}\u0000${row.table ?? ''}`;
    if (row.kind === 'schema') schemas.add(row.schema);
    if (row.kind === 'table' && row.table !== null) {
      tables.set(key, { schema: row.schema, name: row.table, type: row.type });
    }
    if (row.kind === 'column' && row.column !== null) {
      const list = columns.get(key) ?? [];
      list.push({ pos: row.position, shape: toColumn(row) });
      columns.set(key, list);
    }
  }

  const shapes = [...tables.entries()].map(([key, t]) =>
    toTable(t, columns.get(key) ?? []),
  );
  return deepFreeze({
    status: 'listed',
    database,
    schemas: [...schemas]
      .sort()
      .map((name) => ({ name, isUsable: true, missingGrant: null })),
    tables: shapes,
    unknownSchemas: [],
  });
}

/** The raw type with its parameters, as a user would write it. */
export function formatSnowflakeType(
  dataType: string,
  precision: number | null,
  scale: number | null,
  length: number | null,
): string {
  const base = dataType.toUpperCase();
  if (base === 'NUMBER' && precision !== null) {
    return `NUMBER(${precision},${scale ?? 0})`;
  }
  if (base === 'TEXT' && length !== null) return `TEXT(${length})`;
  return base;
}

function toTable(
  t: { schema: string; name: string; type: string },
  cols: readonly { pos: number; shape: ColumnShape }[],
): TableShape {
  const sorted = [...cols].sort((a, b) => a.pos - b.pos).map((c) => c.shape);
  return {
    schema: t.schema,
    name: t.name,
    kind: toKind(t.type),
    isReadable: true,
    missingGrant: null,
    columns: sorted,
  };
}

function toColumn(row: CatalogRow): ColumnShape {
  const dataType = formatSnowflakeType(
    row.dataType,
    row.precision,
    row.scale,
    row.length,
  );
  return {
    name: row.column ?? '',
    dataType,
    family: typeFamilyOf(row.dataType, 'snowflake'),
    isReadable: true,
  };
}

// TABLE_TYPE is BASE TABLE, TEMPORARY TABLE, EXTERNAL TABLE, EVENT TABLE,
// VIEW or MATERIALIZED VIEW.
function toKind(type: string): TableKind {
  const upper = type.toUpperCase();
  if (upper.includes('MATERIALIZED')) return 'materialized_view';
  if (upper === 'VIEW') return 'view';
  return 'table';
}

function marks(count: number): string {
  return count === 0 ? 'NULL' : Array(count).fill('?').join(', ');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function readRow(raw: unknown): CatalogRow {
  if (typeof raw !== 'object' || raw === null) {
    throw new TypeError('snowflake catalog row is not an object');
  }
  const r = raw as Record<string, unknown>;
  const kind = text(r['ROW_KIND']);
  if (kind !== 'schema' && kind !== 'table' && kind !== 'column') {
    throw new TypeError(`snowflake catalog row of unknown kind ${kind}`);
  }
  return {
    kind,
    schema: text(r['TABLE_SCHEMA']) ?? '',
    table: text(r['TABLE_NAME']),
    type: text(r['TABLE_TYPE']) ?? '',
    column: text(r['COLUMN_NAME']),
    position: num(r['ORDINAL_POSITION']) ?? 0,
    dataType: text(r['DATA_TYPE']) ?? '',
    precision: num(r['NUMERIC_PRECISION']),
    scale: num(r['NUMERIC_SCALE']),
    length: num(r['CHARACTER_MAXIMUM_LENGTH']),
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

// The driver returns NUMBER as a JS number, or a string with fetchAsString.
function num(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return null;
}

interface CatalogRow {
  readonly kind: 'schema' | 'table' | 'column';
  readonly schema: string;
  readonly table: string | null;
  readonly type: string;
  readonly column: string | null;
  readonly position: number;
  readonly dataType: string;
  readonly precision: number | null;
  readonly scale: number | null;
  readonly length: number | null;
}
