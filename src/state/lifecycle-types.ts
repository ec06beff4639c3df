/** The shapes the finding lifecycle takes in and gives back. */
import type { Baseline, KnownNames } from '../model/check.js';
import type {
  FindingReport,
  Observation,
  ResolveReason,
} from '../model/finding.js';
import type { SyncReport, UnknownDatabase } from '../model/sync.js';
import type { BaselineChange } from './lifecycle-baseline.js';
import type { SuspectGuardState } from './lifecycle-guard.js';
import type { SyncOutcome } from './store.js';

/** A finding seen by too few good syncs in a row to open yet. */
export interface PendingObservation {
  readonly observation: Observation;
  readonly count: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
}

/** The state before the sync, and what it brought back. */
export interface LifecycleInput {
  readonly sync: { readonly id: number; readonly startedAt: string };
  readonly outcome: SyncOutcome;
  /** The open occurrences before this sync. */
  readonly open: readonly FindingReport[];
  readonly pending: readonly PendingObservation[];
  /** Null unless the previous sync was suspect. */
  readonly guard: SuspectGuardState | null;
  readonly baseline: Baseline;
}

/** An open occurrence this sync ends. */
export interface EndedFinding {
  readonly key: string;
  readonly status: 'resolved' | 'superseded';
  readonly reason: ResolveReason;
  /** The definite key that superseded it. */
  readonly supersededBy: string | null;
}

/** An occurrence this sync opens. */
export interface OpenedFinding {
  readonly observation: Observation;
  /** It superseded open potential findings on its object. */
  readonly isWorsened: boolean;
}

/** Everything the store writes for one sync, and its report. */
export interface LifecyclePlan {
  readonly status: 'ok' | 'partial' | 'failed' | 'suspect';
  readonly error: string | null;
  readonly unknown: readonly UnknownDatabase[];
  readonly opened: readonly OpenedFinding[];
  /** Open occurrences seen again: their details are brought up to date. */
  readonly refreshed: readonly Observation[];
  readonly ended: readonly EndedFinding[];
  /** The whole new pending list; null leaves it as it was. */
  readonly pending: readonly PendingObservation[] | null;
  /** The suspect guard's state for the next sync; null resets it. */
  readonly guard: SuspectGuardState | null;
  readonly baseline: readonly BaselineChange[];
  /** Names to keep; `isComplete` replaces all, else merges what was read. */
  readonly knownNames: {
    readonly names: KnownNames;
    readonly isComplete: boolean;
  } | null;
  readonly report: SyncReport;
}
