/** SQL over the sync history: failure streaks, a sync's changes, pruning. */
import type Database from 'better-sqlite3';
import type { ResolveReason } from '../model/finding.js';
import type { UnknownDatabase } from '../model/sync.js';
import { readJson, type SyncRow } from './sqlite-rows.js';
import type { FailureStreak, PruneCounts, SyncChanges } from './store.js';

/** The failed or partial syncs since the last sync of another status. */
export function readFailureStreak(db: Database.Database): FailureStreak {
  const rows = db
    .prepare("SELECT * FROM syncs WHERE status != 'running' ORDER BY id DESC")
    .iterate() as IterableIterator<SyncRow>;
  const streak: SyncRow[] = [];

  for (const row of rows) {
    // An interrupted or cancelled sync read nothing and says nothing about
    // the warehouse: it neither extends nor ends a streak.
    const isInterrupted =
      row.status === 'failed' && readJson<unknown[]>(row.unknown).length === 0;
    if (isInterrupted) continue;
    if (row.status !== 'failed' && row.status !== 'partial') break;
    streak.push(row);
  }

  // Newest reason per database: the streak is read newest first.
  const unknown = new Map<string, UnknownDatabase>();
  for (const row of streak) {
    for (const u of readJson<UnknownDatabase[]>(row.unknown)) {
      if (!unknown.has(u.database)) unknown.set(u.database, u);
    }
  }
  return {
    count: streak.length,
    since: streak.at(-1)?.started_at ?? null,
    unknown: [...unknown.values()],
    lastError: streak[0]?.error ?? null,
  };
}

/** What a finished sync opened as worsened and what it ended, and why. */
export function readSyncChanges(
  db: Database.Database,
  syncId: number,
): SyncChanges | null {
  const sync = db.prepare('SELECT id FROM syncs WHERE id = ?').get(syncId);
  if (sync === undefined) return null;

  const worsened = db
    .prepare(
      'SELECT key FROM finding_occurrences WHERE opened_sync_id = ? ' +
        'AND is_worsened = 1 ORDER BY key',
    )
    .all(syncId) as { key: string }[];
  const ended = db
    .prepare(
      'SELECT key, resolve_reason AS reason, superseded_by FROM ' +
        'finding_occurrences WHERE resolved_sync_id = ? ORDER BY key',
    )
    .all(syncId) as EndedRow[];

  return {
    worsened: worsened.map(({ key }) => ({
      key,
      superseded: ended
        .filter((e) => e.superseded_by === key)
        .map((e) => e.key),
    })),
    ended: ended.map(({ key, reason }) => ({ key, reason })),
  };
}

/**
 * Drops resolved occurrences, baseline history, stale pending findings and
 * finished syncs older than `cutoff`. Open findings, the accepted baseline
 * and the syncs they point at stay, as does the newest sync.
 */
export function pruneRows(db: Database.Database, cutoff: string): PruneCounts {
  const occurrences = db
    .prepare(
      "DELETE FROM finding_occurrences WHERE status != 'open' " +
        'AND resolved_at < ?',
    )
    .run(cutoff).changes;
  const history = db
    .prepare('DELETE FROM baseline_history WHERE changed_at < ?')
    .run(cutoff).changes;
  const pending = db
    .prepare('DELETE FROM pending_observations WHERE last_seen_at < ?')
    .run(cutoff).changes;

  db.prepare(
    'DELETE FROM findings WHERE key NOT IN ' +
      '(SELECT key FROM finding_occurrences)',
  ).run();
  const syncs = db
    .prepare(
      "DELETE FROM syncs WHERE status != 'running' " +
        'AND coalesce(finished_at, started_at) < ? ' +
        'AND id != (SELECT max(id) FROM syncs) ' +
        'AND id NOT IN (SELECT opened_sync_id FROM finding_occurrences) ' +
        'AND id NOT IN (SELECT resolved_sync_id FROM finding_occurrences ' +
        'WHERE resolved_sync_id IS NOT NULL) ' +
        'AND id NOT IN (SELECT last_sync_id FROM suspect_guard)',
    )
    .run(cutoff).changes;
  return { syncs, occurrences, history, pending };
}

interface EndedRow {
  readonly key: string;
  readonly reason: ResolveReason;
  readonly superseded_by: string | null;
}
