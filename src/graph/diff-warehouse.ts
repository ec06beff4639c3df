/**
 * `diff --check-warehouse`: a potential change whose new table or column
 * the warehouse lacks becomes definite; one whose new objects are all
 * there with compatible types says so. Pure: the caller classifies the
 * new graph against the warehouse with an empty baseline.
 */
import type { CheckResult } from '../model/check.js';
import type { Observation } from '../model/finding.js';
import type { GraphUsage } from '../model/usage.js';
import type { DiffReport, GraphChange } from './diff.js';

/** The report with each potential change checked against the warehouse. */
export function refineWithWarehouse(
  report: DiffReport,
  check: CheckResult,
  usage: GraphUsage,
): DiffReport {
  const changes = report.changes.map((change) =>
    refine(change, check, tablesOf(usage, change.subject)),
  );
  const summary = { definite: 0, potential: 0, none: 0 };
  for (const change of changes) summary[change.severity] += 1;

  const rank = { definite: 0, potential: 1, none: 2 } as const;
  const sorted = [...changes].sort(
    (a, b) => rank[a.severity] - rank[b.severity] || a.line - b.line,
  );
  return { changes: sorted, summary };
}

function refine(
  change: GraphChange,
  check: CheckResult,
  tableRefs: readonly string[],
): GraphChange {
  if (change.severity !== 'potential') return change;
  const problems = check.observations.filter(
    (o) => isUsedBy(o, change) || isOnMovedTable(o, change, tableRefs),
  );

  const missing = problems.filter((o) => o.severity === 'definite');
  if (missing.length > 0) {
    const what = missing.map(describeMissing).join('; ');
    return {
      ...change,
      severity: 'definite',
      message:
        `${change.message.replace('; may break ', '; breaks ')}; ` +
        `the warehouse lacks it: ${what}`,
    };
  }

  if (tableRefs.some((t) => check.tables.get(t)?.state === 'unknown')) {
    return {
      ...change,
      message: `${change.message}; the warehouse could not be read to check it`,
    };
  }

  const mismatched = problems.filter((o) => o.kind === 'join_type_mismatch');
  if (mismatched.length > 0) {
    return {
      ...change,
      message:
        `${change.message}; in the warehouse its join columns differ in ` +
        `type: ${mismatched.map((o) => o.key).join(', ')}`,
    };
  }
  return {
    ...change,
    message:
      `${change.message}; the warehouse has its table and every column ` +
      'it uses, with compatible types',
  };
}

function isUsedBy(observation: Observation, change: GraphChange): boolean {
  return observation.uses.some((use) => use.subject === change.subject);
}

/**
 * A moved entity takes every use of its table along: the joins of its
 * relationships now read their columns from the new table too.
 */
function isOnMovedTable(
  observation: Observation,
  change: GraphChange,
  tableRefs: readonly string[],
): boolean {
  if (change.kind !== 'table_ref_changed') return false;

  const after = observation.after;
  const left = after !== null && 'left' in after ? after.left.tableRef : null;
  return [observation.tableRef, left].some(
    (t) => t !== null && tableRefs.includes(t),
  );
}

function describeMissing(observation: Observation): string {
  const where = observation.column
    ? `${observation.tableRef}.${observation.column}`
    : observation.tableRef;
  return `${observation.kind} ${where}`;
}

/** The tables a subject uses itself or through one of its columns. */
function tablesOf(usage: GraphUsage, subject: string): string[] {
  const isMine = (uses: readonly { subject: string }[]): boolean =>
    uses.some((u) => u.subject === subject);
  return usage.tables
    .filter((t) => isMine(t.uses) || t.columns.some((c) => isMine(c.uses)))
    .map((t) => t.tableRef);
}
