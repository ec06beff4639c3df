/**
 * The parts of a running monitor wired together: state, sync lock,
 * delivery. `sync-now` and the daemon both sync through here, so single
 * flight and alerting behave the same in both.
 */
import type { AttemptEvent } from '../../notifiers/attempt.js';
import { createDelivery, type Delivery } from '../../notifiers/delivery.js';
import type { MonitorConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import type { DataGraph } from '../model/graph.js';
import type { SyncReport } from '../model/sync.js';
import { openStateStore } from '../state/sqlite-store.js';
import type { SqliteStateStore } from '../state/store.js';
import { SyncLock } from '../state/sync-lock.js';
import { openWarehouse } from '../warehouse/registry.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { runSync } from './run-sync.js';

/** How one sync should run. */
export interface SyncRequestOptions {
  /** False: feed entries only, no Slack or email rows (`--no-notify`). */
  readonly notify: boolean;
  /** How long to wait for another process's sync before `busy`. */
  readonly waitMs: number;
  readonly signal?: AbortSignal;
  readonly onBegin?: (syncId: number) => void;
  /** Run the primary key uniqueness check in this sync. */
  readonly checkPrimaryKeys?: boolean;
}

/** The config and graph in force; replaced whole on reload. */
export interface MonitorSetup {
  readonly config: MonitorConfig;
  readonly graph: DataGraph;
}

/** Seams: how to reach the warehouse, and who hears of deliveries. */
export interface SessionOptions {
  readonly openWarehouse?: (setup: MonitorSetup) => Promise<Warehouse>;
  readonly onAttempt?: (event: AttemptEvent) => void;
}

/** A monitor's state, lock and delivery over one state file. */
export class MonitorSession {
  readonly store: SqliteStateStore;
  readonly delivery: Delivery;
  readonly lock: SyncLock;
  #setup: MonitorSetup;
  readonly #logger: Logger;
  readonly #open: (setup: MonitorSetup) => Promise<Warehouse>;

  constructor(
    setup: MonitorSetup,
    logger: Logger,
    options: SessionOptions = {},
  ) {
    this.#setup = setup;
    this.#logger = logger;
    this.#open =
      options.openWarehouse ?? ((s) => openWarehouse(s.config.warehouse));
    this.store = openStateStore(setup.config.statePath);
    this.lock = new SyncLock(this.store);
    this.delivery = createDelivery({
      db: this.store.database,
      settings: deliverySettings(setup.config),
      logger,
      onAttempt: options.onAttempt,
    });
  }

  get setup(): MonitorSetup {
    return this.#setup;
  }

  /** Puts a reloaded config and graph in force for the next sync. */
  update(setup: MonitorSetup): void {
    this.#setup = setup;
    this.delivery.setSettings(deliverySettings(setup.config));
  }

  /** Runs one sync under the lock, or reports `busy` after waiting. */
  async sync(options: SyncRequestOptions): Promise<SyncReport> {
    const isHeld = await this.lock.waitFor(options.waitMs);
    if (!isHeld) return this.busyReport();

    try {
      return await this.#syncHoldingLock(options);
    } finally {
      // A release that fails (disk full) must not hide the sync's own
      // outcome; the heartbeat stops and the lock goes stale.
      try {
        this.lock.release();
      } catch (error) {
        this.#logger.warn({ err: String(error) }, 'cannot release the lock');
      }
    }
  }

  /** The report of a sync that could not start: not recorded. */
  busyReport(): SyncReport {
    const holder = this.store.readLock();
    const now = new Date().toISOString();
    const status = this.store.status();
    const who = holder ? ` (pid ${holder.pid} on ${holder.host})` : '';
    return {
      sync: {
        id: null,
        status: 'busy',
        startedAt: now,
        finishedAt: now,
        error: `another sync is running${who}`,
        metadataQueries: 0,
        unknown: [],
      },
      findings: status.findings,
      summary: {
        open: status.summary.open,
        opened: 0,
        worsened: 0,
        resolved: 0,
      },
    };
  }

  close(): void {
    this.lock.release();
    this.store.close();
  }

  async #syncHoldingLock(options: SyncRequestOptions): Promise<SyncReport> {
    const { config, graph } = this.#setup;
    const failuresBefore = this.store.consecutiveFailures().count;

    const enqueue = (report: SyncReport): void => {
      this.delivery.enqueueSyncAlerts(
        report,
        {
          warehouseLabel: warehouseLabel(config),
          publicUrl: config.server.publicUrl,
          consumers: config.consumers,
          failuresBefore,
          worsened:
            report.sync.id === null
              ? []
              : (this.store.syncChanges(report.sync.id)?.worsened ?? []),
        },
        { notify: options.notify },
      );
    };

    // Alerts commit with the sync: a crash loses both or neither.
    const report = await runSync({
      config,
      graph,
      store: this.store,
      openWarehouse: () => this.#open(this.#setup),
      logger: this.#logger,
      now: () => new Date(),
      signal: options.signal,
      onBegin: (syncId) => {
        this.lock.attachSync(syncId);
        options.onBegin?.(syncId);
      },
      within: enqueue,
      checkPrimaryKeys: options.checkPrimaryKeys,
    });
    this.delivery.wake();
    return report;
  }
}

function deliverySettings(config: MonitorConfig) {
  return {
    notify: config.notify,
    secrets: config.secrets,
    alerts: config.alerts,
  };
}

/** `postgres production`: names the warehouse in every message. */
export function warehouseLabel(config: MonitorConfig): string {
  const { type, database } = config.warehouse;
  return database ? `${type} ${database}` : type;
}
