/** A sync: one read of the warehouse and what came of it. */
import type { FindingReport } from './finding.js';

/** How a sync ended (SPEC §7). */
export type SyncStatus = 'ok' | 'partial' | 'failed' | 'suspect' | 'busy';

/** A database or schema that could not be read, and why. */
export interface UnknownDatabase {
  readonly database: string;
  readonly reason: string;
}

/** The `sync` object of the reports. */
export interface SyncRecord {
  /** Null only for a `busy` report, which is not recorded. */
  readonly id: number | null;
  readonly status: SyncStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
  readonly metadataQueries: number;
  readonly unknown: readonly UnknownDatabase[];
}

/** Open findings by severity. */
export interface OpenCounts {
  readonly definite: number;
  readonly potential: number;
}

/** The `summary` of `sync-now --json`. */
export interface SyncSummary {
  readonly open: OpenCounts;
  readonly opened: number;
  readonly worsened: number;
  readonly resolved: number;
}

/** The whole `sync-now --json` document. */
export interface SyncReport {
  readonly sync: SyncRecord;
  readonly findings: readonly FindingReport[];
  readonly summary: SyncSummary;
}
