/** Core tables: syncs, baseline, findings, suspect guard, sync lock. */
import type { Migration } from './migrations.js';

// Timestamps are ISO 8601 UTC text with `Z`, so they sort as text. JSON
// columns hold the report's own shapes (uses, before/after, consumers).
const CORE_TABLES = `
CREATE TABLE syncs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  status TEXT NOT NULL CHECK (status IN
    ('running', 'ok', 'partial', 'failed', 'suspect')),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  error TEXT,
  metadata_queries INTEGER NOT NULL DEFAULT 0,
  unknown TEXT NOT NULL DEFAULT '[]',
  opened INTEGER NOT NULL DEFAULT 0,
  worsened INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  suspect_tables TEXT
);
CREATE INDEX syncs_by_status ON syncs (status, id);

CREATE TABLE baseline_tables (
  table_ref TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('table', 'view', 'materialized_view')),
  sync_id INTEGER,
  accepted_at TEXT NOT NULL
);

CREATE TABLE baseline_columns (
  column_ref TEXT PRIMARY KEY,
  table_ref TEXT NOT NULL,
  type TEXT NOT NULL,
  family TEXT NOT NULL,
  sync_id INTEGER,
  accepted_at TEXT NOT NULL
);

CREATE TABLE baseline_history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  object_ref TEXT NOT NULL,
  table_ref TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('same_family', 'accepted')),
  before TEXT,
  after TEXT NOT NULL,
  sync_id INTEGER,
  changed_at TEXT NOT NULL
);
CREATE INDEX baseline_history_by_time ON baseline_history (changed_at);

CREATE TABLE known_names (
  scope TEXT NOT NULL CHECK (scope IN ('schema', 'table')),
  owner TEXT NOT NULL,
  names TEXT NOT NULL,
  sync_id INTEGER NOT NULL,
  PRIMARY KEY (scope, owner)
);

CREATE TABLE pending_observations (
  key TEXT PRIMARY KEY,
  seen_count INTEGER NOT NULL CHECK (seen_count > 0),
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  observation TEXT NOT NULL
);

CREATE TABLE findings (
  key TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('definite', 'potential')),
  table_ref TEXT NOT NULL,
  column_name TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE finding_occurrences (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL REFERENCES findings (key),
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('definite', 'potential')),
  table_ref TEXT NOT NULL,
  column_name TEXT,
  uses TEXT NOT NULL,
  before TEXT,
  after TEXT,
  message TEXT NOT NULL,
  suggestion TEXT,
  affected_consumers TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'superseded')),
  resolve_reason TEXT CHECK (resolve_reason IN
    ('fixed', 'accepted', 'superseded', 'removed from the graph')),
  superseded_by TEXT,
  is_worsened INTEGER NOT NULL DEFAULT 0,
  opened_sync_id INTEGER NOT NULL REFERENCES syncs (id),
  resolved_sync_id INTEGER REFERENCES syncs (id),
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  resolved_at TEXT,
  acknowledged_at TEXT,
  snoozed_until TEXT,
  snoozed_at TEXT,
  CHECK ((status = 'open') = (resolved_at IS NULL))
);
-- The heart of "a crash loses and duplicates no finding".
CREATE UNIQUE INDEX finding_occurrences_one_open
  ON finding_occurrences (key) WHERE status = 'open';
CREATE INDEX finding_occurrences_by_resolved
  ON finding_occurrences (status, resolved_at);
CREATE INDEX finding_occurrences_by_sync
  ON finding_occurrences (resolved_sync_id);

CREATE TABLE suspect_guard (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  tables TEXT NOT NULL,
  count INTEGER NOT NULL CHECK (count > 0),
  last_sync_id INTEGER NOT NULL
);

CREATE TABLE sync_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  token TEXT NOT NULL,
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  acquired_at TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  sync_id INTEGER
);
`;

/** The core steps; append new ones, never edit an applied one. */
export const CORE_MIGRATIONS: readonly Migration[] = [
  { id: 'core-0001-state', sql: CORE_TABLES },
];
