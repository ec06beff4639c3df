/** The durable outbox shared by every channel, and its delivery log. */
import type Database from 'better-sqlite3';

/** Where an outbox row stands. */
export type OutboxStatus = 'pending' | 'sent' | 'dead';

/** A message waiting for, or done with, delivery. */
export interface OutboxRow {
  readonly id: number;
  /** The stable id `<syncId>-<channel>[-<recipient>]`. */
  readonly messageId: string;
  readonly channel: string;
  readonly recipient: string | null;
  readonly syncId: number | null;
  readonly payload: unknown;
  readonly status: OutboxStatus;
  /** Attempts started so far, the claimed one included. */
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

/** A message to enqueue. */
export interface NewOutboxRow {
  readonly messageId: string;
  readonly channel: string;
  readonly recipient: string | null;
  readonly syncId: number | null;
  readonly payload: unknown;
}

/** How one attempt ended. */
export type AttemptOutcome = 'sent' | 'retry' | 'dead';

/** The end of one claimed attempt, as recorded in the deliveries log. */
export interface AttemptResult {
  readonly outcome: AttemptOutcome;
  readonly at: number;
  readonly durationMs: number;
  readonly reason: string | null;
  /** Already redacted. */
  readonly error: string | null;
  /** For `retry`: when the row is due again. */
  readonly nextAttemptAt?: number;
}

/** One line of the deliveries log. */
export interface DeliveryLogEntry {
  readonly messageId: string;
  readonly channel: string;
  readonly attempt: number;
  readonly at: string;
  readonly outcome: AttemptOutcome;
  readonly reason: string | null;
  readonly error: string | null;
  readonly durationMs: number;
}

/** The outbox backlog, as `monitor status` shows it. */
export interface OutboxCounts {
  readonly pending: number;
  readonly dead: number;
}

/** The outbox and deliveries tables of the state file. */
export class OutboxStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Adds messages; a message id already present is left as it is. */
  enqueue(rows: readonly NewOutboxRow[], nowMs: number): number {
    const insert = this.#db.prepare(
      'INSERT OR IGNORE INTO outbox (message_id, channel, recipient, ' +
        'sync_id, payload, next_attempt_at, created_at) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const createdAt = new Date(nowMs).toISOString();

    let inserted = 0;
    this.#db.transaction(() => {
      for (const row of rows) {
        const payload = JSON.stringify(row.payload);
        inserted += insert.run(
          row.messageId,
          row.channel,
          row.recipient,
          row.syncId,
          payload,
          nowMs,
          createdAt,
        ).changes;
      }
    })();
    return inserted;
  }

  /**
   * Leases up to `limit` due rows of a channel to `owner` and counts the
   * attempt; a row whose lease is still running belongs to another worker.
   */
  claimDue(
    owner: string,
    nowMs: number,
    leaseMs: number,
    filter: { readonly channel: string; readonly limit: number },
  ): OutboxRow[] {
    const due = this.#db.prepare(
      "SELECT id FROM outbox WHERE status = 'pending' AND channel = ? " +
        'AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ' +
        'ORDER BY next_attempt_at, id LIMIT ?',
    );
    const lease = this.#db.prepare(
      'UPDATE outbox SET lease_owner = ?, lease_until = ?, ' +
        'attempts = attempts + 1 WHERE id = ? RETURNING *',
    );

    // IMMEDIATE takes the write lock first, so two processes cannot both
    // read a row as free and lease it.
    const claim = this.#db.transaction(() =>
      due
        .all(filter.channel, nowMs, nowMs, filter.limit)
        .map((row) => (row as { id: number }).id)
        .map((id) => lease.get(owner, nowMs + leaseMs, id) as RawOutboxRow),
    );
    return claim.immediate().map(toOutboxRow);
  }

  /**
   * Ends a claimed attempt and logs it, in one transaction. False when the
   * lease was lost (taken over after it ran out): nothing is changed then.
   */
  finishAttempt(row: OutboxRow, owner: string, result: AttemptResult): boolean {
    const at = new Date(result.at).toISOString();
    const update = this.#db.prepare(
      'UPDATE outbox SET status = ?, next_attempt_at = ?, last_error = ?, ' +
        'finished_at = ?, lease_owner = NULL, lease_until = NULL ' +
        'WHERE id = ? AND lease_owner = ? AND attempts = ?',
    );
    const log = this.#db.prepare(
      'INSERT INTO deliveries (outbox_id, message_id, channel, attempt, at, ' +
        'outcome, reason, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const status = result.outcome === 'retry' ? 'pending' : result.outcome;

    const finish = this.#db.transaction((): boolean => {
      const changed = update.run(
        status,
        result.nextAttemptAt ?? row.nextAttemptAt,
        result.error,
        status === 'pending' ? null : at,
        row.id,
        owner,
        row.attempts,
      ).changes;
      if (changed === 0) return false;
      log.run(
        row.id,
        row.messageId,
        row.channel,
        row.attempts,
        at,
        result.outcome,
        result.reason,
        result.error,
        Math.round(result.durationMs),
      );
      return true;
    });
    return finish.immediate();
  }

  /** Gives back a claimed row unsent, as if the claim never happened. */
  release(row: OutboxRow, owner: string): void {
    this.#db
      .prepare(
        'UPDATE outbox SET lease_owner = NULL, lease_until = NULL, ' +
          'attempts = attempts - 1 WHERE id = ? AND lease_owner = ?',
      )
      .run(row.id, owner);
  }

  /** The row of a message id, or null. */
  get(messageId: string): OutboxRow | null {
    const row = this.#db
      .prepare('SELECT * FROM outbox WHERE message_id = ?')
      .get(messageId) as RawOutboxRow | undefined;
    return row === undefined ? null : toOutboxRow(row);
  }

  /** Rows in one status, oldest first. */
  list(status: OutboxStatus, limit = 100): OutboxRow[] {
    return this.#db
      .prepare('SELECT * FROM outbox WHERE status = ? ORDER BY id LIMIT ?')
      .all(status, limit)
      .map((row) => toOutboxRow(row as RawOutboxRow));
  }

  /** The channels that have pending rows. */
  pendingChannels(): string[] {
    return this.#db
      .prepare("SELECT DISTINCT channel FROM outbox WHERE status = 'pending'")
      .all()
      .map((row) => (row as { channel: string }).channel);
  }

  /** When the earliest pending row may be claimed; null when none waits. */
  nextDueAt(channel?: string): number | null {
    const row = this.#db
      .prepare(
        'SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) AS due ' +
          "FROM outbox WHERE status = 'pending' AND (? IS NULL OR channel = ?)",
      )
      .get(channel ?? null, channel ?? null) as { due: number | null };
    return row.due;
  }

  /** Pending and dead rows. */
  counts(): OutboxCounts {
    const row = this.#db
      .prepare(
        "SELECT SUM(status = 'pending') AS pending, " +
          "SUM(status = 'dead') AS dead FROM outbox",
      )
      .get() as { pending: number | null; dead: number | null };
    return { pending: row.pending ?? 0, dead: row.dead ?? 0 };
  }

  /** The deliveries log, oldest first, of one message or of all. */
  listDeliveries(messageId?: string): DeliveryLogEntry[] {
    const rows =
      messageId === undefined
        ? this.#db.prepare('SELECT * FROM deliveries ORDER BY id').all()
        : this.#db
            .prepare(
              'SELECT * FROM deliveries WHERE message_id = ? ORDER BY id',
            )
            .all(messageId);
    return rows.map((row) => toLogEntry(row as RawDeliveryRow));
  }

  /** Deletes sent and dead rows finished before a time, with their log. */
  prune(beforeIso: string): number {
    const prune = this.#db.transaction((): number => {
      this.#db
        .prepare(
          'DELETE FROM deliveries WHERE outbox_id IN (SELECT id FROM outbox ' +
            "WHERE status <> 'pending' AND finished_at < ?)",
        )
        .run(beforeIso);
      return this.#db
        .prepare(
          "DELETE FROM outbox WHERE status <> 'pending' AND finished_at < ?",
        )
        .run(beforeIso).changes;
    });
    return prune.immediate();
  }
}

function toOutboxRow(row: RawOutboxRow): OutboxRow {
  return {
    id: row.id,
    messageId: row.message_id,
    channel: row.channel,
    recipient: row.recipient,
    syncId: row.sync_id,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

function toLogEntry(row: RawDeliveryRow): DeliveryLogEntry {
  return {
    messageId: row.message_id,
    channel: row.channel,
    attempt: row.attempt,
    at: row.at,
    outcome: row.outcome,
    reason: row.reason,
    error: row.error,
    durationMs: row.duration_ms,
  };
}

interface RawOutboxRow {
  id: number;
  message_id: string;
  channel: string;
  recipient: string | null;
  sync_id: number | null;
  payload: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

interface RawDeliveryRow {
  message_id: string;
  channel: string;
  attempt: number;
  at: string;
  outcome: AttemptOutcome;
  reason: string | null;
  error: string | null;
  duration_ms: number;
}
