/** Finds the catalog and schema a used table lives in (SPEC §4). */
import type {
  CatalogShape,
  ListedCatalog,
  SchemaShape,
  UnknownCatalog,
  WarehouseSnapshot,
} from '../src/model/catalog.js';
import type { NameLevel, NamePart } from '../src/model/names.js';
import { formatNamePart, matchName } from '../src/model/names.js';
import type { UnknownDatabase } from '../src/model/sync.js';
import type { UsedTable } from '../src/model/usage.js';
import { indexCatalog, matchIndexed } from './catalog-index.js';

/** Catalog names that a graph name matches only ignoring case. */
export interface AmbiguousName {
  readonly level: NameLevel;
  readonly names: readonly string[];
}

/** Where a used table's schema stands in this sync's snapshot. */
export type SchemaLocation =
  | { readonly status: 'unknown'; readonly unknown: UnknownDatabase }
  | {
      readonly status: 'absent';
      /** Null when the database itself could not be told apart. */
      readonly catalog: ListedCatalog | null;
      readonly ambiguous: AmbiguousName | null;
    }
  | {
      readonly status: 'found';
      readonly catalog: ListedCatalog;
      /** The schema as the warehouse spells it. */
      readonly schemaName: string;
      /** Null when only the tables named the schema. */
      readonly schemaShape: SchemaShape | null;
    };

/** Why a table is unknown when no catalog entry names its database. */
export const NOT_READ_REASON = 'this database was not read by the sync';

/**
 * Locates the schema of a used table. A name that matches two catalog
 * names only ignoring case is treated as absent: the consumers' queries
 * cannot pick one either, and the finding's suggestion names both.
 */
export function locateSchema(
  table: UsedTable,
  snapshot: WarehouseSnapshot,
): SchemaLocation {
  const database = findCatalog(table.database, snapshot);
  if (database.status === 'ambiguous') {
    return { status: 'absent', catalog: null, ambiguous: database.ambiguous };
  }

  if (database.status !== 'listed') {
    // An unknown catalog already carries the graph's spelling and reason.
    const unknown =
      database.status === 'unknown'
        ? {
            database: database.catalog.database,
            reason: database.catalog.reason,
          }
        : { database: spellGraphName(table.database), reason: NOT_READ_REASON };
    return { status: 'unknown', unknown };
  }

  return findSchema(table, database.catalog, snapshot);
}

/** A graph name as written: unquoted parts as typed, quoted ones quoted. */
export function spellGraphName(part: NamePart): string {
  return part.quoted ? formatNamePart(part) : part.name;
}

/** The `DATABASE.SCHEMA` key of knownNames for a used table. */
export function schemaKey(table: UsedTable): string {
  return `${formatNamePart(table.database)}.${formatNamePart(table.schema)}`;
}

type CatalogMatch =
  | { readonly status: 'listed'; readonly catalog: ListedCatalog }
  | { readonly status: 'unknown'; readonly catalog: UnknownCatalog }
  | { readonly status: 'ambiguous'; readonly ambiguous: AmbiguousName }
  | { readonly status: 'missing' };

function findCatalog(
  part: NamePart,
  snapshot: WarehouseSnapshot,
): CatalogMatch {
  const listed = snapshot.catalogs.filter(isListed);
  const names = listed.map((c) => c.database);
  const match = matchName(part, names, 'database', snapshot.naming);
  if (match.found) {
    const catalog = listed.find((c) => c.database === match.name);
    if (catalog !== undefined) return { status: 'listed', catalog };
  } else if (match.ambiguous.length > 0) {
    const ambiguous = { level: 'database' as const, names: match.ambiguous };
    return { status: 'ambiguous', ambiguous };
  }

  // An unknown catalog keeps the graph's spelling, so compare spellings.
  const unknown = snapshot.catalogs.find(
    (c): c is UnknownCatalog =>
      c.status === 'unknown' && isSameGraphName(c.database, part),
  );
  return unknown
    ? { status: 'unknown', catalog: unknown }
    : { status: 'missing' };
}

function findSchema(
  table: UsedTable,
  catalog: ListedCatalog,
  snapshot: WarehouseSnapshot,
): SchemaLocation {
  const naming = snapshot.naming;
  const unreadable = catalog.unknownSchemas.map((u) => u.schema);
  const unread = matchName(table.schema, unreadable, 'schema', naming);
  const unreadName = unread.found ? unread.name : unread.ambiguous[0];
  const unknownPart = catalog.unknownSchemas.find(
    (u) => u.schema === unreadName,
  );
  if (unknownPart !== undefined) {
    const database = spellGraphName(table.database);
    const name = `${database}.${spellGraphName(table.schema)}`;
    const unknown = { database: name, reason: unknownPart.reason };
    return { status: 'unknown', unknown };
  }

  // Tables name their schema too, in case an adapter listed only those.
  const names = indexCatalog(catalog).schemas;
  const match = matchIndexed(table.schema, names, 'schema', snapshot);
  if (!match.found) {
    const ambiguous =
      match.ambiguous.length > 0
        ? { level: 'schema' as const, names: match.ambiguous }
        : null;
    return { status: 'absent', catalog, ambiguous };
  }

  const schemaShape = catalog.schemas.find((s) => s.name === match.name);
  return {
    status: 'found',
    catalog,
    schemaName: match.name,
    schemaShape: schemaShape ?? null,
  };
}

function isListed(catalog: CatalogShape): catalog is ListedCatalog {
  return catalog.status === 'listed';
}

function isSameGraphName(name: string, part: NamePart): boolean {
  if (name === part.name || name === formatNamePart(part)) return true;
  return !part.quoted && name.toLowerCase() === part.name.toLowerCase();
}
