/** Raw rows of the SQLite state file and their mapping to model shapes. */
import type { ConsumerRef } from '../model/consumer.js';
import type {
  FindingKind,
  FindingReport,
  FindingStatus,
  FindingValue,
  Observation,
  Severity,
} from '../model/finding.js';
import { StateError } from '../model/errors.js';
import type { SyncRecord, UnknownDatabase } from '../model/sync.js';
import type { Use } from '../model/usage.js';
import { toFindingReport } from './lifecycle-report.js';
import type { StoredSyncStatus, SyncEntry } from './store.js';

/** A `finding_occurrences` row. */
export interface OccurrenceRow {
  readonly id: number;
  readonly key: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly table_ref: string;
  readonly column_name: string | null;
  readonly uses: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly message: string;
  readonly suggestion: string | null;
  readonly affected_consumers: string;
  readonly status: FindingStatus;
  readonly resolve_reason: string | null;
  readonly superseded_by: string | null;
  readonly is_worsened: number;
  readonly opened_sync_id: number;
  readonly resolved_sync_id: number | null;
  readonly first_seen_at: string;
  readonly resolved_at: string | null;
  readonly acknowledged_at: string | null;
  readonly snoozed_until: string | null;
}

/** A `syncs` row. */
export interface SyncRow {
  readonly id: number;
  readonly status: StoredSyncStatus;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly error: string | null;
  readonly metadata_queries: number;
  readonly unknown: string;
  readonly opened: number;
  readonly worsened: number;
  readonly resolved: number;
  readonly suspect_tables: string | null;
}

/** Parses a JSON column the store itself wrote. */
export function readJson<T>(text: string): T {
  return JSON.parse(text) as T;
}

/** Parses a nullable JSON column the store itself wrote. */
export function readJsonOrNull<T>(text: string | null): T | null {
  return text === null ? null : readJson<T>(text);
}

/** The observed part of an occurrence. */
export function rowToObservation(row: OccurrenceRow): Observation {
  return {
    key: row.key,
    kind: row.kind,
    severity: row.severity,
    tableRef: row.table_ref,
    column: row.column_name,
    uses: readJson<Use[]>(row.uses),
    before: readJsonOrNull<FindingValue>(row.before),
    after: readJsonOrNull<FindingValue>(row.after),
    message: row.message,
    suggestion: row.suggestion,
    affectedConsumers: readJson<ConsumerRef[]>(row.affected_consumers),
  };
}

/** An occurrence as reported; `isNew` when the reporting sync opened it. */
export function rowToFinding(
  row: OccurrenceRow,
  isNew: boolean,
): FindingReport {
  return toFindingReport(rowToObservation(row), {
    status: row.status,
    isNew,
    acknowledged: row.acknowledged_at !== null,
    snoozedUntil: row.snoozed_until,
    firstSeenAt: row.first_seen_at,
    resolvedAt: row.resolved_at,
  });
}

/** A history entry. */
export function rowToSyncEntry(row: SyncRow): SyncEntry {
  return {
    id: row.id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    metadataQueries: row.metadata_queries,
    unknown: readJson<UnknownDatabase[]>(row.unknown),
    opened: row.opened,
    worsened: row.worsened,
    resolved: row.resolved,
  };
}

/** The `sync` object of the reports, for a finished sync. */
export function rowToSyncRecord(row: SyncRow): SyncRecord {
  const status = row.status;
  if (status === 'running') {
    throw new StateError(`sync ${row.id} is still running: it has no report`);
  }
  return {
    id: row.id,
    status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    metadataQueries: row.metadata_queries,
    unknown: readJson<UnknownDatabase[]>(row.unknown),
  };
}

/** Serialises a JSON column; null stays SQL NULL. */
export function writeJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}
