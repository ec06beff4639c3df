/**
 * SQL for what carries from one sync to the next: the accepted baseline,
 * the names seen, pending observations and the suspect guard.
 */
import type Database from 'better-sqlite3';
import type { Baseline, KnownNames } from '../model/check.js';
import type { TableKind, TypeFamily } from '../model/catalog.js';
import type { ColumnValue, Observation, TableValue } from '../model/finding.js';
import type { BaselineChange } from './lifecycle-baseline.js';
import type { SuspectGuardState } from './lifecycle-guard.js';
import type { LifecyclePlan, PendingObservation } from './lifecycle.js';
import { readJson } from './sqlite-rows.js';

/** The accepted kind of each used table and type of each used column. */
export function readBaseline(db: Database.Database): Baseline {
  const tables = new Map<string, TableValue>();
  const columns = new Map<string, ColumnValue>();
  // Raw rows: tens of thousands of columns, no object per row to drop.
  const tableRows = db
    .prepare('SELECT table_ref, kind FROM baseline_tables')
    .raw(true)
    .all() as [string, TableKind][];
  const columnRows = db
    .prepare('SELECT column_ref, type, family FROM baseline_columns')
    .raw(true)
    .all() as [string, string, TypeFamily][];

  for (const [ref, kind] of tableRows) tables.set(ref, { kind });
  for (const [ref, type, family] of columnRows) {
    columns.set(ref, { type, family });
  }
  return { tables, columns };
}

/** The names the last good syncs saw; null when none recorded any. */
export function readKnownNames(db: Database.Database): KnownNames | null {
  const rows = db
    .prepare('SELECT scope, owner, names FROM known_names')
    .all() as KnownNameRow[];
  if (rows.length === 0) return null;

  const schemas = new Map<string, readonly string[]>();
  const tables = new Map<string, readonly string[]>();
  for (const row of rows) {
    const target = row.scope === 'schema' ? schemas : tables;
    target.set(row.owner, readJson<string[]>(row.names));
  }
  return { schemas, tables };
}

/** Findings waiting for `confirm_after`. */
export function readPending(db: Database.Database): PendingObservation[] {
  const rows = db
    .prepare('SELECT * FROM pending_observations ORDER BY key')
    .all() as PendingRow[];
  return rows.map((row) => ({
    observation: readJson<Observation>(row.observation),
    count: row.seen_count,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  }));
}

/**
 * The guard's count, only when the sync just before `syncId` kept it: any
 * other sync in between (a crashed one included) resets it.
 */
export function readGuard(
  db: Database.Database,
  syncId: number,
): SuspectGuardState | null {
  const row = db.prepare('SELECT * FROM suspect_guard').get() as
    GuardRow | undefined;
  const previous = db
    .prepare('SELECT max(id) AS id FROM syncs WHERE id < ?')
    .get(syncId) as { id: number | null };
  if (row === undefined || row.last_sync_id !== previous.id) return null;
  return { tables: readJson<string[]>(row.tables), count: row.count };
}

/** Writes the carried-over part of a sync's plan. */
export function writeCarryOver(
  db: Database.Database,
  syncId: number,
  at: string,
  plan: LifecyclePlan,
): void {
  db.prepare('DELETE FROM suspect_guard').run();
  if (plan.guard !== null) {
    db.prepare(
      'INSERT INTO suspect_guard (id, tables, count, last_sync_id) ' +
        'VALUES (1, ?, ?, ?)',
    ).run(JSON.stringify(plan.guard.tables), plan.guard.count, syncId);
  }

  if (plan.pending !== null) writePending(db, plan.pending);
  writeBaseline(db, plan.baseline, syncId, at);
  if (plan.knownNames !== null) {
    const { names, isComplete } = plan.knownNames;
    if (isComplete) db.prepare('DELETE FROM known_names').run();
    const put = db.prepare(
      'INSERT OR REPLACE INTO known_names (scope, owner, names, sync_id) ' +
        'VALUES (?, ?, ?, ?)',
    );
    for (const [owner, list] of names.schemas) {
      put.run('schema', owner, JSON.stringify(list), syncId);
    }
    for (const [owner, list] of names.tables) {
      put.run('table', owner, JSON.stringify(list), syncId);
    }
  }
}

/** Replaces the pending list. */
export function writePending(
  db: Database.Database,
  pending: readonly PendingObservation[],
): void {
  db.prepare('DELETE FROM pending_observations').run();
  const put = db.prepare(
    'INSERT INTO pending_observations (key, seen_count, first_seen_at, ' +
      'last_seen_at, observation) VALUES (?, ?, ?, ?, ?)',
  );
  for (const p of pending) {
    const o = p.observation;
    put.run(o.key, p.count, p.firstSeenAt, p.lastSeenAt, JSON.stringify(o));
  }
}

function writeBaseline(
  db: Database.Database,
  changes: readonly BaselineChange[],
  syncId: number,
  at: string,
): void {
  const putTable = db.prepare(
    'INSERT INTO baseline_tables (table_ref, kind, sync_id, accepted_at) ' +
      'VALUES (?, ?, ?, ?) ON CONFLICT (table_ref) DO UPDATE SET ' +
      'kind = excluded.kind, sync_id = excluded.sync_id, ' +
      'accepted_at = excluded.accepted_at',
  );
  const putColumn = db.prepare(
    'INSERT INTO baseline_columns (column_ref, table_ref, type, family, ' +
      'sync_id, accepted_at) VALUES (?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (column_ref) DO UPDATE SET type = excluded.type, ' +
      'family = excluded.family, sync_id = excluded.sync_id, ' +
      'accepted_at = excluded.accepted_at',
  );
  const putHistory = db.prepare(
    'INSERT INTO baseline_history (object_ref, table_ref, reason, before, ' +
      'after, sync_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  for (const change of changes) {
    const { ref, tableRef, after } = change;
    if (change.scope === 'table') {
      putTable.run(ref, change.after.kind, syncId, at);
    } else {
      const { type, family } = change.after;
      putColumn.run(ref, tableRef, type, family, syncId, at);
    }

    // After the baseline only changes are stored (SPEC §5).
    if (change.reason === 'first_seen') continue;
    const before = JSON.stringify(change.before);
    const reason = change.reason;
    putHistory.run(
      ref,
      tableRef,
      reason,
      before,
      JSON.stringify(after),
      syncId,
      at,
    );
  }
}

interface KnownNameRow {
  readonly scope: 'schema' | 'table';
  readonly owner: string;
  readonly names: string;
}

interface PendingRow {
  readonly key: string;
  readonly seen_count: number;
  readonly first_seen_at: string;
  readonly last_seen_at: string;
  readonly observation: string;
}

interface GuardRow {
  readonly tables: string;
  readonly count: number;
  readonly last_sync_id: number;
}
