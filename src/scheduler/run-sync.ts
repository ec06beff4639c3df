/** One sync: read the warehouse, classify, record, in that order. */
import { classify } from '../../checks/classify.js';
import type { MonitorConfig } from '../config/types.js';
import { collectUsage } from '../graph/usage.js';
import type { Logger } from '../log.js';
import type { WarehouseSnapshot } from '../model/catalog.js';
import type { CheckResult } from '../model/check.js';
import { MonitorError, WarehouseError } from '../model/errors.js';
import type { DataGraph } from '../model/graph.js';
import { redact } from '../model/redact.js';
import type { SyncReport } from '../model/sync.js';
import type { StateStore, SyncOutcome } from '../state/store.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { buildCatalogRequests } from './catalog-requests.js';
import { checkPrimaryKeys } from './primary-keys.js';

/** What a sync needs; the caller holds the sync lock. */
export interface SyncDeps {
  readonly config: MonitorConfig;
  readonly graph: DataGraph;
  readonly store: StateStore;
  readonly openWarehouse: () => Promise<Warehouse>;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly signal?: AbortSignal;
  /** Called with the new sync's id, before the warehouse is read. */
  readonly onBegin?: (syncId: number) => void;
  /** Also count duplicate primary keys (a data query) in this sync. */
  readonly checkPrimaryKeys?: boolean;
  /** Runs inside the sync's commit, so alerts are stored with it. */
  readonly within?: (report: SyncReport) => void;
}

/**
 * Runs one sync and records it. A warehouse that cannot be read gives a
 * `failed` sync, never an empty catalog; only a bug throws.
 */
export async function runSync(deps: SyncDeps): Promise<SyncReport> {
  const { config, graph, store, logger } = deps;
  const started = deps.now();
  const syncId = store.beginSync(started);
  deps.onBegin?.(syncId);

  const read = await readAndClassify(deps);

  const outcome: SyncOutcome = {
    finishedAt: deps.now(),
    result: read.result,
    error: read.error === null ? null : redact(read.error, config.secrets),
    metadataQueries: read.snapshot?.metadataQueries ?? 0,
    graphTableCount: read.tableCount,
    config: config.checks,
    unknown: read.unknown,
    isPrimaryKeyChecked: read.isPrimaryKeyChecked,
  };
  const report = store.finishSync(syncId, outcome, deps.within);

  logger.info(
    {
      syncId,
      status: report.sync.status,
      catalogs: read.snapshot?.catalogs.length ?? 0,
      tables: read.tableCount,
      metadataQueries: outcome.metadataQueries,
      opened: report.summary.opened,
      resolved: report.summary.resolved,
      ms: outcome.finishedAt.getTime() - started.getTime(),
    },
    'sync finished',
  );
  return report;
}

interface ReadResult {
  readonly result: CheckResult | null;
  readonly snapshot: WarehouseSnapshot | null;
  readonly error: string | null;
  readonly tableCount: number;
  readonly unknown: { database: string; reason: string }[];
  readonly isPrimaryKeyChecked: boolean;
}

async function readAndClassify(deps: SyncDeps): Promise<ReadResult> {
  const { config, graph, store } = deps;
  let warehouse: Warehouse | null = null;
  let tableCount = 0;
  let databases: string[] = [];

  try {
    warehouse = await deps.openWarehouse();
    const database = config.warehouse.database ?? warehouse.defaultDatabase;
    const usage = collectUsage(graph, database);
    const requests = buildCatalogRequests(usage);
    tableCount = usage.tables.length;
    databases = requests.map((r) => r.database.name);

    const snapshot = await warehouse.describeCatalogs(requests, {
      signal: deps.signal,
      maxProbes: config.checks.maxProbes,
    });
    const context = store.loadCheckContext();
    const classified = classify({
      graph,
      consumers: config.consumers,
      usage,
      snapshot,
      baseline: context.baseline,
      knownNames: context.knownNames,
    });
    const keys = deps.checkPrimaryKeys
      ? await checkPrimaryKeys(
          warehouse,
          { graph, consumers: config.consumers, usage, result: classified },
          { signal: deps.signal, logger: deps.logger },
        )
      : { result: classified, isComplete: false };
    return {
      result: keys.result,
      snapshot,
      error: null,
      tableCount,
      unknown: [],
      isPrimaryKeyChecked: keys.isComplete,
    };
  } catch (error) {
    if (!(error instanceof MonitorError) && !isAbort(error)) throw error;
    const reason = describeFailure(error);
    // A cancelled sync says nothing about the warehouse: it lists nothing
    // as unreadable, so it never counts toward "cannot read" alerts.
    const isCancelled =
      deps.signal?.aborted === true ||
      isAbort(error) ||
      (error instanceof WarehouseError && error.failure === 'cancelled');
    const unknown = isCancelled
      ? []
      : (databases.length ? databases : ['warehouse']).map((database) => ({
          database,
          reason,
        }));
    return {
      result: null,
      snapshot: null,
      error: reason,
      tableCount,
      unknown,
      isPrimaryKeyChecked: false,
    };
  } finally {
    await warehouse?.close().catch(() => undefined);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof WarehouseError || error instanceof MonitorError) {
    return error.message;
  }
  return 'sync cancelled';
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
