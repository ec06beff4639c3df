/**
 * The finding lifecycle of SPEC §4 and §5 as one pure function: the state
 * before a sync and what the sync saw go in; what to write and the report
 * come out. No I/O and no clock: the store applies the plan in one
 * transaction.
 */
import type { CheckResult } from '../model/check.js';
import type {
  FindingReport,
  Observation,
  ResolveReason,
} from '../model/finding.js';
import type { UnknownDatabase } from '../model/sync.js';
import { changeBaseline, type Acceptance } from './lifecycle-baseline.js';
import {
  judgeDisappearance,
  readSync,
  type SuspectGuardState,
} from './lifecycle-guard.js';
import { isOnColumn, isOnTable, visibilityOf } from './lifecycle-objects.js';
import { buildReport } from './lifecycle-report.js';
import type {
  EndedFinding,
  LifecycleInput,
  LifecyclePlan,
  OpenedFinding,
  PendingObservation,
} from './lifecycle-types.js';

/** The lifecycle's shapes, importable from here too. */
export type {
  EndedFinding,
  LifecycleInput,
  LifecyclePlan,
  OpenedFinding,
  PendingObservation,
} from './lifecycle-types.js';

/** Works out what one finished sync changes (SPEC §5). */
export function planSync(input: LifecycleInput): LifecyclePlan {
  const { outcome } = input;
  const reading = readSync(
    outcome.result,
    outcome.error,
    outcome.unknown ?? [],
  );
  const result = outcome.result;
  if (reading.status === 'failed' || result === null) {
    return idlePlan(input, 'failed', reading.error, reading.unknown, null);
  }

  const guard = judgeDisappearance(
    result,
    new Set(input.open.map((f) => f.key)),
    outcome.graphTableCount,
    outcome.config,
    input.guard,
  );
  if (guard.isSuspect) {
    const error = [guard.error, reading.error].filter(Boolean).join('; ');
    return idlePlan(input, 'suspect', error, reading.unknown, guard.state);
  }

  const weighed = weigh(input, result, guard.releasedKeys);
  const plan = {
    status: reading.status,
    error: reading.error,
    unknown: reading.unknown,
    ...weighed.changes,
    guard: null,
    baseline: changeBaseline(input.baseline, result, weighed.accepted),
    knownNames: {
      names: result.knownNames,
      isComplete: reading.status === 'ok',
    },
  };
  return { ...plan, report: buildReport(input, plan) };
}

type Changes = Pick<
  LifecyclePlan,
  'opened' | 'refreshed' | 'ended' | 'pending'
>;

// Nothing opens, resolves, counts or is accepted: only the record changes.
function idlePlan(
  input: LifecycleInput,
  status: 'failed' | 'suspect',
  error: string | null,
  unknown: readonly UnknownDatabase[],
  guard: SuspectGuardState | null,
): LifecyclePlan {
  const plan = {
    status,
    error,
    unknown,
    opened: [],
    refreshed: [],
    ended: [],
    pending: null,
    guard,
    baseline: [],
    knownNames: null,
  };
  return { ...plan, report: buildReport(input, plan) };
}

function weigh(
  input: LifecycleInput,
  result: CheckResult,
  releasedKeys: ReadonlySet<string>,
): { changes: Changes; accepted: Acceptance[] } {
  const isPkChecked = input.outcome.isPrimaryKeyChecked ?? false;
  const observed = new Map<string, Observation>();
  for (const o of result.observations) {
    const isUnknown = result.tables.get(o.tableRef)?.state === 'unknown';
    if (!isUnknown && !observed.has(o.key)) observed.set(o.key, o);
  }

  const ended: EndedFinding[] = [];
  const refreshed: Observation[] = [];
  const accepted: Acceptance[] = [];
  for (const f of input.open) {
    const now = observed.get(f.key);
    observed.delete(f.key);
    if (now !== undefined && f.acknowledged && isAcceptable(f)) {
      ended.push(endAs(f.key, 'resolved', 'accepted'));
      accepted.push({ tableRef: f.tableRef, column: f.column });
    } else if (now !== undefined) {
      // A rename target is new only in the sync that saw it appear; the
      // hint stays with the occurrence after that.
      const keepsHint = now.suggestion === null && f.suggestion !== null;
      refreshed.push(keepsHint ? { ...now, suggestion: f.suggestion } : now);
    } else {
      const visibility = visibilityOf(f, result, isPkChecked);
      if (visibility === 'seen') ended.push(endAs(f.key, 'resolved', 'fixed'));
      if (visibility === 'removed') {
        ended.push(endAs(f.key, 'resolved', 'removed from the graph'));
      }
    }
  }

  const counted = countPending(input, result, observed, releasedKeys);
  const opened = supersede(input.open, counted.opened, ended);
  return {
    changes: { opened, refreshed, ended, pending: counted.pending },
    accepted,
  };
}

// confirm_after: a finding opens once that many good syncs in a row saw
// it; a sync that could not see its object neither counts nor resets it.
function countPending(
  input: LifecycleInput,
  result: CheckResult,
  observed: ReadonlyMap<string, Observation>,
  releasedKeys: ReadonlySet<string>,
): { opened: Observation[]; pending: PendingObservation[] } {
  const at = input.outcome.finishedAt.toISOString();
  const confirmAfter = Math.max(1, input.outcome.config.confirmAfter);
  const before = new Map(input.pending.map((p) => [p.observation.key, p]));
  const opened: Observation[] = [];
  const pending: PendingObservation[] = [];

  for (const o of observed.values()) {
    const prior = before.get(o.key);
    before.delete(o.key);
    const count = (prior?.count ?? 0) + 1;
    if (count >= confirmAfter || releasedKeys.has(o.key)) {
      opened.push(o);
      continue;
    }
    const firstSeenAt = prior?.firstSeenAt ?? at;
    pending.push({ observation: o, count, firstSeenAt, lastSeenAt: at });
  }

  const isPkChecked = input.outcome.isPrimaryKeyChecked ?? false;
  for (const p of before.values()) {
    const visibility = visibilityOf(p.observation, result, isPkChecked);
    if (visibility === 'hidden') pending.push(p);
  }
  return { opened, pending };
}

// Worsened: a definite finding opening on an object supersedes the open
// potential ones on it (SPEC §5).
function supersede(
  open: readonly FindingReport[],
  opened: readonly Observation[],
  ended: EndedFinding[],
): OpenedFinding[] {
  const endedKeys = new Set(ended.map((e) => e.key));
  let potential = open.filter(
    (f) => f.severity === 'potential' && !endedKeys.has(f.key),
  );

  return opened.map((o) => {
    if (o.severity !== 'definite') return { observation: o, isWorsened: false };
    const column = o.column;
    const hit = potential.filter((p) =>
      column === null
        ? isOnTable(p, o.tableRef)
        : isOnColumn(p, o.tableRef, column),
    );
    for (const p of hit) {
      ended.push({
        ...endAs(p.key, 'superseded', 'superseded'),
        supersededBy: o.key,
      });
    }
    potential = potential.filter((p) => !hit.includes(p));
    return { observation: o, isWorsened: hit.length > 0 };
  });
}

// Acknowledging a type or kind change accepts the new value (SPEC §5).
function isAcceptable(f: FindingReport): boolean {
  return f.kind === 'column_type_changed' || f.kind === 'table_kind_changed';
}

function endAs(
  key: string,
  status: EndedFinding['status'],
  reason: ResolveReason,
): EndedFinding {
  return { key, status, reason, supersededBy: null };
}
