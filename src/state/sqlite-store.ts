/** The state store on one SQLite file (SPEC §5). */
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { codeOf, StateError } from '../model/errors.js';
import type { Baseline } from '../model/check.js';
import type { FindingReport } from '../model/finding.js';
import type { SyncReport } from '../model/sync.js';
import type { GraphUsage } from '../model/usage.js';
import { planSync, type LifecyclePlan } from './lifecycle.js';
import { countOpen } from './lifecycle-report.js';
import {
  readBaseline,
  readGuard,
  readKnownNames,
  readPending,
  writeCarryOver,
} from './sqlite-baseline.js';
import {
  acknowledgeOpen,
  readOpenRows,
  resolveRemovedRows,
  snoozeOpen,
  writeFindingChanges,
} from './sqlite-findings.js';
import {
  heartbeatLockRow,
  readLockRow,
  releaseLockRow,
  setLockSyncRow,
  takeLockRow,
} from './sqlite-lock.js';
import { openStateDatabase } from './sqlite-open.js';
import {
  pruneRows,
  readFailureStreak,
  readSyncChanges,
} from './sqlite-history.js';
import {
  rowToFinding,
  rowToSyncEntry,
  rowToSyncRecord,
} from './sqlite-rows.js';
import type { SyncRow } from './sqlite-rows.js';
import {
  DEFAULT_RETENTION_MS,
  type CheckContext,
  type FailureStreak,
  type LockHolder,
  type LockRecord,
  type PruneCounts,
  type SqliteStateStore,
  type StateStatus,
  type SyncChanges,
  type SyncEntry,
  type SyncOutcome,
} from './store.js';

/**
 * Opens (creating and migrating when needed) the state file at `path`.
 * Throws a StateError for a file it cannot read, write or trust.
 */
export function openStateStore(path: string): SqliteStateStore {
  const file = resolve(path);
  return new SqliteStore(file, openStateDatabase(file));
}

// The baseline loadCheckContext read, and the connection's stamp then.
interface ReadBaseline {
  readonly baseline: Baseline;
  readonly stamp: string;
}

class SqliteStore implements SqliteStateStore {
  #lastBaseline: ReadBaseline | null = null;
  #stampStatement: Database.Statement | null = null;

  constructor(
    readonly path: string,
    readonly database: Database.Database,
  ) {}

  beginSync(startedAt: Date): number {
    return this.write('record a new sync', () => {
      const info = this.database
        .prepare("INSERT INTO syncs (status, started_at) VALUES ('running', ?)")
        .run(startedAt.toISOString());
      return Number(info.lastInsertRowid);
    });
  }

  finishSync(
    syncId: number,
    outcome: SyncOutcome,
    within?: (report: SyncReport) => void,
  ): SyncReport {
    return this.write(`record sync ${syncId}`, () => {
      const db = this.database;
      const sync = this.runningSync(syncId);
      const plan = planSync({
        sync: { id: syncId, startedAt: sync.started_at },
        outcome,
        open: readOpenRows(db).map((row) => rowToFinding(row, false)),
        pending: readPending(db),
        guard: readGuard(db, syncId),
        baseline: this.takeBaseline(),
      });
      const at = outcome.finishedAt.toISOString();

      writeFindingChanges(db, syncId, at, plan);
      writeCarryOver(db, syncId, at, plan);
      this.recordOutcome(syncId, at, outcome, plan);

      within?.(plan.report);
      return plan.report;
    });
  }

  loadCheckContext(): CheckContext {
    return this.read('read the baseline', () => {
      const baseline = readBaseline(this.database);
      this.#lastBaseline = { baseline, stamp: this.stamp() };
      return { baseline, knownNames: readKnownNames(this.database) };
    });
  }

  acknowledge(key: string, now: Date): boolean {
    return this.write(`acknowledge ${key}`, () =>
      acknowledgeOpen(this.database, key, now.toISOString()),
    );
  }

  snooze(key: string, until: Date, now: Date): boolean {
    return this.write(`snooze ${key}`, () =>
      snoozeOpen(this.database, key, until.toISOString(), now.toISOString()),
    );
  }

  status(): StateStatus {
    return this.read('read the status', () => {
      const row = this.database
        .prepare(
          "SELECT * FROM syncs WHERE status != 'running' " +
            'ORDER BY id DESC LIMIT 1',
        )
        .get() as SyncRow | undefined;
      const lastSync = row === undefined ? null : rowToSyncRecord(row);
      const findings = this.openFindings();
      return { lastSync, findings, summary: { open: countOpen(findings) } };
    });
  }

  recentSyncs(limit: number): SyncEntry[] {
    return this.read('read the sync history', () => {
      const rows = this.database
        .prepare('SELECT * FROM syncs ORDER BY id DESC LIMIT ?')
        .all(Math.max(0, Math.floor(limit))) as SyncRow[];
      return rows.map(rowToSyncEntry);
    });
  }

