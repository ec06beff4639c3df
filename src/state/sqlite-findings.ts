/** SQL for finding occurrences: read the open ones, write a sync's plan. */
import type Database from 'better-sqlite3';
import type { FindingReport, Observation } from '../model/finding.js';
import { joinFindingKey } from '../model/finding.js';
import type { GraphUsage } from '../model/usage.js';
import type { EndedFinding, LifecyclePlan } from './lifecycle.js';
import { columnRef, joinSides } from './lifecycle-objects.js';
import type { FindingObject } from './lifecycle-objects.js';
import { compareFindings } from './lifecycle-report.js';
import {
  rowToFinding,
  rowToObservation,
  writeJson,
  type OccurrenceRow,
} from './sqlite-rows.js';

/** Every open occurrence, definite first, then by key. */
export function readOpenRows(db: Database.Database): OccurrenceRow[] {
  const rows = db
    .prepare("SELECT * FROM finding_occurrences WHERE status = 'open'")
    .all() as OccurrenceRow[];
  return rows.sort(compareFindings);
}

/** Writes the findings part of a sync's plan. */
export function writeFindingChanges(
  db: Database.Database,
  syncId: number,
  at: string,
  plan: LifecyclePlan,
): void {
  for (const end of plan.ended) endOccurrence(db, end, syncId, at);

  const refresh = db.prepare(
    'UPDATE finding_occurrences SET uses = ?, before = ?, after = ?, ' +
      'message = ?, suggestion = ?, affected_consumers = ?, ' +
      "last_seen_at = ? WHERE key = ? AND status = 'open'",
  );
  for (const o of plan.refreshed) {
    refresh.run(...details(o), at, o.key);
  }

  for (const { observation, isWorsened } of plan.opened) {
    openOccurrence(db, observation, isWorsened, syncId, at);
  }
}

/** Sets `acknowledged_at` on the open occurrence of `key`. */
export function acknowledgeOpen(
  db: Database.Database,
  key: string,
  at: string,
): boolean {
  const info = db
    .prepare(
      'UPDATE finding_occurrences SET acknowledged_at = ' +
        "coalesce(acknowledged_at, ?) WHERE key = ? AND status = 'open'",
    )
    .run(at, key);
  return info.changes > 0;
}

/** Sets `snoozed_until` on the open occurrence of `key`. */
export function snoozeOpen(
  db: Database.Database,
  key: string,
  until: string,
  at: string,
): boolean {
  const info = db
    .prepare(
      'UPDATE finding_occurrences SET snoozed_until = ?, snoozed_at = ? ' +
        "WHERE key = ? AND status = 'open'",
    )
    .run(until, at, key);
  return info.changes > 0;
}

/** Resolves open occurrences whose object the graph no longer uses. */
export function resolveRemovedRows(
  db: Database.Database,
  usage: GraphUsage,
  at: string,
): FindingReport[] {
  const isUsed = usedObjects(usage);
  const gone = readOpenRows(db).filter((row) => !isUsed(rowToObservation(row)));

  for (const row of gone) {
    const end: EndedFinding = {
      key: row.key,
      status: 'resolved',
      reason: 'removed from the graph',
      supersededBy: null,
    };
    endOccurrence(db, end, null, at);
  }
  return gone.map((row) =>
    rowToFinding({ ...row, status: 'resolved', resolved_at: at }, false),
  );
}

/** A predicate: does the graph still use the object of this finding? */
export function usedObjects(
  usage: GraphUsage,
): (finding: FindingObject) => boolean {
  const tables = new Set(usage.tables.map((t) => t.tableRef));
  const columns = new Set(
    usage.tables.flatMap((t) =>
      t.columns.map((c) => columnRef(t.tableRef, c.name)),
    ),
  );
  const joins = new Set(
    usage.joins.flatMap((j) => {
      const left = { ...j.left, type: '' };
      const right = { ...j.right, type: '' };
      return [
        joinFindingKey({ left, right }),
        joinFindingKey({ left: right, right: left }),
      ];
    }),
  );

  return (f) => {
    const sides = joinSides(f.after);
    if (f.kind === 'join_type_mismatch' && sides !== null) {
      return joins.has(joinFindingKey(sides));
    }
    if (f.column !== null) return columns.has(columnRef(f.tableRef, f.column));
    return tables.has(f.tableRef);
  };
}

function endOccurrence(
  db: Database.Database,
  end: EndedFinding,
  syncId: number | null,
  at: string,
): void {
  db.prepare(
    'UPDATE finding_occurrences SET status = ?, resolve_reason = ?, ' +
      'superseded_by = ?, resolved_sync_id = ?, resolved_at = ? ' +
      "WHERE key = ? AND status = 'open'",
  ).run(end.status, end.reason, end.supersededBy, syncId, at, end.key);
}

function openOccurrence(
  db: Database.Database,
  o: Observation,
  isWorsened: boolean,
  syncId: number,
  at: string,
): void {
  db.prepare(
    'INSERT INTO findings (key, kind, severity, table_ref, column_name, ' +
      'created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING',
  ).run(o.key, o.kind, o.severity, o.tableRef, o.column, at);

  db.prepare(
    'INSERT INTO finding_occurrences (key, kind, severity, table_ref, ' +
      'column_name, uses, before, after, message, suggestion, ' +
      'affected_consumers, status, is_worsened, opened_sync_id, ' +
      'first_seen_at, last_seen_at) ' +
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
  ).run(
    o.key,
    o.kind,
    o.severity,
    o.tableRef,
    o.column,
    ...details(o),
    isWorsened ? 1 : 0,
    syncId,
    at,
    at,
  );
}

// The columns a later sighting may bring up to date, in insert order.
function details(
  o: Observation,
): [string, string | null, string | null, string, string | null, string] {
  return [
    JSON.stringify(o.uses),
    writeJson(o.before),
    writeJson(o.after),
    o.message,
    o.suggestion,
    JSON.stringify(o.affectedConsumers),
  ];
}
