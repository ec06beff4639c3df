/**
 * The state store: syncs, accepted baseline, findings and the sync lock
 * behind one interface. SQL stays inside each implementation, so another
 * engine (PostgreSQL for shared state) is one more file. Every method is
 * synchronous because the SQLite driver is; the outbox and feed stores
 * share the SQLite connection through `SqliteStateStore.database`.
 */
import type Database from 'better-sqlite3';
import type { Baseline, CheckResult, KnownNames } from '../model/check.js';
import type { FindingReport, ResolveReason } from '../model/finding.js';
import type {
  OpenCounts,
  SyncRecord,
  SyncReport,
  SyncStatus,
  UnknownDatabase,
} from '../model/sync.js';
import type { GraphUsage } from '../model/usage.js';

/** The `checks.*` settings that decide when findings open (SPEC §4, §5). */
export interface LifecycleConfig {
  readonly confirmAfter: number;
  readonly maxMissingRatio: number;
  readonly suspectSyncsBeforeOpen: number;
}

/** What one sync brought back, handed to `finishSync`. */
export interface SyncOutcome {
  readonly finishedAt: Date;
  /** Null when the warehouse was lost: unreachable, cancelled, crashed. */
  readonly result: CheckResult | null;
  /** What went wrong, already redacted; null when nothing did. */
  readonly error: string | null;
  readonly metadataQueries: number;
  /** Distinct tables the graph uses, for the mass disappearance guard. */
  readonly graphTableCount: number;
  readonly config: LifecycleConfig;
  /** True when this sync ran the primary key uniqueness check. */
  readonly isPrimaryKeyChecked?: boolean;
  /** What could not be read when `result` is null (default: nothing). */
  readonly unknown?: readonly UnknownDatabase[];
}

/** A stored sync's status: a finished one's, or `running`. */
export type StoredSyncStatus = Exclude<SyncStatus, 'busy'> | 'running';

/** A row of the sync history, for `monitor status` and the page. */
export interface SyncEntry {
  readonly id: number;
  readonly status: StoredSyncStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly metadataQueries: number;
  readonly unknown: readonly UnknownDatabase[];
  readonly opened: number;
  readonly worsened: number;
  readonly resolved: number;
}

/** What the classifier needs from the state before a sync. */
export interface CheckContext {
  readonly baseline: Baseline;
  /** Null until a good sync has recorded the names it saw. */
  readonly knownNames: KnownNames | null;
}

/** The document behind `monitor status --json` (outbox added elsewhere). */
export interface StateStatus {
  readonly lastSync: SyncRecord | null;
  readonly findings: readonly FindingReport[];
  readonly summary: { readonly open: OpenCounts };
}

/** The failed or partial syncs in a row, newest last, for alerts. */
export interface FailureStreak {
  readonly count: number;
  /** When the first sync of the streak started; null without a streak. */
  readonly since: string | null;
  /** What could not be read, newest reason per database. */
  readonly unknown: readonly UnknownDatabase[];
  readonly lastError: string | null;
}

/** How a sync changed findings, beyond the report's shape. */
export interface SyncChanges {
  /** Definite keys that superseded potential ones, with those keys. */
  readonly worsened: readonly {
    readonly key: string;
    readonly superseded: readonly string[];
  }[];
  /** Every occurrence this sync ended, with why. */
  readonly ended: readonly {
    readonly key: string;
    readonly reason: ResolveReason;
  }[];
}

/** What `prune` removed. */
export interface PruneCounts {
  readonly syncs: number;
  readonly occurrences: number;
  readonly history: number;
  readonly pending: number;
}

/** Who holds, or asks for, the sync lock. */
export interface LockHolder {
  /** Unique per acquisition, so a stale holder cannot touch a new lock. */
  readonly token: string;
  readonly pid: number;
  readonly host: string;
}

/** The sync lock row. */
export interface LockRecord extends LockHolder {
  readonly acquiredAt: string;
  readonly heartbeatAt: string;
  readonly syncId: number | null;
}

/** The state of one monitor, whatever engine holds it. */
export interface StateStore {
  /** Records a `running` sync and returns its id; take the lock first. */
  beginSync(startedAt: Date): number;
  /**
   * Applies one sync's outcome in one transaction (SPEC §5). `within`
   * runs inside that transaction with the report, so what it writes (the
   * outbox rows of the sync's alerts) commits or rolls back with it.
   */
  finishSync(
    syncId: number,
    outcome: SyncOutcome,
    within?: (report: SyncReport) => void,
  ): SyncReport;
  /** The accepted baseline and the names the last good sync saw. */
  loadCheckContext(): CheckContext;
  /** Acknowledges the open occurrence of `key`; false when none is open. */
  acknowledge(key: string, now: Date): boolean;
  /** Silences the open occurrence of `key` until `until`. */
  snooze(key: string, until: Date, now: Date): boolean;
  /** The last finished sync and the open findings. */
  status(): StateStatus;
  /** The newest syncs first, running ones included. */
  recentSyncs(limit: number): SyncEntry[];
  /** The failed or partial syncs since the last other one. */
  consecutiveFailures(): FailureStreak;
  /** Resolves open findings of objects the graph no longer uses. */
  resolveRemoved(usage: GraphUsage, now: Date): FindingReport[];
  /** Every open finding, definite first, then by key. */
  openFindings(): FindingReport[];
  /** How a finished sync changed findings; null for an unknown id. */
  syncChanges(syncId: number): SyncChanges | null;
  /** Drops history older than `retentionMs` before `now`. */
  prune(now: Date, retentionMs?: number): PruneCounts;
  /** The sync lock row, or null when nobody holds it. */
  readLock(): LockRecord | null;
  /**
   * Takes the lock if its current token is `replacing` (null: free) and
   * records every `running` sync `failed`, since none can still run.
   */
  takeLock(holder: LockHolder, now: Date, replacing: string | null): boolean;
  /** Refreshes the heartbeat; false when the lock is no longer ours. */
  heartbeatLock(token: string, now: Date): boolean;
  /** Notes which sync the lock's holder runs; false when not ours. */
  setLockSync(token: string, syncId: number | null): boolean;
  /** Frees the lock if ours; false when it was not. */
  releaseLock(token: string): boolean;
  /** Closes the store; it may not be used afterwards. */
  close(): void;
}

/** The SQLite store, whose connection the outbox and feed stores share. */
export interface SqliteStateStore extends StateStore {
  /** The absolute path of the state file. */
  readonly path: string;
  /** The open connection; use it for your own tables only. */
  readonly database: Database.Database;
}

/** The default `state_retention`: 90 days. */
export const DEFAULT_RETENTION_MS = 90 * 24 * 60 * 60 * 1000;
