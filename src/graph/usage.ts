/**
 * Every warehouse table and column a graph uses, with who uses it and why
 * (SPEC §4 "Objects"). A table or column is listed once with all its uses.
 */
import type {
  DataGraph,
  Entity,
  Profile,
  Relationship,
} from '../model/graph.js';
import { listRelationships } from '../model/graph.js';
import { formatNamePart, formatNamePath } from '../model/names.js';
import type { NamePart } from '../model/names.js';
import type {
  GraphUsage,
  JoinSide,
  Use,
  UsedColumn,
  UsedJoin,
  UsedTable,
  UseRole,
} from '../model/usage.js';

/** The profile tables of each profile type, with the columns read in each. */
export const PROFILE_TABLES: Readonly<
  Record<Profile['type'], ReadonlyArray<readonly [string, readonly string[]]>>
> = {
  'segment:materialized': [
    ['user_identifiers', ['type', 'value']],
    ['user_traits', ['name', 'value']],
  ],
  'segment:unmaterialized': [
    ['external_id_mapping_updates', []],
    ['profile_traits_updates', []],
  ],
};

/**
 * Lists what `graph` uses; a two-part `table_ref` is read in
 * `defaultDatabase`. Tables come sorted by tableRef, columns by name, uses
 * by subject then role; joins in graph order.
 */
export function collectUsage(
  graph: DataGraph,
  defaultDatabase: string,
): GraphUsage {
  const usage = new UsageBuilder({ name: defaultDatabase, quoted: false });
  const entities = new Map(graph.entities.map((e) => [e.slug, e]));

  for (const entity of graph.entities) {
    const subject = `entity:${entity.slug}`;
    const table = usage.useTable(entity.tableParts, {
      subject,
      role: 'table_ref',
    });
    usage.useColumn(table, entity.primaryKey, { subject, role: 'primary_key' });
  }
  if (graph.profile !== null) addProfile(usage, graph.profile);
  for (const relationship of listRelationships(graph)) {
    addRelationship(usage, relationship, entities);
  }

  return usage.finish();
}

function addProfile(usage: UsageBuilder, profile: Profile): void {
  const subject = 'profile';

  for (const [name, columns] of PROFILE_TABLES[profile.type]) {
    const parts = [...profile.folderParts, { name, quoted: false }];
    const table = usage.useTable(parts, { subject, role: 'profile_table' });
    for (const column of columns) {
      usage.useColumn(
        table,
        { name: column, quoted: false },
        { subject, role: 'profile_column' },
      );
    }
  }
}

function addRelationship(
  usage: UsageBuilder,
  relationship: Relationship,
  entities: ReadonlyMap<string, Entity>,
): void {
  const subject = `relationship:${relationship.slug}`;
  const { join } = relationship;
  const tableOf = (slug: string): string =>
    usage.useTable(entities.get(slug)?.tableParts ?? [], null);

  if (join.kind === 'external_id' || join.kind === 'trait') {
    const table = tableOf(relationship.relatedEntity);
    usage.useColumn(table, join.joinKey, { subject, role: 'join_key' });
    return;
  }

  const use = <R extends UseRole>(role: R) => ({ subject, role });
  const parent = tableOf(join.parentSide.entity);
  const related = tableOf(join.relatedSide.entity);
  if (join.kind === 'join_on') {
    usage.useJoin(
      use('join_on'),
      [parent, join.parentSide.column],
      [related, join.relatedSide.column],
    );
    return;
  }

  const junction = usage.useTable(join.tableParts, use('junction_table'));
  usage.useColumn(junction, join.primaryKey, use('junction_primary_key'));
  usage.useJoin(
    use('junction_join'),
    [parent, join.parentSide.column],
    [junction, join.junctionParentColumn],
  );
  usage.useJoin(
    use('junction_join'),
    [junction, join.junctionRelatedColumn],
    [related, join.relatedSide.column],
  );
}

interface TableEntry {
  readonly parts: readonly [NamePart, NamePart, NamePart];
  readonly uses: Use[];
  readonly columns: Map<string, { column: NamePart; uses: Use[] }>;
}

class UsageBuilder {
  private readonly tables = new Map<string, TableEntry>();
  private readonly joins: UsedJoin[] = [];

  constructor(private readonly defaultDatabase: NamePart) {}

  /** Records a use of a table (or none) and returns its tableRef. */
  useTable(parts: readonly NamePart[], use: Use | null): string {
    const [a, b, c] = parts;
    const full: [NamePart, NamePart, NamePart] | null =
      a && b && c ? [a, b, c] : a && b ? [this.defaultDatabase, a, b] : null;
    // A valid graph always has two or three parts; keep any other visible.
    const tableRef = full ? formatNamePath(full) : formatNamePath(parts);

    let entry = this.tables.get(tableRef);
    if (entry === undefined && full !== null) {
      entry = { parts: full, uses: [], columns: new Map() };
      this.tables.set(tableRef, entry);
    }
    if (use !== null) entry?.uses.push(use);
    return tableRef;
  }

  useColumn(tableRef: string, column: NamePart, use: Use): JoinSide {
    const name = formatNamePart(column);
    const columns = this.tables.get(tableRef)?.columns;
    const entry = columns?.get(name) ?? { column, uses: [] };
    entry.uses.push(use);
    columns?.set(name, entry);
    return { tableRef, column: name };
  }

  useJoin(
    use: Use & { readonly role: UsedJoin['role'] },
    [leftTable, leftColumn]: [string, NamePart],
    [rightTable, rightColumn]: [string, NamePart],
  ): void {
    const left = this.useColumn(leftTable, leftColumn, use);
    const right = this.useColumn(rightTable, rightColumn, use);
    this.joins.push({ subject: use.subject, role: use.role, left, right });
  }

  finish(): GraphUsage {
    const tables: UsedTable[] = [...this.tables.entries()]
      .sort(([a], [b]) => compareText(a, b))
      .map(([tableRef, entry]) => ({
        tableRef,
        database: entry.parts[0],
        schema: entry.parts[1],
        table: entry.parts[2],
        uses: sortUses(entry.uses),
        columns: finishColumns(entry.columns),
      }));
    return { tables, joins: this.joins };
  }
}

function finishColumns(
  columns: ReadonlyMap<string, { column: NamePart; uses: Use[] }>,
): UsedColumn[] {
  return [...columns.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, entry]) => ({
      column: entry.column,
      name,
      uses: sortUses(entry.uses),
    }));
}

function sortUses(uses: readonly Use[]): Use[] {
  const unique = new Map(uses.map((u) => [`${u.subject}\u0000${u.role}`, u]));
  return [...unique.values()].sort(
    (a, b) => compareText(a.subject, b.subject) || compareText(a.role, b.role),
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
