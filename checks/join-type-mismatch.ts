/**
 * `join_type_mismatch`: both columns of a `join_on` or junction join are
 * present and of different type families. Checked from the first sync on;
 * `external_id`/`trait` join keys are not joins here and are not checked.
 */
import type {
  ColumnValue,
  JoinColumnValue,
  JoinValue,
} from '../src/model/finding.js';
import { joinFindingKey } from '../src/model/finding.js';
import type { JoinSide } from '../src/model/usage.js';
import type { Draft, RuleContext } from './rule.js';
import { columnKey, draftFinding } from './rule.js';
import { isCompatibleType } from './type-compat.js';

/** One finding per mismatched join, named after its right-hand column. */
export function findJoinTypeMismatches(context: RuleContext): Draft[] {
  const current = presentColumns(context);
  const drafts: Draft[] = [];

  for (const join of context.input.usage.joins) {
    const left = current.get(columnKey(join.left.tableRef, join.left.column));
    const right = current.get(
      columnKey(join.right.tableRef, join.right.column),
    );
    if (left === undefined || right === undefined) continue;
    if (isCompatibleType(left, right)) continue;

    const after: JoinValue = {
      left: describeSide(join.left, left),
      right: describeSide(join.right, right),
    };
    drafts.push(
      draftFinding({
        kind: 'join_type_mismatch',
        key: joinFindingKey(after),
        tableRef: join.right.tableRef,
        column: join.right.column,
        uses: [{ subject: join.subject, role: join.role }],
        before: null,
        after,
        suggestion: null,
      }),
    );
  }
  return drafts;
}

// Only present columns take part: a missing or denied side is already a
// definite finding of its own.
function presentColumns(context: RuleContext): Map<string, ColumnValue> {
  const values = new Map<string, ColumnValue>();

  for (const table of context.tables) {
    for (const column of table.columns) {
      if (column.state !== 'present' || column.shape === null) continue;
      values.set(columnKey(table.used.tableRef, column.used.name), {
        type: column.shape.dataType,
        family: column.shape.family,
      });
    }
  }
  return values;
}

function describeSide(side: JoinSide, value: ColumnValue): JoinColumnValue {
  return { tableRef: side.tableRef, column: side.column, type: value.type };
}
