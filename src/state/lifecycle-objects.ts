/**
 * Which warehouse objects a finding is about, and whether a sync saw them:
 * the lifecycle only opens or resolves what a sync actually looked at.
 */
import type { CheckResult } from '../model/check.js';
import type { FindingKind, FindingValue, JoinValue } from '../model/finding.js';

/** The parts of a finding that locate its object. */
export interface FindingObject {
  readonly kind: FindingKind;
  readonly tableRef: string;
  readonly column: string | null;
  readonly after: FindingValue | null;
}

/**
 * `seen`: this sync looked at the object and could tell whether the
 * problem is there; `hidden`: unknown, or masked by a missing table;
 * `removed`: the graph no longer uses it.
 */
export type Visibility = 'seen' | 'hidden' | 'removed';

/** The key of a used column in the check result's maps. */
export function columnRef(tableRef: string, column: string): string {
  return `${tableRef}:${column}`;
}

/** Both columns of a `join_type_mismatch`, read from its `after`. */
export function joinSides(value: FindingValue | null): JoinValue | null {
  if (value === null || !('left' in value) || !('right' in value)) {
    return null;
  }
  return value;
}

/** Whether this sync saw the object of a finding (see `Visibility`). */
export function visibilityOf(
  finding: FindingObject,
  result: CheckResult,
  isPrimaryKeyChecked: boolean,
): Visibility {
  if (finding.kind === 'join_type_mismatch') {
    return joinVisibility(joinSides(finding.after), result);
  }

  const table = result.tables.get(finding.tableRef);
  if (table === undefined) return 'removed';
  if (finding.column === null) {
    if (table.state === 'unknown') return 'hidden';
    if (finding.kind !== 'table_kind_changed') return 'seen';
    // The kind is judged on a readable table only, as the classifier does.
    return table.state === 'present' ? 'seen' : 'hidden';
  }

  // Columns of a table that is not there are masked by it, listed or not.
  if (table.state !== 'present') return 'hidden';
  const ref = columnRef(finding.tableRef, finding.column);
  const column = result.columns.get(ref);
  if (column === undefined) return 'removed';
  if (column.state === 'unknown') return 'hidden';
  if (finding.kind === 'primary_key_not_unique' && !isPrimaryKeyChecked) {
    return 'hidden';
  }
  // A type or a duplicate can only be judged on a column that is there.
  const needsValue =
    finding.kind === 'column_type_changed' ||
    finding.kind === 'primary_key_not_unique';
  return needsValue && column.state !== 'present' ? 'hidden' : 'seen';
}

/** Whether a finding sits on a table or one of that table's columns. */
export function isOnTable(finding: FindingObject, tableRef: string): boolean {
  const sides = joinSides(finding.after);
  if (finding.kind === 'join_type_mismatch' && sides !== null) {
    return (
      sides.left.tableRef === tableRef || sides.right.tableRef === tableRef
    );
  }
  return finding.tableRef === tableRef;
}

/** Whether a finding sits on one column, directly or through a join. */
export function isOnColumn(
  finding: FindingObject,
  tableRef: string,
  column: string,
): boolean {
  const sides = joinSides(finding.after);
  if (finding.kind === 'join_type_mismatch' && sides !== null) {
    return [sides.left, sides.right].some(
      (s) => s.tableRef === tableRef && s.column === column,
    );
  }
  return finding.tableRef === tableRef && finding.column === column;
}

/** The used tableRef a column key starts with (the longest one). */
export function tableOfColumnRef(
  ref: string,
  result: CheckResult,
): string | null {
  // A quoted name may hold `:`, so try each one from the right.
  for (let end = ref.lastIndexOf(':'); end > 0;) {
    const tableRef = ref.slice(0, end);
    if (result.tables.has(tableRef)) return tableRef;
    end = ref.lastIndexOf(':', end - 1);
  }
  return null;
}

function joinVisibility(
  sides: JoinValue | null,
  result: CheckResult,
): Visibility {
  if (sides === null) return 'hidden';
  let visibility: Visibility = 'seen';

  for (const side of [sides.left, sides.right]) {
    const table = result.tables.get(side.tableRef);
    if (table === undefined) return 'removed';
    const column = result.columns.get(columnRef(side.tableRef, side.column));
    if (table.state !== 'present') visibility = 'hidden';
    else if (column === undefined) return 'removed';
    else if (column.state !== 'present') visibility = 'hidden';
  }
  return visibility;
}
