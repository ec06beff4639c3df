/** Builders for classifier tests: usage, snapshots and baselines by hand. */
import type {
  ListedCatalog,
  TableKind,
  TableShape,
  TypeFamily,
  UnknownCatalog,
  WarehouseSnapshot,
} from '../../../src/model/catalog.js';
import type {
  Baseline,
  CheckResult,
  KnownNames,
} from '../../../src/model/check.js';
import type { Consumer } from '../../../src/model/consumer.js';
import type { ColumnValue, TableValue } from '../../../src/model/finding.js';
import type { NamePart, NamingRules } from '../../../src/model/names.js';
import { formatNamePath, parseNamePath } from '../../../src/model/names.js';
import type {
  GraphUsage,
  Use,
  UseRole,
  UsedJoin,
} from '../../../src/model/usage.js';

/** How PostgreSQL matches names: folds to lower case, databases by fold. */
export const POSTGRES_NAMING: NamingRules = {
  fold: 'lower',
  isCaseInsensitive: false,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: true,
};

/** How DuckDB matches names: case-insensitively, quoted or not. */
export const DUCKDB_NAMING: NamingRules = {
  fold: 'lower',
  isCaseInsensitive: true,
  caseSensitiveLevels: [],
  isDatabaseFoldedOnly: false,
};

/** `subject role` pairs, e.g. `entity:cart-entity table_ref`. */
export type UseText = `${string} ${UseRole}`;

/** A used table: its own uses and its columns' uses. */
export interface UsedTableText {
  readonly uses: readonly UseText[];
  readonly columns?: Readonly<Record<string, readonly UseText[]>>;
}

/** A join: subject, role, `TABLE_REF:COLUMN` on each side. */
export type JoinText = readonly [
  subject: string,
  role: 'join_on' | 'junction_join',
  left: string,
  right: string,
];

/** Builds a GraphUsage from table_refs and column names as a graph writes them. */
export function usageOf(
  tables: Readonly<Record<string, UsedTableText>>,
  joins: readonly JoinText[] = [],
): GraphUsage {
  const used = Object.entries(tables).map(([ref, table]) => {
    const [database, schema, name] = parseTableRef(ref);
    const columns = Object.entries(table.columns ?? {}).map(([col, uses]) => {
      const column = parseColumn(col);
      return { column, name: formatNamePath([column]), uses: uses.map(use) };
    });
    return {
      tableRef: formatNamePath([database, schema, name]),
      database,
      schema,
      table: name,
      uses: table.uses.map(use),
      columns: columns.sort((a, b) => (a.name < b.name ? -1 : 1)),
    };
  });

  return {
    tables: used.sort((a, b) => (a.tableRef < b.tableRef ? -1 : 1)),
    joins: joins.map(join),
  };
}

/** A column of a test table: a raw type, or one the monitor may not read. */
export type ColumnText =
  string | { readonly type: string; readonly denied: true };

/** A test database: schema → table → column → raw type. */
export type WarehouseText = Record<
  string,
  Record<string, Record<string, ColumnText>>
>;

/** Privileges and kinds that differ from a readable, usable table. */
export interface CatalogOptions {
  /** `schema.table` → kind; default `table`. */
  readonly kinds?: Readonly<Record<string, TableKind>>;
  /** `schema.table` → the missing grant the adapter reported, or null. */
  readonly deniedTables?: Readonly<Record<string, string | null>>;
  /** Schemas without USAGE. */
  readonly unusableSchemas?: readonly string[];
  /** Schemas that could not be read, and why. */
  readonly unknownSchemas?: Readonly<Record<string, string>>;
}

/** A listed catalog, as a PostgreSQL adapter reports it (lower case). */
export function listedCatalog(
  database: string,
  schemas: WarehouseText,
  options: CatalogOptions = {},
): ListedCatalog {
  const tables: TableShape[] = [];
  for (const [schema, byName] of Object.entries(schemas)) {
    for (const [name, columns] of Object.entries(byName)) {
      tables.push(tableShape(schema, name, columns, options));
    }
  }

  const unusable = options.unusableSchemas ?? [];
  return {
    status: 'listed',
    database,
    schemas: Object.keys(schemas).map((name) => ({
      name,
      isUsable: !unusable.includes(name),
      missingGrant: null,
    })),
    tables,
    unknownSchemas: Object.entries(options.unknownSchemas ?? {}).map(
      ([schema, reason]) => ({ schema, reason }),
    ),
  };
}

/** A database that could not be read. */
export function unknownCatalog(
  database: string,
  reason: string,
): UnknownCatalog {
  return { status: 'unknown', database, reason };
}

