/**
 * `access_denied`: the object exists but the monitor's role may not read
 * it, where the warehouse can tell this apart from absent (an unusable
 * schema, an unreadable table, a column without SELECT).
 */
import type { Draft, RuleContext } from './rule.js';
import { columnKey, draftFinding } from './rule.js';
import { suggestGrant } from './suggestions.js';
import { tableUses } from './table-missing.js';

/** One finding per denied table, and per denied column of a readable one. */
export function findDeniedAccess(context: RuleContext): Draft[] {
  const { baseline, snapshot } = context.input;
  const drafts: Draft[] = [];

  for (const table of context.tables) {
    const tableRef = table.used.tableRef;
    if (table.state === 'denied') {
      const kind = table.shape?.kind;
      drafts.push(
        draftFinding({
          kind: 'access_denied',
          tableRef,
          column: null,
          uses: tableUses(table),
          before: baseline.tables.get(tableRef) ?? null,
          after: kind === undefined ? null : { kind },
          suggestion: suggestGrant(table, null, snapshot),
        }),
      );
    }

    for (const column of table.columns) {
      if (column.isHidden || column.state !== 'denied') continue;
      const shape = column.shape;
      drafts.push(
        draftFinding({
          kind: 'access_denied',
          tableRef,
          column: column.used.name,
          uses: column.used.uses,
          before:
            baseline.columns.get(columnKey(tableRef, column.used.name)) ?? null,
          after:
            shape === null
              ? null
              : { type: shape.dataType, family: shape.family },
          suggestion: suggestGrant(table, column, snapshot),
        }),
      );
    }
  }
  return drafts;
}
