/**
 * Lookups over a listed catalog, built once per catalog: a sync may use
 * thousands of tables of one schema, and each must not scan them all.
 */
import type {
  ListedCatalog,
  TableShape,
  WarehouseSnapshot,
} from '../src/model/catalog.js';
import type { NameLevel, NameMatch, NamePart } from '../src/model/names.js';
import { foldName, matchName } from '../src/model/names.js';

/** A listed catalog's schemas and tables, grouped for lookups. */
export interface CatalogIndex {
  /** Schema names, from the schema list and from the tables. */
  readonly schemas: NameIndex;
  /** The tables of each schema, by the schema's catalog spelling. */
  readonly tablesBySchema: ReadonlyMap<string, readonly TableShape[]>;
  /** Table names of each schema, indexed for matching. */
  readonly tableNames: ReadonlyMap<string, NameIndex>;
  /** Each schema's tables by name. */
  readonly tableByName: ReadonlyMap<string, ReadonlyMap<string, TableShape>>;
}

/** Names grouped by their lower-case form. */
export type NameIndex = ReadonlyMap<string, readonly string[]>;

// Snapshots are frozen plain data, so an index never goes stale.
const indexes = new WeakMap<ListedCatalog, CatalogIndex>();

/** The index of a listed catalog, built on first use. */
export function indexCatalog(catalog: ListedCatalog): CatalogIndex {
  const known = indexes.get(catalog);
  if (known !== undefined) return known;

  const tablesBySchema = new Map<string, TableShape[]>();
  for (const table of catalog.tables) {
    const list = tablesBySchema.get(table.schema) ?? [];
    list.push(table);
    tablesBySchema.set(table.schema, list);
  }

  const tableNames = new Map<string, NameIndex>();
  const tableByName = new Map<string, Map<string, TableShape>>();
  for (const [schema, tables] of tablesBySchema) {
    tableNames.set(schema, indexNames(tables.map((t) => t.name)));
    tableByName.set(schema, new Map(tables.map((t) => [t.name, t])));
  }
  const schemaNames = [
    ...catalog.schemas.map((s) => s.name),
    ...tablesBySchema.keys(),
  ];
  const index = {
    schemas: indexNames(schemaNames),
    tablesBySchema,
    tableNames,
    tableByName,
  };
  indexes.set(catalog, index);
  return index;
}

/**
 * matchName over an index. Every name matchName can pick equals the graph
 * name or its folded form ignoring case, so only those are handed to it.
 */
export function matchIndexed(
  part: NamePart,
  names: NameIndex | undefined,
  level: NameLevel,
  snapshot: WarehouseSnapshot,
): NameMatch {
  const lower = part.name.toLowerCase();
  // Folding may change a name's length (ß, ﬁ), and with it its lower case.
  const folded = foldName(part, snapshot.naming).toLowerCase();
  const candidates = new Set([
    ...(names?.get(lower) ?? []),
    ...(names?.get(folded) ?? []),
  ]);

  return matchName(part, [...candidates], level, snapshot.naming);
}

function indexNames(names: readonly string[]): NameIndex {
  const index = new Map<string, string[]>();

  for (const name of new Set(names)) {
    const key = name.toLowerCase();
    const list = index.get(key) ?? [];
    list.push(name);
    index.set(key, list);
  }
  return index;
}
