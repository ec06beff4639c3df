/**
 * The pure mapping of the two Redshift catalog statements (redshift-sql.ts)
 * to a ListedCatalog: late-binding views take their columns from
 * pg_get_late_binding_view_cols, views named in stv_mv_info are
 * materialized views, Spectrum tables come from svv_external_*.
 */
import type {
  ColumnShape,
  ListedCatalog,
  SchemaShape,
  TableKind,
} from '../model/catalog.js';
import {
  asRow,
  optionalBooleanField,
  optionalTextField,
  textField,
} from './catalog-rows.js';
import { deepFreeze } from './deep-freeze.js';
import { quoteRedshiftName } from './redshift-sql.js';
import {
  TYPE_KEYWORDS,
  classifyType,
  typeFamilyOf,
  typeKeywords,
} from './type-family.js';

/**
 * Maps the rows of both statements to a listed catalog. A late-binding
 * view takes its columns from pg_get_late_binding_view_cols; a view named
 * in stv_mv_info is a materialized view; Spectrum tables are readable
 * whenever their external schema is usable.
 */
export function shapeRedshiftCatalog(
  database: string,
  catalogRows: readonly unknown[],
  systemRows: readonly unknown[],
): ListedCatalog {
  const acc = new Accumulator();
  // UNION ALL gives no order on a cluster: schemas before relations
  // before columns.
  for (const row of ranked([...catalogRows, ...systemRows])) acc.add(row);
  return acc.finish(database);
}

/** The family of a Redshift type (format_type or a Spectrum type). */
export function redshiftTypeFamily(dataType: string, isExternal = false) {
  // Spectrum columns carry Hive type names (int, string, struct<…>).
  if (isExternal) return typeFamilyOf(dataType, 'databricks');
  return classifyType(dataType, REDSHIFT_TYPES);
}

// format_type also says `double precision`, `int4`-style names never
// appear, but FLOAT8/BOOL do in casts; the shared table lacks them.
const REDSHIFT_TYPES = new Map([
  ...TYPE_KEYWORDS.redshift,
  ...typeKeywords({
    number: 'DOUBLE FLOAT FLOAT4 FLOAT8 INT INT2 INT4 INT8',
    string: 'NCHAR NVARCHAR',
    boolean: 'BOOL',
  }),
]);

const WHAT = 'redshift catalog';

const RANK: readonly string[] = [
  'schema',
  'external_schema',
  'relation',
  'external_table',
  'materialized_view',
  'column',
  'external_column',
  'late_binding_column',
];

function ranked(rows: readonly unknown[]): Record<string, unknown>[] {
  const rank = (row: Record<string, unknown>) =>
    RANK.indexOf(String(row['row_kind']));
  return rows
    .map((value) => asRow(value, WHAT))
    .sort((a, b) => rank(a) - rank(b));
}

const KINDS: Readonly<Record<string, TableKind>> = {
  r: 'table',
  p: 'table',
  f: 'table',
  v: 'view',
  m: 'materialized_view',
};

class Accumulator {
  private role = '';
  private readonly schemas = new Map<string, SchemaShape>();
  private readonly tables = new Map<string, MutableTable>();
  private readonly lateBinding: Row[] = [];
  private readonly views = new Set<string>();

  add(row: Record<string, unknown>): void {
    const kind = textField(row, 'row_kind', WHAT);
    const schema = textField(row, 'schema_name', WHAT);
    const role = row['role_name'];
    if (typeof role === 'string') this.role = role;

    if (kind === 'schema') {
      const usable = optionalBooleanField(row, 'is_usable', WHAT) === true;
      this.schemas.set(schema, this.schemaShape(schema, usable));
    } else if (kind === 'relation') {
      this.addRelation(row, schema);
    } else if (kind === 'column' || kind === 'external_column') {
      const isExternal = kind === 'external_column';
      this.tables
        .get(key(schema, name(row)))
        ?.columns.push(column(row, isExternal));
    } else if (kind === 'late_binding_column') {
      this.lateBinding.push(row);
    } else if (kind === 'external_schema' && !this.schemas.has(schema)) {
      // An external schema the monitor may use shows in pg_namespace too;
      // one that only shows here counts as usable.
      this.schemas.set(schema, this.schemaShape(schema, true));
    } else if (kind === 'external_table') {
      const t = table(schema, name(row), 'table');
      this.tables.set(key(schema, t.name), t);
    } else if (kind === 'materialized_view') {
      this.views.add(key(schema, name(row)));
    }
  }

  finish(database: string): ListedCatalog {
    for (const row of this.lateBinding) {
      const t = this.tables.get(
        key(textField(row, 'schema_name', WHAT), name(row)),
      );
      const col = column(row, false);
      if (t && !t.columns.some((c) => c.name === col.name)) t.columns.push(col);
    }
    for (const [k, t] of this.tables) {
      if (this.views.has(k)) t.kind = 'materialized_view';
      t.columns.sort((a, b) => a.position - b.position);
    }
    const tables = [...this.tables.values()].map(({ columns, ...t }) => ({
      ...t,
      columns: columns.map(({ position: _, ...c }) => ({
        ...c,
        isReadable: t.isReadable,
      })),
    }));
    return deepFreeze({
      status: 'listed',
      database,
      schemas: [...this.schemas.values()],
      tables,
      unknownSchemas: [],
    });
  }

  private addRelation(row: Record<string, unknown>, schema: string): void {
    const relkind = textField(row, 'relkind', WHAT);
    const kind = KINDS[relkind];
    if (kind === undefined) {
      throw new TypeError(`unexpected ${WHAT} row: relkind ${relkind}`);
    }
    const t = table(schema, name(row), kind);
    const usable = this.schemas.get(schema);
    const isReadable =
      (usable?.isUsable ?? true) &&
      optionalBooleanField(row, 'is_readable', WHAT) === true;
    t.isReadable = isReadable;
    t.missingGrant = isReadable
      ? null
      : (usable?.missingGrant ??
        `GRANT SELECT ON ${quoteRedshiftName(schema)}.` +
          `${quoteRedshiftName(t.name)} TO ${quoteRedshiftName(this.role)}`);
    this.tables.set(key(schema, t.name), t);
  }

  private schemaShape(schema: string, isUsable: boolean): SchemaShape {
    return {
      name: schema,
      isUsable,
      missingGrant: isUsable
        ? null
        : `GRANT USAGE ON SCHEMA ${quoteRedshiftName(schema)} TO ` +
          quoteRedshiftName(this.role),
    };
  }
}

function key(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}

function name(row: Record<string, unknown>): string {
  return textField(row, 'table_name', WHAT);
}

function table(schema: string, tableName: string, kind: TableKind) {
  const t: MutableTable = {
    schema,
    name: tableName,
    kind,
    isReadable: true,
    missingGrant: null,
    columns: [],
  };
  return t;
}

function column(row: Record<string, unknown>, isExternal: boolean) {
  const dataType = optionalTextField(row, 'data_type', WHAT) ?? '';
  return {
    name: textField(row, 'column_name', WHAT),
    dataType,
    family: redshiftTypeFamily(dataType, isExternal),
    isReadable: true,
    position: Number(row['position'] ?? 0),
  };
}

type Row = Record<string, unknown>;

interface MutableTable {
  schema: string;
  name: string;
  kind: TableKind;
  isReadable: boolean;
  missingGrant: string | null;
  columns: (ColumnShape & { position: number })[];
}
