/**
 * `table_kind_changed`: a used object is now a table, view or
 * materialized view where the baseline accepted another kind.
 */
import type { Draft, RuleContext } from './rule.js';
import { draftFinding } from './rule.js';
import { tableUses } from './table-missing.js';

/** One finding per present table whose kind differs from the accepted one. */
export function findTableKindChanges(context: RuleContext): Draft[] {
  const drafts: Draft[] = [];

  for (const table of context.tables) {
    const tableRef = table.used.tableRef;
    const accepted = context.input.baseline.tables.get(tableRef);
    if (table.state !== 'present' || table.shape === null) continue;
    if (accepted === undefined || accepted.kind === table.shape.kind) continue;

    drafts.push(
      draftFinding({
        kind: 'table_kind_changed',
        tableRef,
        column: null,
        uses: tableUses(table),
        before: { kind: accepted.kind },
        after: { kind: table.shape.kind },
        suggestion: null,
      }),
    );
  }
  return drafts;
}
