/**
 * One real sync (`runSync` with the real adapter and SQLite store), timed
 * step by step. The adapter and the store are wrapped only to note when
 * each step ends; every call goes through to the real one.
 */
import { performance } from 'node:perf_hooks';
import type { MonitorConfig } from '../src/config/types.js';
import { silentLogger } from '../src/log.js';
import type { DataGraph } from '../src/model/graph.js';
import type { SyncReport } from '../src/model/sync.js';
import { runSync } from '../src/scheduler/run-sync.js';
import type { StateStore } from '../src/state/store.js';
import { openWarehouse } from '../src/warehouse/registry.js';
import type { Warehouse } from '../src/warehouse/warehouse.js';
import type { StatementLog } from './statement-log.js';
import { coveredMs } from './stats.js';

/** What a sync needs, set up once per size. */
export interface SyncSetup {
  readonly config: MonitorConfig;
  readonly graph: DataGraph;
  readonly store: StateStore;
  /** Observes the drivers' statements. */
  readonly log: StatementLog;
  /** The texts of the adapter's catalog statements. */
  readonly catalogSql: ReadonlySet<string>;
}

/** Where one sync's time went, in milliseconds. */
export interface SyncTiming {
  /** The whole runSync call, connecting included. */
  readonly totalMs: number;
  /** First catalog statement sent to the state commit. */
  readonly syncMs: number;
  /** First catalog statement to the snapshot returned (rows shaped). */
  readonly readMs: number;
  /** Time with at least one catalog statement in flight. */
  readonly statementsMs: number;
  /**
   * Time in the read with only session statements in flight (BEGIN,
   * set_config, ATTACH, DETACH): not catalog statements, but paid per sync.
   */
  readonly sessionMs: number;
  readonly loadContextMs: number;
  /** Snapshot returned to finishSync called, less the context load. */
  readonly classifyMs: number;
  /** finishSync: lifecycle plan and the write transaction. */
  readonly stateWriteMs: number;
  /** The largest JS heap seen at the end of read, classify and write. */
  readonly heapMb: number;
  /** Catalog statements the drivers saw. */
  readonly catalogStatements: number;
  readonly report: SyncReport;
}

/** Runs one sync; throws unless its status is `ok`. */
export async function runTimedSync(setup: SyncSetup): Promise<SyncTiming> {
  const marks = { read: 0, loadStart: 0, loadEnd: 0, finish: 0, done: 0 };
  const heap = { peak: 0 };
  const store = markStore(setup.store, marks, heap);
  setup.log.clear();
  const began = performance.now();

  const report = await runSync({
    config: setup.config,
    graph: setup.graph,
    store,
    openWarehouse: async () =>
      markWarehouse(await openWarehouse(setup.config.warehouse), marks, heap),
    logger: silentLogger(),
    now: () => new Date(),
  });
  const totalMs = performance.now() - began;
  if (report.sync.status !== 'ok') {
    throw new Error(
      `benchmark sync ended ${report.sync.status}: ${report.sync.error ?? ''}`,
    );
  }

  const statements = setup.log.matching(setup.catalogSql);
  const first = statements[0]?.start ?? marks.read;
  const loadMs = marks.loadEnd - marks.loadStart;
  const statementsMs = coveredMs(statements);
  const all = setup.log.entries.map((e) => clip(e, first, marks.read));
  return {
    totalMs,
    syncMs: marks.done - first,
    readMs: marks.read - first,
    statementsMs,
    sessionMs: coveredMs(all) - statementsMs,
    loadContextMs: loadMs,
    classifyMs: marks.finish - marks.read - loadMs,
    stateWriteMs: marks.done - marks.finish,
    heapMb: heap.peak / 1024 / 1024,
    catalogStatements: statements.length,
    report,
  };
}

function clip(
  entry: { start: number; end: number },
  from: number,
  to: number,
): { start: number; end: number } {
  const start = Math.min(Math.max(entry.start, from), to);
  return { start, end: Math.max(start, Math.min(entry.end, to)) };
}

interface Marks {
  read: number;
  loadStart: number;
  loadEnd: number;
  finish: number;
  done: number;
}

// Sampled, not traced: a lower bound of the heap's peak, enough to tell
// JS objects from native memory (drivers, SQLite) in the RSS.
function sampleHeap(heap: { peak: number }): void {
  heap.peak = Math.max(heap.peak, process.memoryUsage().heapUsed);
}

function markStore(
  store: StateStore,
  marks: Marks,
  heap: { peak: number },
): StateStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === 'loadCheckContext') {
        return () => {
          marks.loadStart = performance.now();
          const context = target.loadCheckContext();
          marks.loadEnd = performance.now();
          return context;
        };
      }
      if (key === 'finishSync') {
        return (...args: Parameters<StateStore['finishSync']>) => {
          sampleHeap(heap);
          marks.finish = performance.now();
          const report = target.finishSync(...args);
          marks.done = performance.now();
          sampleHeap(heap);
          return report;
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function markWarehouse(
  warehouse: Warehouse,
  marks: Marks,
  heap: { peak: number },
): Warehouse {
  return {
    type: warehouse.type,
    naming: warehouse.naming,
    defaultDatabase: warehouse.defaultDatabase,
    limitations: warehouse.limitations,
    describeCatalogs: async (requests, options) => {
      const snapshot = await warehouse.describeCatalogs(requests, options);
      marks.read = performance.now();
      sampleHeap(heap);
      return snapshot;
    },
    countDuplicateKeys: (key, options) =>
      warehouse.countDuplicateKeys(key, options),
    close: () => warehouse.close(),
  };
}