/** A PostgreSQL snapshot of the given catalogs. */
export function snapshotOf(
  catalogs: WarehouseSnapshot['catalogs'],
  naming: NamingRules = POSTGRES_NAMING,
): WarehouseSnapshot {
  const warehouse = naming.isCaseInsensitive ? 'duckdb' : 'postgres';
  return { warehouse, naming, catalogs, metadataQueries: 2 };
}

/** A baseline from `[tableRef, kind]` and `[tableRef:column, raw type]`. */
export function baselineOf(
  tables: Readonly<Record<string, TableKind>> = {},
  columns: Readonly<Record<string, string>> = {},
): Baseline {
  return {
    tables: new Map(Object.entries(tables).map(([k, kind]) => [k, { kind }])),
    columns: new Map(
      Object.entries(columns).map(([k, type]) => [k, columnValue(type)]),
    ),
  };
}

/** The baseline a state layer would accept from a good sync's result. */
export function acceptBaseline(result: CheckResult): Baseline {
  const tables = new Map<string, TableValue>();
  for (const [ref, seen] of result.tables) {
    if (seen.state === 'present' && seen.kind)
      tables.set(ref, { kind: seen.kind });
  }

  const columns = new Map<string, ColumnValue>();
  for (const [key, seen] of result.columns) {
    if (seen.state === 'present' && seen.value) columns.set(key, seen.value);
  }
  return { tables, columns };
}

/** Known names from `[key, names]` pairs. */
export function knownNamesOf(
  schemas: Readonly<Record<string, readonly string[]>> = {},
  tables: Readonly<Record<string, readonly string[]>> = {},
): KnownNames {
  return {
    schemas: new Map(Object.entries(schemas)),
    tables: new Map(Object.entries(tables)),
  };
}

/** A consumer using the given subjects. */
export function consumerOf(id: string, uses: readonly string[]): Consumer {
  return {
    id,
    name: `consumer ${id}`,
    type: 'linked_audience',
    uses,
    owner: null,
  };
}

/** The family a PostgreSQL adapter gives the raw types these tests use. */
export function columnValue(type: string): ColumnValue {
  return { type, family: familyOf(type) };
}

function familyOf(type: string): TypeFamily {
  const base = type.toLowerCase().replace(/\(.*$/, '').trim();
  const families: Record<string, TypeFamily> = {
    bigint: 'number',
    integer: 'number',
    int: 'number',
    numeric: 'number',
    text: 'string',
    'character varying': 'string',
    varchar: 'string',
    timestamptz: 'temporal',
    'timestamp with time zone': 'temporal',
    date: 'temporal',
    boolean: 'boolean',
    bytea: 'binary',
    jsonb: 'semi_structured',
  };
  return families[base] ?? 'other';
}

function tableShape(
  schema: string,
  name: string,
  columns: Record<string, ColumnText>,
  options: CatalogOptions,
): TableShape {
  const path = `${schema}.${name}`;
  const denied = options.deniedTables ?? {};
  return {
    schema,
    name,
    kind: options.kinds?.[path] ?? 'table',
    isReadable: !(path in denied),
    missingGrant: denied[path] ?? null,
    columns: Object.entries(columns).map(([column, text]) => {
      const type = typeof text === 'string' ? text : text.type;
      const isReadable = typeof text === 'string';
      return {
        name: column,
        dataType: type,
        family: familyOf(type),
        isReadable,
      };
    }),
  };
}

function use(text: UseText): Use {
  const [subject, role] = text.split(' ') as [string, UseRole];
  return { subject, role };
}

function join([subject, role, left, right]: JoinText): UsedJoin {
  return { subject, role, left: side(left), right: side(right) };
}

function side(text: string): UsedJoin['left'] {
  const at = text.lastIndexOf(':');
  const tableRef = formatNamePath(parseTableRef(text.slice(0, at)));
  const column = formatNamePath([parseColumn(text.slice(at + 1))]);
  return { tableRef, column };
}

function parseTableRef(text: string): [NamePart, NamePart, NamePart] {
  const parts = parseNamePath(text);
  if (typeof parts === 'string' || parts.length !== 3) {
    throw new Error(`test fixture: bad table_ref "${text}"`);
  }
  return [parts[0]!, parts[1]!, parts[2]!];
}

function parseColumn(text: string): NamePart {
  const parts = parseNamePath(text);
  if (typeof parts === 'string' || parts.length !== 1) {
    throw new Error(`test fixture: bad column "${text}"`);
  }
  return parts[0]!;
}
