/**
 * The floor and the naive monitor: the same catalog reads without the
 * monitor around them, and a monitor that asks one question per table.
 */
import { performance } from 'node:perf_hooks';
import type { WarehouseConfig } from '../src/config/types.js';
import type { CatalogRequest } from '../src/model/catalog.js';
import type { UsedTable } from '../src/model/usage.js';
import { median, medianOfRuns } from './stats.js';

/** Connections open on the benchmark's warehouse, outside any timing. */
export interface DirectSession {
  /** The adapter's catalog statements for every request, rows fetched. */
  readCatalogs(): Promise<void>;
  /** One information_schema query about one used table. */
  describeTable(table: UsedTable): Promise<void>;
  close(): Promise<void>;
}

/** What the naive monitor cost, and how much of it was measured. */
export interface NaiveResult {
  /** Median of the complete runs, or the estimate from a partial one. */
  readonly ms: number;
  readonly runs: number;
  /** Tables asked about in the one partial run; null when all were. */
  readonly sampled: number | null;
  readonly total: number;
}

/** Opens direct connections for the configured warehouse. */
export async function openDirectSession(
  config: WarehouseConfig,
  requests: readonly CatalogRequest[],
): Promise<DirectSession> {
  if (config.type === 'postgres') {
    const { openPostgresDirect } = await import('./direct-postgres.js');
    return openPostgresDirect(config, requests);
  }
  if (config.type === 'duckdb') {
    const { openDuckDbDirect } = await import('./direct-duckdb.js');
    return openDuckDbDirect(config, requests);
  }
  throw new Error(`the benchmark has no floor for ${config.type}`);
}

/** The floor, on fresh connections and on connections kept open. */
export interface FloorResult {
  /** New connections for each run (untimed), as the adapter makes. */
  readonly ms: number;
  /** One set of connections for every run, warm caches. */
  readonly warmMs: number;
}

/**
 * The floor: the catalog statements alone, median of `runs` after a
 * warm-up. Each run of `ms` opens its own connections first, untimed: the
 * adapter connects afresh every sync, and a new PostgreSQL session starts
 * with empty catalog caches.
 */
export async function measureFloor(
  open: () => Promise<DirectSession>,
  runs: number,
): Promise<FloorResult> {
  const ms = await medianOfRuns(runs, async () => {
    const session = await open();
    try {
      return await timeCatalogRead(session);
    } finally {
      await session.close();
    }
  });

  const session = await open();
  try {
    const warmMs = await medianOfRuns(runs, () => timeCatalogRead(session));
    return { ms, warmMs };
  } finally {
    await session.close();
  }
}

/**
 * The naive monitor: one query per used table, in turn. Runs up to `runs`
 * times while another run fits in `budgetMs`; a first run that cannot
 * finish within the budget stops there and its time is scaled to every
 * table (each query costs about the same, whichever table it names).
 */
export async function measureNaive(
  session: DirectSession,
  tables: readonly UsedTable[],
  runs: number,
  budgetMs: number,
): Promise<NaiveResult> {
  const began = performance.now();
  const times: number[] = [];

  while (times.length < runs) {
    const start = performance.now();
    const order = spreadOrder(tables.length);
    for (let done = 0; done < order.length; done += 1) {
      const table = tables[order[done] ?? 0];
      if (table) await session.describeTable(table);
      const elapsed = performance.now() - start;
      if (times.length === 0 && elapsed > budgetMs && done + 1 < order.length) {
        const ms = (elapsed * tables.length) / (done + 1);
        return { ms, runs: 0, sampled: done + 1, total: tables.length };
      }
    }
    times.push(performance.now() - start);
    // Another run only if it should end within the budget too.
    if (performance.now() - began + (times.at(-1) ?? 0) > budgetMs) break;
  }

  return {
    ms: median(times),
    runs: times.length,
    sampled: null,
    total: tables.length,
  };
}

async function timeCatalogRead(session: DirectSession): Promise<number> {
  const start = performance.now();
  await session.readCatalogs();
  return performance.now() - start;
}

// Visits every index once in a spread-out order, so that a partial run
// samples every schema and database rather than the first one.
function spreadOrder(count: number): number[] {
  const step = [7919, 7907, 7901].find((p) => count % p !== 0) ?? 1;
  return Array.from({ length: count }, (_, k) => (k * step) % count);
}
