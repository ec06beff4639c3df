/**
 * `access_denied`: the object exists but the monitor's role may not read
 * it, where the warehouse can tell this apart from absent (an unusable
 * schema, an unreadable table, a column without SELECT).
 */
import type { ResolvedColumn, ResolvedTable } from './resolve-objects.js';
import type { Draft, RuleContext } from './rule.js';
import { columnKey, draftFinding } from './rule.js';
import { suggestGrant } from './suggestions.js';
import { tableUses } from './table-missing.js';

/** One finding per denied table, and per denied column of a readable one. */
export function findDeniedAccess(context: RuleContext): Draft[] {
  const drafts: Draft[] = [];

  for (const table of context.tables) {
    if (table.state === 'denied') drafts.push(draftTable(table, context));
    for (const column of table.columns) {
      if (column.isHidden || column.state !== 'denied') continue;
      drafts.push(draftColumn(table, column, context));
    }
  }
  return drafts;
}

function draftTable(table: ResolvedTable, context: RuleContext): Draft {
  const { baseline, snapshot } = context.input;
  const kind = table.shape?.kind;

  return draftFinding({
    kind: 'access_denied',
    tableRef: table.used.tableRef,
    column: null,
    uses: tableUses(table),
    before: baseline.tables.get(table.used.tableRef) ?? null,
    after: kind === undefined ? null : { kind },
    suggestion: suggestGrant(table, null, snapshot),
  });
}

function draftColumn(
  table: ResolvedTable,
  column: ResolvedColumn,
  context: RuleContext,
): Draft {
  const { baseline, snapshot } = context.input;
  const tableRef = table.used.tableRef;
  const shape = column.shape;

  return draftFinding({
    kind: 'access_denied',
    tableRef,
    column: column.used.name,
    uses: column.used.uses,
    before: baseline.columns.get(columnKey(tableRef, column.used.name)) ?? null,
    after:
      shape === null ? null : { type: shape.dataType, family: shape.family },
    suggestion: suggestGrant(table, column, snapshot),
  });
}
