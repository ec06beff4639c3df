/** What one measurement of one warehouse at one size brings back. */
import type { SyncReport } from '../src/model/sync.js';
import type { NaiveResult } from './direct-session.js';
import type { SyncTiming } from './timed-sync.js';

/** One row of bench/results.json (these key names are the contract). */
export interface BenchRow {
  readonly warehouse: string;
  readonly entities: number;
  readonly tables: number;
  readonly databases: number;
  readonly syncMs: number;
  readonly floorMs: number;
  readonly naiveMs: number;
  readonly classifyMs: number;
  readonly metadataQueries: number;
  readonly peakRssMb: number;
}

/** Where the time went, for the printed breakdown. */
export interface SizeDetail {
  /** parseGraph on the graph text, median. */
  readonly parseMs: number;
  /** collectUsage alone, median (before the first catalog statement). */
  readonly usageMs: number;
  /** The floor on connections kept open between runs. */
  readonly warmFloorMs: number;
  /** Peak RSS before the graph was parsed: node, modules, driver. */
  readonly baseRssMb: number;
  /** Heap the parsed graph keeps (config and consumers were loaded before). */
  readonly graphHeapMb: number;
  /** The warm-up sync, which writes the baseline. */
  readonly firstSyncMs: number;
  /** The median sync's steps. */
  readonly sync: Omit<SyncTiming, 'report'>;
  /** finishSync alone on the same outcome, median. */
  readonly stateAloneMs: number;
  /** Of classify() alone: resolveObjects, and affected consumers. */
  readonly resolveMs: number;
  readonly affectedMs: number;
  readonly naive: NaiveResult;
  /** Open findings of the median sync, by kind. */
  readonly findings: Readonly<Record<string, number>>;
}

/** A row and its breakdown. */
export interface SizeResult {
  readonly row: BenchRow;
  readonly detail: SizeDetail;
}

/** The keys of a results.json row, in order. */
export const BENCH_ROW_KEYS: readonly (keyof BenchRow)[] = [
  'warehouse',
  'entities',
  'tables',
  'databases',
  'syncMs',
  'floorMs',
  'naiveMs',
  'classifyMs',
  'metadataQueries',
  'peakRssMb',
];

/** Open findings of a report, counted by kind. */
export function countFindings(report: SyncReport): Record<string, number> {
  const counts: Record<string, number> = {};

  for (const finding of report.findings) {
    if (finding.status !== 'open') continue;
    counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  }
  return counts;
}
