// Reads a state file from outside, between monitor runs, the way an
// operator would check it after a crash: read-only, plain SQL.
import Database from 'better-sqlite3';

/** One row of the sync history. */
export interface SyncRow {
  readonly id: number;
  readonly status: string;
  readonly error: string | null;
  readonly opened: number;
  readonly resolved: number;
}

/** One outbox row. */
export interface OutboxRowJson {
  readonly messageId: string;
  readonly channel: string;
  readonly status: string;
  readonly attempts: number;
}

/** One line of the deliveries log. */
export interface DeliveryRowJson {
  readonly messageId: string;
  readonly attempt: number;
  readonly outcome: string;
}

/** What a state file holds, as the fault tests check it. */
export interface StateSnapshot {
  /** `PRAGMA integrity_check`, its lines joined. */
  readonly integrity: string;
  /** Keys of the open occurrences, sorted. */
  readonly openKeys: readonly string[];
  /** Keys that have more than one open occurrence (must stay empty). */
  readonly doubleOpen: readonly string[];
  readonly syncs: readonly SyncRow[];
  readonly lock: {
    readonly pid: number;
    readonly syncId: number | null;
  } | null;
  readonly outbox: readonly OutboxRowJson[];
  readonly deliveries: readonly DeliveryRowJson[];
  /** The kinds of the in-app feed entries, oldest first. */
  readonly feedKinds: readonly string[];
}

/** Reads the whole snapshot in one read transaction. */
export function readState(path: string): StateSnapshot {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.transaction(() => snapshot(db)).deferred();
  } finally {
    db.close();
  }
}

function snapshot(db: Database.Database): StateSnapshot {
  const integrity = (
    db.pragma('integrity_check') as { integrity_check: string }[]
  )
    .map((row) => row.integrity_check)
    .join('; ');
  const column = <T>(sql: string): T[] => db.prepare(sql).pluck().all() as T[];

  return {
    integrity,
    openKeys: column<string>(
      "SELECT key FROM finding_occurrences WHERE status = 'open' ORDER BY key",
    ),
    doubleOpen: column<string>(
      "SELECT key FROM finding_occurrences WHERE status = 'open' " +
        'GROUP BY key HAVING count(*) > 1',
    ),
    syncs: db
      .prepare(
        'SELECT id, status, error, opened, resolved FROM syncs ORDER BY id',
      )
      .all() as SyncRow[],
    lock:
      (db.prepare('SELECT pid, sync_id AS syncId FROM sync_lock').get() as
        StateSnapshot['lock'] | undefined) ?? null,
    outbox: db
      .prepare(
        'SELECT message_id AS messageId, channel, status, attempts ' +
          'FROM outbox ORDER BY id',
      )
      .all() as OutboxRowJson[],
    deliveries: db
      .prepare(
        'SELECT message_id AS messageId, attempt, outcome ' +
          'FROM deliveries ORDER BY id',
      )
      .all() as DeliveryRowJson[],
    feedKinds: column<string>('SELECT kind FROM notifications ORDER BY id'),
  };
}

/**
 * Opens and closes the state file read-write: as the last connection,
 * SQLite checkpoints the WAL and removes the -wal and -shm files, as a
 * monitor that stopped cleanly leaves it.
 */
export function settleState(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
