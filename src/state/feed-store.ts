/** The in-app feed: notifications the page's bell lists, newest first. */
import type Database from 'better-sqlite3';

/** How a notification is shown; `error` is an operational problem. */
export type NotificationSeverity = 'definite' | 'potential' | 'info' | 'error';

/** One feed entry. */
export interface FeedNotification {
  readonly id: number;
  readonly createdAt: string;
  /** e.g. `finding_opened`, `finding_resolved`, `warehouse_unreadable`. */
  readonly kind: string;
  readonly severity: NotificationSeverity;
  readonly title: string;
  /** Plain text, several lines. */
  readonly body: string;
  /** Structured detail for the page (an alert item), or null. */
  readonly data: unknown;
  readonly syncId: number | null;
  readonly readAt: string | null;
}

/** A notification to add. */
export interface NewNotification {
  /** When set, a second notification with this key is not added. */
  readonly dedupKey?: string | null;
  readonly createdAt: string;
  readonly kind: string;
  readonly severity: NotificationSeverity;
  readonly title: string;
  readonly body: string;
  readonly data?: unknown;
  readonly syncId?: number | null;
  /** Marks a reminder, so the next one can be timed from it. */
  readonly isReminder?: boolean;
}

/** One page of the feed; pass `nextBefore` as `before` for the next. */
export interface FeedPage {
  readonly items: readonly FeedNotification[];
  readonly nextBefore: number | null;
}

/** The notifications table of the state file. */
export class FeedStore {
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  /** Adds a notification; null when its dedup key is already there. */
  addNotification(input: NewNotification): FeedNotification | null {
    const row = this.#db
      .prepare(
        'INSERT OR IGNORE INTO notifications (dedup_key, created_at, kind, ' +
          'severity, title, body, data, sync_id, is_reminder) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *',
      )
      .get(
        input.dedupKey ?? null,
        input.createdAt,
        input.kind,
        input.severity,
        input.title,
        input.body,
        input.data === undefined ? null : JSON.stringify(input.data),
        input.syncId ?? null,
        input.isReminder === true ? 1 : 0,
      ) as RawNotificationRow | undefined;
    return row === undefined ? null : toNotification(row);
  }

  /** Newest first; `before` is the `nextBefore` of the previous page. */
  listNotifications(query: {
    limit: number;
    before?: number | null;
  }): FeedPage {
    const limit = Math.max(1, Math.min(Math.trunc(query.limit), 500));
    const before = query.before ?? Number.MAX_SAFE_INTEGER;

    // One row more than asked tells whether another page follows.
    const rows = this.#db
      .prepare(
        'SELECT * FROM notifications WHERE id < ? ORDER BY id DESC LIMIT ?',
      )
      .all(before, limit + 1) as RawNotificationRow[];
    const items = rows.slice(0, limit).map(toNotification);

    const last = items[items.length - 1];
    const hasMore = rows.length > limit && last !== undefined;
    return { items, nextBefore: hasMore ? last.id : null };
  }

  /** Notifications nobody has read yet. */
  unreadCount(): number {
    const row = this.#db
      .prepare('SELECT COUNT(*) AS n FROM notifications WHERE read_at IS NULL')
      .get() as { n: number };
    return row.n;
  }

  /** Marks every unread notification read; returns how many. */
  markAllRead(at: string): number {
    return this.#db
      .prepare('UPDATE notifications SET read_at = ? WHERE read_at IS NULL')
      .run(at).changes;
  }

  /** When the last reminder was added, or null. */
  lastReminderAt(): string | null {
    const row = this.#db
      .prepare(
        'SELECT MAX(created_at) AS at FROM notifications WHERE is_reminder = 1',
      )
      .get() as { at: string | null };
    return row.at;
  }

  /** Deletes notifications created before a time. */
  prune(beforeIso: string): number {
    return this.#db
      .prepare('DELETE FROM notifications WHERE created_at < ?')
      .run(beforeIso).changes;
  }
}

function toNotification(row: RawNotificationRow): FeedNotification {
  return {
    id: row.id,
    createdAt: row.created_at,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    body: row.body,
    data: row.data === null ? null : (JSON.parse(row.data) as unknown),
    syncId: row.sync_id,
    readAt: row.read_at,
  };
}

interface RawNotificationRow {
  id: number;
  created_at: string;
  kind: string;
  severity: NotificationSeverity;
  title: string;
  body: string;
  data: string | null;
  sync_id: number | null;
  read_at: string | null;
}
