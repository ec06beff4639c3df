/** `column_missing`: a used column is gone from a table that is there. */
import type { Draft, RuleContext } from './rule.js';
import { columnKey, draftFinding } from './rule.js';
import { suggestColumnRename } from './suggestions.js';

/** One finding per absent column, listing every use of it. */
export function findMissingColumns(context: RuleContext): Draft[] {
  const drafts: Draft[] = [];

  for (const table of context.tables) {
    for (const column of table.columns) {
      if (column.isHidden || column.state !== 'absent') continue;
      const tableRef = table.used.tableRef;
      const key = columnKey(tableRef, column.used.name);
      drafts.push(
        draftFinding({
          kind: 'column_missing',
          tableRef,
          column: column.used.name,
          uses: column.used.uses,
          before: context.input.baseline.columns.get(key) ?? null,
          after: null,
          suggestion: suggestColumnRename(table, column, context),
        }),
      );
    }
  }
  return drafts;
}
