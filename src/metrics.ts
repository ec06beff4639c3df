/**
 * The daemon's Prometheus metrics, in a registry of their own. Labels hold
 * only bounded values (status, severity, channel, reason): no table, column
 * or consumer name ever becomes a label, so `/metrics` stays aggregate.
 */
import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';
import type { NotifyReason } from './model/errors.js';
import type { OpenCounts, SyncReport } from './model/sync.js';

/** How one delivery attempt ended. */
export type DeliveryOutcome = 'sent' | 'failed';

/** The metrics the daemon updates, and their rendering for `/metrics`. */
export interface Metrics {
  /** A sync finished (or was refused as busy) after `ms` milliseconds. */
  recordSync(report: SyncReport, ms: number): void;
  setOpen(counts: OpenCounts): void;
  setOutbox(counts: { pending: number; dead: number }): void;
  recordDelivery(
    channel: string,
    outcome: DeliveryOutcome,
    reason: NotifyReason | null,
  ): void;
  render(): Promise<{ contentType: string; body: string }>;
}

const PREFIX = 'datagraph_monitor_';

/** Creates a registry with every metric at zero, plus process metrics. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: PREFIX });
  const m = defineMetrics(registry);
  const setOpen = (counts: OpenCounts): void => {
    m.open.set({ severity: 'definite' }, counts.definite);
    m.open.set({ severity: 'potential' }, counts.potential);
  };

  return {
    recordSync(report, ms) {
      const { status, finishedAt } = report.sync;
      m.syncs.inc({ status });
      if (status === 'busy') return;

      m.syncDuration.observe(ms / 1000);
      setOpen(report.summary.open);
      const finished = Date.parse(finishedAt ?? '') / 1000;
      if (Number.isNaN(finished)) return;
      m.lastSync.set(finished);
      if (status === 'ok') m.lastGoodSync.set(finished);
    },
    setOpen,
    setOutbox(counts) {
      m.outbox.set({ state: 'pending' }, counts.pending);
      m.outbox.set({ state: 'dead' }, counts.dead);
    },
    recordDelivery(channel, outcome, reason) {
      m.attempts.inc({ channel, outcome });
      if (outcome === 'failed') {
        m.failures.inc({ channel, reason: reason ?? 'unknown' });
      }
    },
    async render() {
      return {
        contentType: registry.contentType,
        body: await registry.metrics(),
      };
    },
  };
}

function defineMetrics(registry: Registry) {
  const registers = [registry];
  const open = new Gauge({
    name: `${PREFIX}open_findings`,
    help: 'Open findings by severity.',
    labelNames: ['severity'] as const,
    registers,
  });
  const outbox = new Gauge({
    name: `${PREFIX}outbox_messages`,
    help: 'Alert messages in the outbox: pending delivery, or dead.',
    labelNames: ['state'] as const,
    registers,
  });

  // Zero series from the start, so alert rules see 0 rather than nothing.
  for (const severity of ['definite', 'potential']) open.set({ severity }, 0);
  for (const state of ['pending', 'dead']) outbox.set({ state }, 0);

  return {
    open,
    outbox,
    syncs: new Counter({
      name: `${PREFIX}syncs_total`,
      help: 'Syncs by outcome (ok, partial, failed, suspect, busy).',
      labelNames: ['status'] as const,
      registers,
    }),
    syncDuration: new Histogram({
      name: `${PREFIX}sync_duration_seconds`,
      help: 'How long a recorded sync took.',
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    lastSync: new Gauge({
      name: `${PREFIX}last_sync_timestamp_seconds`,
      help: 'When the last recorded sync finished, as a Unix time.',
      registers,
    }),
    lastGoodSync: new Gauge({
      name: `${PREFIX}last_ok_sync_timestamp_seconds`,
      help: 'When the last sync with status ok finished, as a Unix time.',
      registers,
    }),
    attempts: new Counter({
      name: `${PREFIX}delivery_attempts_total`,
      help: 'Alert delivery attempts by channel and outcome.',
      labelNames: ['channel', 'outcome'] as const,
      registers,
    }),
    failures: new Counter({
      name: `${PREFIX}delivery_failures_total`,
      help: 'Failed alert deliveries by channel and reason.',
      labelNames: ['channel', 'reason'] as const,
      registers,
    }),
  };
}
