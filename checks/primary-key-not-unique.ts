/**
 * `primary_key_not_unique` (SPEC §4): a primary key column of an entity
 * or junction table holds duplicates. The counting is a data query the
 * scheduler runs on its own schedule; this rule only judges its result.
 */
import type { Consumer } from '../src/model/consumer.js';
import type { DataGraph } from '../src/model/graph.js';
import type { Observation } from '../src/model/finding.js';
import type { GraphUsage, UsedColumn, UsedTable } from '../src/model/usage.js';
import { findAffectedConsumers } from './affected-consumers.js';
import { columnKey, draftFinding } from './rule.js';

/** A primary key column the check should count, with its table. */
export interface KeyColumnUse {
  readonly table: UsedTable;
  readonly column: UsedColumn;
  /** `${tableRef}:${column}`, as in the check result maps. */
  readonly key: string;
}

/** Every used column that some subject uses as a primary key. */
export function listKeyColumns(usage: GraphUsage): KeyColumnUse[] {
  const out: KeyColumnUse[] = [];
  for (const table of usage.tables) {
    for (const column of table.columns) {
      const isKey = column.uses.some(
        (u) => u.role === 'primary_key' || u.role === 'junction_primary_key',
      );
      if (isKey) {
        out.push({
          table,
          column,
          key: columnKey(table.tableRef, column.name),
        });
      }
    }
  }
  return out;
}

/** One finding per key column whose duplicate count is above zero. */
export function findDuplicateKeys(
  graph: DataGraph,
  consumers: readonly Consumer[],
  keys: readonly KeyColumnUse[],
  duplicates: ReadonlyMap<string, number>,
): Observation[] {
  const out: Observation[] = [];

  for (const { table, column, key } of keys) {
    const count = duplicates.get(key) ?? 0;
    if (count <= 0) continue;
    const uses = column.uses.filter(
      (u) => u.role === 'primary_key' || u.role === 'junction_primary_key',
    );
    const draft = draftFinding({
      kind: 'primary_key_not_unique',
      tableRef: table.tableRef,
      column: column.name,
      uses,
      before: null,
      after: null,
      suggestion: `${count} key values occur more than once`,
    });
    out.push({
      ...draft,
      affectedConsumers: findAffectedConsumers(graph, consumers, draft.uses),
    });
  }
  return out;
}
