/** The finding objects of the reports, in SPEC §7's shape and order. */
import type {
  FindingReport,
  FindingStatus,
  Observation,
} from '../model/finding.js';
import type { OpenCounts } from '../model/sync.js';

/** Where an occurrence stands, beside what was observed. */
export interface OccurrenceState {
  readonly status: FindingStatus;
  readonly isNew: boolean;
  readonly acknowledged: boolean;
  readonly snoozedUntil: string | null;
  readonly firstSeenAt: string;
  readonly resolvedAt: string | null;
}

/** A finding as reported, its keys in the order SPEC §7 prints them. */
export function toFindingReport(
  o: Observation,
  state: OccurrenceState,
): FindingReport {
  return {
    key: o.key,
    kind: o.kind,
    severity: o.severity,
    status: state.status,
    new: state.isNew,
    tableRef: o.tableRef,
    column: o.column,
    uses: o.uses,
    before: o.before,
    after: o.after,
    affectedConsumers: o.affectedConsumers,
    message: o.message,
    suggestion: o.suggestion,
    acknowledged: state.acknowledged,
    snoozedUntil: state.snoozedUntil,
    firstSeenAt: state.firstSeenAt,
    resolvedAt: state.resolvedAt,
  };
}

/** The observed part of a reported finding. */
export function toObservation(f: FindingReport): Observation {
  return {
    key: f.key,
    kind: f.kind,
    severity: f.severity,
    tableRef: f.tableRef,
    column: f.column,
    uses: f.uses,
    before: f.before,
    after: f.after,
    message: f.message,
    suggestion: f.suggestion,
    affectedConsumers: f.affectedConsumers,
  };
}

/** Definite first, then by key (plain code-unit order, stable). */
export function compareFindings(
  a: { readonly severity: string; readonly key: string },
  b: { readonly severity: string; readonly key: string },
): number {
  if (a.severity !== b.severity) return a.severity === 'definite' ? -1 : 1;
  if (a.key === b.key) return 0;
  return a.key < b.key ? -1 : 1;
}

/** Open findings by severity. */
export function countOpen(findings: readonly FindingReport[]): OpenCounts {
  const open = findings.filter((f) => f.status === 'open');
  return {
    definite: open.filter((f) => f.severity === 'definite').length,
    potential: open.filter((f) => f.severity === 'potential').length,
  };
}
