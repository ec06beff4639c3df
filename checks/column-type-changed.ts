/**
 * `column_type_changed`: a used column's type family differs from the
 * accepted one. Needs a baseline; a change inside a family is silent.
 */
import type { Draft, RuleContext } from './rule.js';
import { columnKey, draftFinding } from './rule.js';
import { isCompatibleType } from './type-compat.js';

/** One finding per present column whose type left its accepted family. */
export function findColumnTypeChanges(context: RuleContext): Draft[] {
  const drafts: Draft[] = [];

  for (const table of context.tables) {
    const tableRef = table.used.tableRef;
    for (const column of table.columns) {
      const accepted = context.input.baseline.columns.get(
        columnKey(tableRef, column.used.name),
      );
      if (column.state !== 'present' || column.shape === null) continue;
      if (accepted === undefined) continue;

      const current = {
        type: column.shape.dataType,
        family: column.shape.family,
      };
      if (isCompatibleType(accepted, current)) continue;
      drafts.push(
        draftFinding({
          kind: 'column_type_changed',
          tableRef,
          column: column.used.name,
          uses: column.used.uses,
          before: { type: accepted.type, family: accepted.family },
          after: current,
          suggestion: null,
        }),
      );
    }
  }
  return drafts;
}
