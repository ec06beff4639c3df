/**
 * Measures one warehouse at one size, in this process: parse, the real
 * sync (a warm-up that writes the baseline, then `runs` runs), peak RSS
 * right after the syncs, then the floor, the naive monitor, and the
 * classifier and state write alone.
 */
import { join } from 'node:path';
import { collectUsage } from '../src/graph/usage.js';
import { parseGraph } from '../src/graph/parse-graph.js';
import { buildCatalogRequests } from '../src/scheduler/catalog-requests.js';
import { openStateStore } from '../src/state/sqlite-store.js';
import { loadBenchInputs, readBenchGraph } from './bench-config.js';
import type { BenchTarget } from './bench-config.js';
import type { SizeResult } from './bench-row.js';
import { countFindings } from './bench-row.js';
import {
  measureFloor,
  measureNaive,
  openDirectSession,
  type FloorResult,
  type NaiveResult,
} from './direct-session.js';
import {
  elapsed,
  measureClassify,
  measureStateWrite,
} from './measure-alone.js';
import type { ClassifyInputs } from './measure-alone.js';
import { watchStatements } from './statement-log.js';
import { medianOfRuns, round } from './stats.js';
import { syntheticNames } from './synthetic-graph.js';
import { runTimedSync, type SyncSetup, type SyncTiming } from './timed-sync.js';

/** One measurement's settings. */
export interface SizeOptions {
  readonly target: BenchTarget;
  readonly entities: number;
  /** Names the databases (see syntheticNames). */
  readonly tag: string;
  /** Holds config, graph and consumers; the state file goes here. */
  readonly workDir: string;
  readonly runs: number;
  readonly naiveRuns: number;
  /** Time the naive monitor may take at this size (see measureNaive). */
  readonly naiveBudgetMs: number;
}

/**
 * Measures one size. The warehouse must hold its tables and `workDir` its
 * files (see writeBenchFiles).
 */
export async function measureSize(options: SizeOptions): Promise<SizeResult> {
  const { runs, target } = options;
  const names = syntheticNames(options.tag);
  const inputs = await loadBenchInputs(options.workDir, names, target);
  const { config } = inputs;
  const catalogSql = await catalogStatementsOf(target.type);
  const log = await watchStatements(target.type);
  const baseRssMb = process.resourceUsage().maxRSS / 1024;
  const parseMs = await medianOfRuns(runs, () =>
    elapsed(() => parseGraph(inputs.graphText, config.graphPath)),
  );
  const heapBefore = retainedHeapMb();
  const graph = readBenchGraph(inputs);
  const graphHeapMb = retainedHeapMb() - heapBefore;

  const store = openStateStore(join(options.workDir, 'state.db'));
  try {
    const setup: SyncSetup = { config, graph, store, log, catalogSql };
    const first = await runTimedSync(setup);
    const syncs: SyncTiming[] = [];
    for (let run = 0; run < runs; run += 1) {
      syncs.push(await runTimedSync(setup));
    }
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const { report, ...sync } = pickMedian(syncs);

    const database = config.warehouse.database ?? '';
    const usageMs = await medianOfRuns(runs, () =>
      elapsed(() => collectUsage(graph, database)),
    );
    const usage = collectUsage(graph, database);
    const requests = buildCatalogRequests(usage);
    const direct = await measureDirect(options, { config, usage, requests });
    const alone = { config, graph, usage, requests, store };
    const classified = await measureClassify(alone, runs);
    const metadataQueries = report.sync.metadataQueries;
    const stateAloneMs = await measureStateWrite(
      alone,
      classified.result,
      metadataQueries,
      runs,
    );

    return {
      row: {
        warehouse: target.type,
        entities: options.entities,
        tables: usage.tables.length,
        databases: requests.length,
        syncMs: round(sync.syncMs),
        floorMs: round(direct.floor.ms),
        naiveMs: round(direct.naive.ms),
        classifyMs: round(classified.ms),
        metadataQueries,
        peakRssMb: round(peakRssMb),
      },
      detail: {
        parseMs,
        usageMs,
        warmFloorMs: direct.floor.warmMs,
        baseRssMb,
        graphHeapMb,
        firstSyncMs: first.syncMs,
        sync,
        stateAloneMs,
        resolveMs: classified.resolveMs,
        affectedMs: classified.affectedMs,
        naive: direct.naive,
        findings: countFindings(report),
      },
    };
  } finally {
    store.close();
  }
}

async function measureDirect(
  options: SizeOptions,
  inputs: Pick<ClassifyInputs, 'config' | 'usage' | 'requests'>,
): Promise<{ floor: FloorResult; naive: NaiveResult }> {
  const { config, usage, requests } = inputs;
  const open = () => openDirectSession(config.warehouse, requests);
  const floor = await measureFloor(open, options.runs);

  const session = await open();
  try {
    const naive = await measureNaive(
      session,
      usage.tables,
      options.naiveRuns,
      options.naiveBudgetMs,
    );
    return { floor, naive };
  } finally {
    await session.close();
  }
}

async function catalogStatementsOf(
  type: BenchTarget['type'],
): Promise<ReadonlySet<string>> {
  if (type === 'postgres') {
    return (await import('./direct-postgres.js')).POSTGRES_CATALOG_SQL;
  }
  return (await import('./direct-duckdb.js')).DUCKDB_CATALOG_SQL;
}

// The run whose sync time is the median (the lower middle for an even
// count), so that its breakdown adds up to the reported syncMs.
function pickMedian(syncs: readonly SyncTiming[]): SyncTiming {
  const sorted = [...syncs].sort((a, b) => a.syncMs - b.syncMs);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  if (!middle) throw new RangeError('no sync was measured');
  return middle;
}

// The heap still in use after a full collection; the child runs with
// --expose-gc for this (the syncs themselves never call gc). Without it,
// in a test, the figure includes garbage.
function retainedHeapMb(): number {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
