/**
 * The accepted baseline after a good sync (SPEC §4): first sightings are
 * accepted, raw type changes inside a family are kept silently (with a
 * history row), and acknowledged type or kind changes become accepted.
 */
import type { Baseline, CheckResult } from '../model/check.js';
import type { ColumnValue, TableValue } from '../model/finding.js';
import { columnRef, tableOfColumnRef } from './lifecycle-objects.js';

/** Why a baseline entry is written. */
export type BaselineReason = 'first_seen' | 'same_family' | 'accepted';

/** One write to the accepted baseline. */
export type BaselineChange =
  | {
      readonly scope: 'table';
      readonly ref: string;
      readonly tableRef: string;
      readonly before: TableValue | null;
      readonly after: TableValue;
      readonly reason: BaselineReason;
    }
  | {
      readonly scope: 'column';
      readonly ref: string;
      readonly tableRef: string;
      readonly before: ColumnValue | null;
      readonly after: ColumnValue;
      readonly reason: BaselineReason;
    };

/** A type or kind change a user acknowledged, to accept now. */
export interface Acceptance {
  readonly tableRef: string;
  /** Null for a table kind. */
  readonly column: string | null;
}

/** The baseline writes of a good (ok or partial, not suspect) sync. */
export function changeBaseline(
  baseline: Baseline,
  result: CheckResult,
  accepted: readonly Acceptance[],
): BaselineChange[] {
  const changes: BaselineChange[] = [];
  const acceptedRefs = new Set(
    accepted.map((a) =>
      a.column === null ? a.tableRef : columnRef(a.tableRef, a.column),
    ),
  );

  for (const [tableRef, table] of result.tables) {
    if (table.kind === null || table.state === 'unknown') continue;
    if (table.state === 'absent') continue;
    const before = baseline.tables.get(tableRef) ?? null;
    const after: TableValue = { kind: table.kind };
    const reason = tableReason(before, after, acceptedRefs.has(tableRef));
    if (reason === null) continue;
    changes.push({
      scope: 'table',
      ref: tableRef,
      tableRef,
      before,
      after,
      reason,
    });
  }

  for (const [ref, column] of result.columns) {
    if (column.state !== 'present' || column.value === null) continue;
    const before = baseline.columns.get(ref) ?? null;
    const after = column.value;
    const reason = columnReason(before, after, acceptedRefs.has(ref));
    if (reason === null) continue;
    const tableRef = tableOfColumnRef(ref, result);
    if (tableRef === null) continue;
    changes.push({ scope: 'column', ref, tableRef, before, after, reason });
  }
  return changes;
}

function tableReason(
  before: TableValue | null,
  after: TableValue,
  isAccepted: boolean,
): BaselineReason | null {
  if (before === null) return 'first_seen';
  if (before.kind === after.kind) return null;
  return isAccepted ? 'accepted' : null;
}

// `other` is compatible only with the identical raw type, so a change of
// its raw type is a finding, never a silent update.
function columnReason(
  before: ColumnValue | null,
  after: ColumnValue,
  isAccepted: boolean,
): BaselineReason | null {
  if (before === null) return 'first_seen';
  if (before.type === after.type && before.family === after.family) {
    return null;
  }
  if (isAccepted) return 'accepted';
  const isSameFamily =
    before.family === after.family && after.family !== 'other';
  return isSameFamily ? 'same_family' : null;
}
