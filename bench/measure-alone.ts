/**
 * The parts of a sync measured alone: the classifier on a real snapshot,
 * and the state write (finishSync) on that classification.
 */
import { performance } from 'node:perf_hooks';
import { findAffectedConsumers } from '../checks/affected-consumers.js';
import { classify } from '../checks/classify.js';
import { resolveObjects } from '../checks/resolve-objects.js';
import type { MonitorConfig } from '../src/config/types.js';
import type { CatalogRequest } from '../src/model/catalog.js';
import type { CheckResult } from '../src/model/check.js';
import type { DataGraph } from '../src/model/graph.js';
import type { GraphUsage } from '../src/model/usage.js';
import type { StateStore } from '../src/state/store.js';
import { openWarehouse } from '../src/warehouse/registry.js';
import { medianOfRuns } from './stats.js';

/** What the classifier works on: graph, usage and the store's context. */
export interface ClassifyInputs {
  readonly config: MonitorConfig;
  readonly graph: DataGraph;
  readonly usage: GraphUsage;
  readonly requests: readonly CatalogRequest[];
  readonly store: StateStore;
}

/** classify() alone, and two of its steps timed on their own. */
export interface ClassifyTiming {
  readonly ms: number;
  /** resolveObjects: every used object matched to the snapshot. */
  readonly resolveMs: number;
  /** findAffectedConsumers for every finding. */
  readonly affectedMs: number;
  readonly result: CheckResult;
}

/**
 * Reads one snapshot with the real adapter, then times `classify` on it,
 * and two of its exported steps, median of `runs` after a warm-up each.
 */
export async function measureClassify(
  inputs: ClassifyInputs,
  runs: number,
): Promise<ClassifyTiming> {
  const { config } = inputs;
  const warehouse = await openWarehouse(config.warehouse);
  let snapshot;
  try {
    snapshot = await warehouse.describeCatalogs(inputs.requests, {
      maxProbes: config.checks.maxProbes,
    });
  } finally {
    await warehouse.close();
  }

  const context = inputs.store.loadCheckContext();
  const input = {
    graph: inputs.graph,
    consumers: config.consumers,
    usage: inputs.usage,
    snapshot,
    baseline: context.baseline,
    knownNames: context.knownNames,
  };
  const result = classify(input);
  const ms = await medianOfRuns(runs, () => elapsed(() => classify(input)));
  const resolveMs = await medianOfRuns(runs, () =>
    elapsed(() => resolveObjects(input.usage, snapshot)),
  );
  const affectedMs = await medianOfRuns(runs, () =>
    elapsed(() => {
      for (const { uses } of result.observations) {
        findAffectedConsumers(input.graph, input.consumers, uses);
      }
    }),
  );
  return { ms, resolveMs, affectedMs, result };
}

/** Milliseconds a synchronous call took. */
export function elapsed(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/**
 * Times finishSync alone on `result`: each run records one more sync
 * that sees what the previous one saw, as a steady daemon does.
 */
export async function measureStateWrite(
  inputs: ClassifyInputs,
  result: CheckResult,
  metadataQueries: number,
  runs: number,
): Promise<number> {
  const { store, config } = inputs;

  return medianOfRuns(runs, () => {
    const syncId = store.beginSync(new Date());
    const outcome = {
      finishedAt: new Date(),
      result,
      error: null,
      metadataQueries,
      graphTableCount: inputs.usage.tables.length,
      config: config.checks,
      unknown: [],
    };
    const start = performance.now();
    const report = store.finishSync(syncId, outcome);
    const ms = performance.now() - start;

    if (report.sync.status !== 'ok') {
      throw new Error(`state write ended ${report.sync.status}`);
    }
    return ms;
  });
}
