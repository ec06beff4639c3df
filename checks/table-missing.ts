/** `table_missing`: a used table, view or materialized view is gone. */
import type { TableValue } from '../src/model/finding.js';
import { matchName } from '../src/model/names.js';
import type { Use } from '../src/model/usage.js';
import type { Absence } from './messages.js';
import { describeFinding } from './messages.js';
import type { ResolvedTable } from './resolve-objects.js';
import type { Draft, RuleContext } from './rule.js';
import { draftFinding } from './rule.js';
import { suggestTableRename } from './suggestions.js';

/**
 * One finding per confirmed absent table, its schema's absence included
 * (a missing profile folder makes each profile table missing). Its
 * columns raise nothing of their own. Where the catalog hides what the
 * role may not use, the message says a revoked grant looks the same,
 * unless the warehouse proved the drop.
 */
export function findMissingTables(context: RuleContext): Draft[] {
  return context.tables
    .filter((table) => table.state === 'absent')
    .map((table) => {
      const tableRef = table.used.tableRef;
      const before = context.input.baseline.tables.get(tableRef) ?? null;
      const draft = draftFinding({
        kind: 'table_missing',
        tableRef,
        column: null,
        uses: tableUses(table),
        before,
        after: null,
        suggestion: suggestTableRename(table, context),
      });

      const absence = findAbsence(table, before, context);
      if (absence === null) return draft;
      return { ...draft, message: describeFinding({ ...draft, absence }) };
    });
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

function findAbsence(
  table: ResolvedTable,
  before: TableValue | null,
  context: RuleContext,
): Absence | null {
  const droppedAt = findDrop(table, before, context);
  if (droppedAt !== null) return { cause: 'dropped', droppedAt };

  const canTellDenied = context.input.snapshot.canTellDenied ?? true;
  return canTellDenied ? null : { cause: 'unseen' };
}

// A drop proof is a table's history: it says nothing of a view, which
// may share a dropped table's name.
function findDrop(
  table: ResolvedTable,
  before: TableValue | null,
  context: RuleContext,
): string | null {
  const dropped = table.catalog?.droppedTables ?? [];
  if (table.schemaName === null || dropped.length === 0) return null;
  if (before !== null && before.kind !== 'table') return null;

  const inSchema = dropped.filter((d) => d.schema === table.schemaName);
  const names = inSchema.map((d) => d.name);
  const naming = context.input.snapshot.naming;
  const match = matchName(table.used.table, names, 'table', naming);
  if (!match.found) return null;
  return inSchema.find((d) => d.name === match.name)?.droppedAt ?? null;
}
