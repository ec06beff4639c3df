/**
 * One read of the warehouse for a graph, without state: what `validate
 * --check-warehouse` and `diff --check-warehouse` need. Nothing is
 * accepted, so only existence, access and join types can be judged.
 */
import { classify } from '../../checks/classify.js';
import type { MonitorConfig } from '../config/types.js';
import { collectUsage } from '../graph/usage.js';
import type { WarehouseSnapshot } from '../model/catalog.js';
import type { CheckResult } from '../model/check.js';
import type { DataGraph } from '../model/graph.js';
import type { GraphUsage } from '../model/usage.js';
import { openWarehouse } from '../warehouse/registry.js';
import { buildCatalogRequests } from './catalog-requests.js';

/** What one stateless check of a graph saw. */
export interface GraphCheck {
  readonly usage: GraphUsage;
  readonly snapshot: WarehouseSnapshot;
  readonly result: CheckResult;
  /** What the adapter cannot see, to show beside the result. */
  readonly limitations: readonly string[];
}

/** Reads the catalogs `graph` uses and classifies them with no baseline. */
export async function checkGraphOnce(
  config: MonitorConfig,
  graph: DataGraph,
): Promise<GraphCheck> {
  const warehouse = await openWarehouse(config.warehouse);

  try {
    const database = config.warehouse.database ?? warehouse.defaultDatabase;
    const usage = collectUsage(graph, database);
    const snapshot = await warehouse.describeCatalogs(
      buildCatalogRequests(usage),
      { maxProbes: config.checks.maxProbes },
    );
    const result = classify({
      graph,
      consumers: config.consumers,
      usage,
      snapshot,
      baseline: { tables: new Map(), columns: new Map() },
      knownNames: null,
    });
    return { usage, snapshot, result, limitations: warehouse.limitations };
  } finally {
    await warehouse.close();
  }
}
