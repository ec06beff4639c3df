/** The finding objects of the reports, in SPEC §7's shape and order. */
import type {
  FindingReport,
  FindingStatus,
  Observation,
} from '../model/finding.js';
import type { OpenCounts, SyncReport } from '../model/sync.js';
import type { LifecycleInput, LifecyclePlan } from './lifecycle-types.js';

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

/** The `sync-now --json` document of a planned sync. */
export function buildReport(
  input: LifecycleInput,
  plan: Omit<LifecyclePlan, 'report'>,
): SyncReport {
  const at = input.outcome.finishedAt.toISOString();
  const ended = new Map(plan.ended.map((e) => [e.key, e]));
  const refreshed = new Map(plan.refreshed.map((o) => [o.key, o]));
  const kept = input.open
    .filter((f) => !ended.has(f.key))
    .map((f) => reportAgain(f, refreshed.get(f.key) ?? f, 'open', null));
  const fresh = plan.opened.map(({ observation }) =>
    toFindingReport(observation, {
      status: 'open',
      isNew: true,
      acknowledged: false,
      snoozedUntil: null,
      firstSeenAt: at,
      resolvedAt: null,
    }),
  );
  const closed = input.open.flatMap((f) => {
    const end = ended.get(f.key);
    return end === undefined ? [] : [reportAgain(f, f, end.status, at)];
  });

  const open = [...kept, ...fresh].sort(compareFindings);
  return {
    sync: {
      id: input.sync.id,
      status: plan.status,
      startedAt: input.sync.startedAt,
      finishedAt: at,
      error: plan.error,
      metadataQueries: input.outcome.metadataQueries,
      unknown: plan.unknown,
    },
    findings: [...open, ...closed.sort(compareFindings)],
    summary: {
      open: countOpen(open),
      opened: plan.opened.length,
      worsened: plan.opened.filter((o) => o.isWorsened).length,
      resolved: plan.ended.filter((e) => e.status === 'resolved').length,
    },
  };
}

function reportAgain(
  f: FindingReport,
  seen: Observation,
  status: FindingReport['status'],
  resolvedAt: string | null,
): FindingReport {
  return toFindingReport(seen, {
    status,
    isNew: false,
    acknowledged: f.acknowledged,
    snoozedUntil: f.snoozedUntil,
    firstSeenAt: f.firstSeenAt,
    resolvedAt,
  });
}
