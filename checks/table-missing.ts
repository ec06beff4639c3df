/** `table_missing`: a used table, view or materialized view is gone. */
import type { Use } from '../src/model/usage.js';
import type { ResolvedTable } from './resolve-objects.js';
import type { Draft, RuleContext } from './rule.js';
import { draftFinding } from './rule.js';
import { suggestTableRename } from './suggestions.js';

/**
 * One finding per confirmed absent table, its schema's absence included
 * (a missing profile folder makes each profile table missing). Its
 * columns raise nothing of their own.
 */
export function findMissingTables(context: RuleContext): Draft[] {
  return context.tables
    .filter((table) => table.state === 'absent')
    .map((table) =>
      draftFinding({
        kind: 'table_missing',
        tableRef: table.used.tableRef,
        column: null,
        uses: tableUses(table),
        before: context.input.baseline.tables.get(table.used.tableRef) ?? null,
        after: null,
        suggestion: suggestTableRename(table, context),
      }),
    );
}

/**
 * The uses of a table itself; a table the graph named only through its
 * columns (never the case for a valid graph) falls back to theirs, so a
 * finding always names who is broken.
 */
export function tableUses(table: ResolvedTable): readonly Use[] {
  if (table.used.uses.length > 0) return table.used.uses;

  return table.used.columns.flatMap((column) => column.uses);
}
