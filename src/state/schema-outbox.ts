/** Outbox, delivery log and feed tables (notifiers' delivery module). */
import type { Migration } from './migrations.js';

// Scheduling columns hold epoch milliseconds so that claims compare numbers;
// the columns people read hold ISO 8601 text.
const OUTBOX_SQL = `
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  channel TEXT NOT NULL,
  recipient TEXT,
  sync_id INTEGER,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  at TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'dead')),
  reason TEXT,
  error TEXT,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX deliveries_outbox ON deliveries (outbox_id);
`;

const FEED_SQL = `
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  dedup_key TEXT UNIQUE,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL
    CHECK (severity IN ('definite', 'potential', 'info', 'error')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  data TEXT,
  sync_id INTEGER,
  is_reminder INTEGER NOT NULL DEFAULT 0,
  read_at TEXT
);
CREATE INDEX notifications_unread ON notifications (read_at);
`;

/** The outbox, deliveries and notifications tables, in order. */
export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  { id: 'outbox-001-outbox-and-deliveries', sql: OUTBOX_SQL },
  { id: 'outbox-002-feed-notifications', sql: FEED_SQL },
];
