/**
 * SQL for the single-flight lock row. Each change is a compare-and-swap
 * on the holder's token inside a write transaction, so two processes
 * deciding at once cannot both win. The policy (when a holder is stale)
 * lives in sync-lock.ts.
 */
import type Database from 'better-sqlite3';
import type { LockHolder, LockRecord } from './store.js';

/** The lock row, or null when free. */
export function readLockRow(db: Database.Database): LockRecord | null {
  const row = db.prepare('SELECT * FROM sync_lock WHERE id = 1').get() as
    LockRow | undefined;
  if (row === undefined) return null;
  return {
    token: row.token,
    pid: row.pid,
    host: row.host,
    acquiredAt: row.acquired_at,
    heartbeatAt: row.heartbeat_at,
    syncId: row.sync_id,
  };
}

/**
 * Takes the lock when its token is still `replacing`; every `running`
 * sync is then recorded `failed`, since only a lock holder runs one.
 */
export function takeLockRow(
  db: Database.Database,
  holder: LockHolder,
  at: string,
  replacing: string | null,
): boolean {
  const take = db.transaction((): boolean => {
    const current = readLockRow(db);
    if ((current?.token ?? null) !== replacing) return false;

    db.prepare('DELETE FROM sync_lock').run();
    db.prepare(
      'INSERT INTO sync_lock (id, token, pid, host, acquired_at, ' +
        'heartbeat_at, sync_id) VALUES (1, ?, ?, ?, ?, ?, NULL)',
    ).run(holder.token, holder.pid, holder.host, at, at);

    db.prepare(
      "UPDATE syncs SET status = 'failed', finished_at = ?, error = ? " +
        "WHERE status = 'running'",
    ).run(at, interruptedBy(current));
    return true;
  });
  return take.immediate();
}

/** Refreshes the heartbeat of the holder with `token`. */
export function heartbeatLockRow(
  db: Database.Database,
  token: string,
  at: string,
): boolean {
  const info = db
    .prepare('UPDATE sync_lock SET heartbeat_at = ? WHERE token = ?')
    .run(at, token);
  return info.changes > 0;
}

/** Notes the sync the holder with `token` is running. */
export function setLockSyncRow(
  db: Database.Database,
  token: string,
  syncId: number | null,
): boolean {
  const info = db
    .prepare('UPDATE sync_lock SET sync_id = ? WHERE token = ?')
    .run(syncId, token);
  return info.changes > 0;
}

/** Frees the lock if `token` holds it. */
export function releaseLockRow(db: Database.Database, token: string): boolean {
  const info = db.prepare('DELETE FROM sync_lock WHERE token = ?').run(token);
  return info.changes > 0;
}

function interruptedBy(previous: LockRecord | null): string {
  if (previous === null) {
    return (
      'the sync was interrupted before it finished (its process ' +
      'stopped without recording an outcome)'
    );
  }
  return (
    `the sync was interrupted: its process (pid ${previous.pid} on ` +
    `${previous.host}) stopped or stopped answering, and the sync lock ` +
    'was taken over'
  );
}

interface LockRow {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly acquired_at: string;
  readonly heartbeat_at: string;
  readonly sync_id: number | null;
}
