/**
 * BigQuery catalog statement (one per project and region) and the mapping
 * of its rows to shapes. Views read: `<project>`.`region-<loc>`.
 * INFORMATION_SCHEMA.SCHEMATA, TABLES and COLUMNS
 * (https://cloud.google.com/bigquery/docs/information-schema-intro).
 */
import type { ColumnShape, TableKind, TableShape } from '../model/catalog.js';
import type { NamingRules } from '../model/names.js';
import { deepFreeze } from './deep-freeze.js';
import { typeFamilyOf } from './type-family.js';

/** Project, dataset and table names are case-sensitive; columns are not. */
export const BIGQUERY_NAMING: NamingRules = deepFreeze({
  fold: 'lower',
  isCaseInsensitive: false,
  caseSensitiveLevels: ['database', 'schema', 'table'],
  isDatabaseFoldedOnly: false,
});

/** A query with its named array parameters. */
export interface BigQueryStatement {
  readonly query: string;
  readonly params: { readonly datasets: string[] };
}

/** What one region read returned: its datasets and their tables. */
export interface RegionCatalog {
  readonly location: string;
  readonly datasets: readonly string[];
  readonly tables: readonly TableShape[];
}

/** Quotes one identifier in backticks: the only way names enter SQL. */
export function quoteBigQueryName(name: string): string {
  return `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;
}

/** The region qualifier of a location: `US` becomes `region-us`. */
export function regionQualifier(location: string): string {
  return `region-${location.toLowerCase()}`;
}

/**
 * Builds the one statement for a project and region: the used datasets
 * found there and every table of them with its columns (unused tables are
 * rename candidates).
 */
export function buildBigQueryRegionSql(
  project: string,
  location: string,
  datasets: readonly string[],
): BigQueryStatement {
  const from = (view: string) =>
    `${quoteBigQueryName(project)}.${quoteBigQueryName(
      regionQualifier(location),
    )}.INFORMATION_SCHEMA.${view}`;
  const nulls = 'CAST(NULL AS STRING)';

  const query = [
    `SELECT 'schema' AS row_kind, schema_name AS table_schema,`,
    ` ${nulls} AS table_name, ${nulls} AS table_type,`,
    ` ${nulls} AS column_name, CAST(NULL AS INT64) AS ordinal_position,`,
    ` ${nulls} AS data_type`,
    ` FROM ${from('SCHEMATA')}`,
    ` WHERE schema_name IN UNNEST(@datasets)`,
    `UNION ALL`,
    `SELECT 'table', table_schema, table_name, table_type, ${nulls},`,
    ` CAST(NULL AS INT64), ${nulls} FROM ${from('TABLES')}`,
    ` WHERE table_schema IN UNNEST(@datasets)`,
    `UNION ALL`,
    `SELECT 'column', table_schema, table_name, ${nulls}, column_name,`,
    ` ordinal_position, data_type FROM ${from('COLUMNS')}`,
    ` WHERE table_schema IN UNNEST(@datasets)`,
  ].join('\n');

  return Object.freeze({
    query,
    params: Object.freeze({ datasets: [...new Set(datasets)].sort() }),
  });
}

/**
 * Maps the rows of one region statement (objects as @google-cloud/bigquery
 * returns them) to the datasets and tables found there. Pure.
 */
export function shapeBigQueryRegion(
  location: string,
  rows: readonly unknown[],
): RegionCatalog {
  const datasets = new Set<string>();
  const tables = new Map<
    string,
    { schema: string; name: string; type: string }
  >();
  const columns = new Map<string, { pos: number; shape: ColumnShape }[]>();

  for (const raw of rows) {
    const row = readRow(raw);
    const key = `${row.schema}\u0000${row.table}`;
    if (row.kind === 'schema') datasets.add(row.schema);
    if (row.kind === 'table') {
      tables.set(key, { schema: row.schema, name: row.table, type: row.type });
    }
    if (row.kind === 'column') {
      const list = columns.get(key) ?? [];
      list.push({ pos: row.position, shape: toColumn(row) });
      columns.set(key, list);
    }
  }

  const shapes = [...tables.entries()].map(([key, t]) => {
    const cols = (columns.get(key) ?? []).sort((a, b) => a.pos - b.pos);
    return Object.freeze({
      schema: t.schema,
      name: t.name,
      kind: toKind(t.type),
      isReadable: true,
      missingGrant: null,
      columns: Object.freeze(cols.map((c) => c.shape)),
    });
  });
  return Object.freeze({
    location,
    datasets: Object.freeze([...datasets].sort()),
    tables: Object.freeze(shapes),
  });
}

// table_type: BASE TABLE, CLONE, SNAPSHOT, EXTERNAL, VIEW, MATERIALIZED VIEW.
function toKind(type: string): TableKind {
  if (type === 'MATERIALIZED VIEW') return 'materialized_view';
  if (type === 'VIEW') return 'view';
  return 'table';
}

function toColumn(row: RegionRow): ColumnShape {
  return Object.freeze({
    name: row.column,
    dataType: row.dataType,
    family: typeFamilyOf(row.dataType, 'bigquery'),
    isReadable: true,
  });
}

function readRow(raw: unknown): RegionRow {
  if (typeof raw !== 'object' || raw === null) {
    throw new TypeError('bigquery catalog row is not an object');
  }
  const r = raw as Record<string, unknown>;
  const kind = r['row_kind'];
  if (kind !== 'schema' && kind !== 'table' && kind !== 'column') {
    throw new TypeError(`bigquery catalog row of unknown kind ${String(kind)}`);
  }
  const position = r['ordinal_position'];
  return {
    kind,
    schema: str(r['table_schema']),
    table: str(r['table_name']),
    type: str(r['table_type']),
    column: str(r['column_name']),
    position: typeof position === 'number' ? position : Number(position ?? 0),
    dataType: str(r['data_type']),
  };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

interface RegionRow {
  readonly kind: 'schema' | 'table' | 'column';
  readonly schema: string;
  readonly table: string;
  readonly type: string;
  readonly column: string;
  readonly position: number;
  readonly dataType: string;
}