  consecutiveFailures(): FailureStreak {
    return this.read('read the sync history', () =>
      readFailureStreak(this.database),
    );
  }

  resolveRemoved(usage: GraphUsage, now: Date): FindingReport[] {
    return this.write('resolve findings removed from the graph', () =>
      resolveRemovedRows(this.database, usage, now.toISOString()),
    );
  }

  openFindings(): FindingReport[] {
    return this.read('read the open findings', () => {
      const last = this.database
        .prepare("SELECT max(id) AS id FROM syncs WHERE status != 'running'")
        .get() as { id: number | null };
      return readOpenRows(this.database).map((row) =>
        rowToFinding(row, row.opened_sync_id === last.id),
      );
    });
  }

  syncChanges(syncId: number): SyncChanges | null {
    return this.read(`read sync ${syncId}`, () =>
      readSyncChanges(this.database, syncId),
    );
  }

  prune(now: Date, retentionMs = DEFAULT_RETENTION_MS): PruneCounts {
    const cutoff = new Date(now.getTime() - retentionMs).toISOString();
    return this.write('prune old history', () =>
      pruneRows(this.database, cutoff),
    );
  }

  readLock(): LockRecord | null {
    return this.read('read the sync lock', () => readLockRow(this.database));
  }

  takeLock(holder: LockHolder, now: Date, replacing: string | null): boolean {
    return this.write('take the sync lock', () =>
      takeLockRow(this.database, holder, now.toISOString(), replacing),
    );
  }

  heartbeatLock(token: string, now: Date): boolean {
    return this.write('refresh the sync lock', () =>
      heartbeatLockRow(this.database, token, now.toISOString()),
    );
  }

  setLockSync(token: string, syncId: number | null): boolean {
    return this.write('note the locked sync', () =>
      setLockSyncRow(this.database, token, syncId),
    );
  }

  releaseLock(token: string): boolean {
    return this.write('release the sync lock', () =>
      releaseLockRow(this.database, token),
    );
  }

  close(): void {
    if (this.database.open) this.database.close();
  }

  private recordOutcome(
    syncId: number,
    at: string,
    outcome: SyncOutcome,
    plan: LifecyclePlan,
  ): void {
    const { summary } = plan.report;
    this.database
      .prepare(
        'UPDATE syncs SET status = ?, finished_at = ?, error = ?, ' +
          'metadata_queries = ?, unknown = ?, opened = ?, worsened = ?, ' +
          'resolved = ?, suspect_tables = ? WHERE id = ?',
      )
      .run(
        plan.status,
        at,
        plan.error,
        outcome.metadataQueries,
        JSON.stringify(plan.unknown),
        summary.opened,
        summary.worsened,
        summary.resolved,
        plan.guard === null ? null : JSON.stringify(plan.guard.tables),
        syncId,
      );
  }

  // The sync's classify read the baseline moments ago; reading it again
  // costs as much as classifying. It is reused only while the stamp shows
  // no write to the file since, by this connection or any other.
  private takeBaseline(): Baseline {
    const last = this.#lastBaseline;
    this.#lastBaseline = null;
    if (last !== null && last.stamp === this.stamp()) return last.baseline;
    return readBaseline(this.database);
  }

  // data_version moves when another connection commits; total_changes
  // when this one writes.
  private stamp(): string {
    this.#stampStatement ??= this.database.prepare(
      'SELECT total_changes() AS changes, data_version AS version ' +
        'FROM pragma_data_version',
    );
    const row = this.#stampStatement.get() as {
      changes: number;
      version: number;
    };
    return `${row.changes}:${row.version}`;
  }

  private runningSync(syncId: number): SyncRow {
    const row = this.database
      .prepare('SELECT * FROM syncs WHERE id = ?')
      .get(syncId) as SyncRow | undefined;
    if (row === undefined) {
      throw new StateError(`state: sync ${syncId} was never begun`);
    }
    if (row.status !== 'running') {
      throw new StateError(
        `state: sync ${syncId} is already recorded ${row.status}` +
          (row.error === null ? '' : ` (${row.error})`) +
          '; its outcome is dropped',
      );
    }
    return row;
  }

  // Write transactions start IMMEDIATE, so a second process waits for the
  // busy timeout instead of failing half-way through.
  private write<T>(what: string, step: () => T): T {
    return this.guard(what, () => this.database.transaction(step).immediate());
  }

  private read<T>(what: string, step: () => T): T {
    return this.guard(what, () => this.database.transaction(step).deferred());
  }

  private guard<T>(what: string, step: () => T): T {
    try {
      return step();
    } catch (error) {
      // Only the driver's errors are about the state file; anything else
      // is a bug and keeps its own type for the CLI's boundary.
      if (!codeOf(error).startsWith('SQLITE_')) throw error;
      const text = error instanceof Error ? error.message : String(error);
      throw new StateError(
        `state file ${this.path}: cannot ${what} (${text})`,
        { cause: error },
      );
    }
  }
}
