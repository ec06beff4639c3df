/**
 * Matches every used table and column to this sync's snapshot: present,
 * absent, denied or unknown (SPEC §4 "Present, absent, unknown").
 */
import type {
  ColumnShape,
  ListedCatalog,
  SchemaShape,
  TableShape,
  WarehouseSnapshot,
} from '../src/model/catalog.js';
import type { ObjectState } from '../src/model/check.js';
import { matchName } from '../src/model/names.js';
import type { UnknownDatabase } from '../src/model/sync.js';
import type { GraphUsage, UsedColumn, UsedTable } from '../src/model/usage.js';
import { indexCatalog, matchIndexed } from './catalog-index.js';
import type { AmbiguousName, SchemaLocation } from './resolve-catalog.js';
import { locateSchema } from './resolve-catalog.js';

/** A used column and what the snapshot says of it. */
export interface ResolvedColumn {
  readonly used: UsedColumn;
  readonly state: ObjectState;
  /** The catalog's column, when present or denied. */
  readonly shape: ColumnShape | null;
  readonly ambiguous: AmbiguousName | null;
  /** True when its table is not present: it raises no finding. */
  readonly isHidden: boolean;
}

/** A used table, where it was looked for, and what was found. */
export interface ResolvedTable {
  readonly used: UsedTable;
  readonly state: ObjectState;
  /** Why it is unknown, when it is. */
  readonly unknown: UnknownDatabase | null;
  /** The listed database it was looked for in. */
  readonly catalog: ListedCatalog | null;
  /** The schema as the warehouse spells it, when the schema is there. */
  readonly schemaName: string | null;
  readonly schemaShape: SchemaShape | null;
  /** The catalog's table, when it was found. */
  readonly shape: TableShape | null;
  readonly ambiguous: AmbiguousName | null;
  readonly columns: readonly ResolvedColumn[];
}

/** Resolves every table and column the graph uses, in usage order. */
export function resolveObjects(
  usage: GraphUsage,
  snapshot: WarehouseSnapshot,
): ResolvedTable[] {
  return usage.tables.map((used) => resolveTable(used, snapshot));
}

function resolveTable(
  used: UsedTable,
  snapshot: WarehouseSnapshot,
): ResolvedTable {
  const location = locateSchema(used, snapshot);
  const base = describeLocation(used, location);
  if (location.status !== 'found') return finish(base, null, snapshot);

  const index = indexCatalog(location.catalog);
  const names = index.tableNames.get(location.schemaName);
  const match = matchIndexed(used.table, names, 'table', snapshot);
  const byName = index.tableByName.get(location.schemaName);
  const shape = match.found ? (byName?.get(match.name) ?? null) : null;
  const ambiguous =
    !match.found && match.ambiguous.length > 0
      ? { level: 'table' as const, names: match.ambiguous }
      : null;

  // An unusable schema hides whether the table is there (PostgreSQL USAGE).
  const isSchemaUsable = location.schemaShape?.isUsable ?? true;
  const state: ObjectState = !isSchemaUsable
    ? 'denied'
    : shape === null
      ? 'absent'
      : shape.isReadable
        ? 'present'
        : 'denied';
  return finish({ ...base, state, shape, ambiguous }, shape, snapshot);
}

type TableBase = Omit<ResolvedTable, 'columns'>;

function describeLocation(
  used: UsedTable,
  location: SchemaLocation,
): TableBase {
  const empty = {
    used,
    unknown: null,
    catalog: null,
    schemaName: null,
    schemaShape: null,
    shape: null,
    ambiguous: null,
  };
  switch (location.status) {
    case 'unknown':
      return { ...empty, state: 'unknown', unknown: location.unknown };
    case 'absent':
      return {
        ...empty,
        state: 'absent',
        catalog: location.catalog,
        ambiguous: location.ambiguous,
      };
    case 'found':
      return {
        ...empty,
        state: 'absent',
        catalog: location.catalog,
        schemaName: location.schemaName,
        schemaShape: location.schemaShape,
      };
  }
}

function finish(
  base: TableBase,
  shape: TableShape | null,
  snapshot: WarehouseSnapshot,
): ResolvedTable {
  const columns = base.used.columns.map((used) =>
    base.state === 'present' && shape !== null
      ? resolveColumn(used, shape, snapshot)
      : {
          used,
          state: base.state,
          shape: null,
          ambiguous: null,
          isHidden: true,
        },
  );
  return { ...base, columns };
}

function resolveColumn(
  used: UsedColumn,
  table: TableShape,
  snapshot: WarehouseSnapshot,
): ResolvedColumn {
  const names = table.columns.map((c) => c.name);
  const match = matchName(used.column, names, 'column', snapshot.naming);
  if (!match.found) {
    const ambiguous =
      match.ambiguous.length > 0
        ? { level: 'column' as const, names: match.ambiguous }
        : null;
    return { used, state: 'absent', shape: null, ambiguous, isHidden: false };
  }

  const shape = table.columns.find((c) => c.name === match.name) ?? null;
  const state = shape?.isReadable === false ? 'denied' : 'present';
  return { used, state, shape, ambiguous: null, isHidden: false };
}
