/**
 * Delivery: the one place for the outbox, dedup by stable id, leases,
 * retries and dead letters, shared by every channel (SPEC §6).
 */
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import type { AlertsConfig } from '../src/config/types.js';
import type { SyncReport } from '../src/model/sync.js';
import type { Logger } from '../src/log.js';
import { FeedStore } from '../src/state/feed-store.js';
import {
  OutboxStore,
  type OutboxCounts,
  type OutboxRow,
} from '../src/state/outbox-store.js';
import type { Alert } from './alert.js';
import { attemptDelivery, type AttemptEvent } from './attempt.js';
import { DeliveryReporter, sleepFor } from './delivery-log.js';
import { composeSyncAlert, type AlertContext } from './compose.js';
import { writeAlertToFeed } from './feed.js';
import { NOTIFIERS } from './index.js';
import type { Notifier, NotifySettings } from './notifier.js';

/** The config delivery reads; replace it on reload with `setSettings`. */
export interface DeliverySettings extends NotifySettings {
  readonly alerts: AlertsConfig;
}

/** How to build a delivery module; clock, sleep and random for tests. */
export interface DeliveryOptions {
  readonly db: Database.Database;
  readonly settings: DeliverySettings;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /** Names this worker's leases; default host:pid:random. */
  readonly workerId?: string;
  /** One send's time limit; default 10 s. */
  readonly sendTimeoutMs?: number;
  /** How long a claim lasts; default the send timeout plus 10 s. */
  readonly leaseMs?: number;
  /** How often an idle worker looks for rows other processes added. */
  readonly pollIntervalMs?: number;
  readonly onAttempt?: (event: AttemptEvent) => void;
  readonly notifiers?: Readonly<Record<string, Notifier>>;
}

/** The history a sync's alert depends on that only the caller knows. */
export type SyncAlertContext = Omit<
  AlertContext,
  'failedSyncsBeforeAlert' | 'repeatIntervalMs' | 'lastReminderAt'
> & { readonly lastReminderAt?: string | null };

/** What enqueueing one sync did. */
export interface EnqueueResult {
  readonly alert: Alert | null;
  /** Stable ids of the outbox rows of this sync, new or already there. */
  readonly messageIds: readonly string[];
  readonly feedEntries: number;
}

/** What one round of delivery did. */
export interface DeliverResult {
  readonly sent: number;
  readonly retried: number;
  readonly dead: number;
}

/** The delivery module of one process. */
export interface Delivery {
  /** Composes a sync's alert; writes its feed entries and outbox rows. */
  enqueueSyncAlerts(
    report: SyncReport,
    context: SyncAlertContext,
    opts?: { readonly notify?: boolean },
  ): EnqueueResult;
  /** Writes any alert's feed entries and outbox rows (graph edits). */
  enqueueAlert(
    alert: Alert,
    opts?: { readonly notify?: boolean },
  ): EnqueueResult;
  /** Claims and sends every row due now, once each. */
  deliverDue(nowMs?: number): Promise<DeliverResult>;
  /** Delivers and retries until nothing is due before the deadline. */
  deliverUntil(deadlineMs: number): Promise<DeliverResult & OutboxCounts>;
  /** Delivers until the signal aborts; `wake` cuts an idle wait short. */
  runWorker(signal: AbortSignal): Promise<void>;
  wake(): void;
  counts(): OutboxCounts;
  setSettings(settings: DeliverySettings): void;
}

/** Creates the delivery module over an open, migrated state file. */
export function createDelivery(options: DeliveryOptions): Delivery {
  return new OutboxDelivery(options);
}

class OutboxDelivery implements Delivery {
  readonly #outbox: OutboxStore;
  readonly #feed: FeedStore;
  readonly #options: DeliveryOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #workerId: string;
  readonly #timeoutMs: number;
  readonly #reporter: DeliveryReporter;
  #settings: DeliverySettings;
  #waking = new AbortController();
  #stopping: AbortSignal | null = null;

  constructor(options: DeliveryOptions) {
    this.#options = options;
    this.#outbox = new OutboxStore(options.db);
    this.#feed = new FeedStore(options.db);
    this.#settings = options.settings;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? sleepFor;
    this.#timeoutMs = options.sendTimeoutMs ?? 10_000;
    this.#reporter = new DeliveryReporter(options.logger, options.onAttempt);
    this.#workerId =
      options.workerId ??
      `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  }

  enqueueSyncAlerts(
    report: SyncReport,
    context: SyncAlertContext,
    opts: { readonly notify?: boolean } = {},
  ): EnqueueResult {
    const alerts = this.#settings.alerts;
    const alert = composeSyncAlert(report, {
      ...context,
      failedSyncsBeforeAlert: alerts.failedSyncsBeforeAlert,
      repeatIntervalMs: alerts.repeatIntervalMs,
      lastReminderAt: context.lastReminderAt ?? this.#feed.lastReminderAt(),
    });
    if (alert === null) return { alert, messageIds: [], feedEntries: 0 };
    return this.enqueueAlert(alert, opts);
  }

  enqueueAlert(
    alert: Alert,
    opts: { readonly notify?: boolean } = {},
  ): EnqueueResult {
    const rows =
      opts.notify === false
        ? []
        : this.#enabledNotifiers().flatMap((notifier) =>
            notifier.render(alert, this.#settings).map((m) => ({
              ...m,
              channel: notifier.channel,
              syncId: alert.syncId,
            })),
          );
    // One transaction: a crash leaves both the feed and the outbox, or neither.
    const write = this.#options.db.transaction(() => {
      this.#outbox.enqueue(rows, this.#now());
      return writeAlertToFeed(this.#feed, alert);
    });
    const feedEntries = write.immediate();

    this.wake();
    return { alert, messageIds: rows.map((r) => r.messageId), feedEntries };
  }

  async deliverDue(
    nowMs?: number,
    timeoutMs = this.#timeoutMs,
    deadlineMs?: number,
  ): Promise<DeliverResult> {
    const lanes = this.#outbox
      .pendingChannels()
      .map((channel) =>
        this.#deliverChannel(channel, timeoutMs, nowMs, deadlineMs),
      );
    const results = await Promise.all(lanes);

    return results.reduce(
      (sum, r) => ({
        sent: sum.sent + r.sent,
        retried: sum.retried + r.retried,
        dead: sum.dead + r.dead,
      }),
      { sent: 0, retried: 0, dead: 0 },
    );
  }

  async deliverUntil(
    deadlineMs: number,
  ): Promise<DeliverResult & OutboxCounts> {
    const total = { sent: 0, retried: 0, dead: 0 };

    for (;;) {
      const left = deadlineMs - this.#now();
      if (left <= 0) break;
      // A send shorter than a second could not succeed: the deadline may
      // be passed by that much.
      const timeoutMs = Math.min(this.#timeoutMs, Math.max(1000, left));
      const round = await this.deliverDue(undefined, timeoutMs, deadlineMs);
      total.sent += round.sent;
      total.retried += round.retried;
      total.dead += round.dead;

      const next = this.#outbox.nextDueAt();
      if (next === null || next >= deadlineMs) break;
      await this.#sleep(Math.max(0, next - this.#now()));
    }
    return { ...total, ...this.counts() };
  }

  async runWorker(signal: AbortSignal): Promise<void> {
    const poll = this.#options.pollIntervalMs ?? 5_000;
    this.#stopping = signal;
    const registry = this.#options.notifiers ?? NOTIFIERS;
    const channels = new Set([
      ...Object.keys(registry),
      ...this.#outbox.pendingChannels(),
    ]);

    // One lane per channel: a peer that hangs delays only its own rows.
    await Promise.all(
      [...channels].map((channel) => this.#runLane(channel, signal, poll)),
    );
  }

  wake(): void {
    this.#waking.abort();
  }

  counts(): OutboxCounts {
    return this.#outbox.counts();
  }

  setSettings(settings: DeliverySettings): void {
    this.#settings = settings;
  }

  async #runLane(
    channel: string,
    signal: AbortSignal,
    poll: number,
  ): Promise<void> {
    while (!signal.aborted) {
      const wait = await this.#laneRound(channel, poll);
      // Yield to the event loop every round, whatever the sleep does, so
      // an idle lane never starves the others.
      await new Promise((resolve) => setImmediate(resolve));
      const waking = this.#waking;
      const wakeSignal = AbortSignal.any([signal, waking.signal]);
      await this.#sleep(wait, wakeSignal).catch(() => undefined);
      // Every lane wakes on one signal; the first one renews it.
      if (waking.signal.aborted && this.#waking === waking) {
        this.#waking = new AbortController();
      }
    }
  }

  // Returns how long this lane waits before its next round.
  async #laneRound(channel: string, poll: number): Promise<number> {
    try {
      await this.#deliverChannel(channel, this.#timeoutMs);
      const next = this.#outbox.nextDueAt(channel);
      return next === null ? poll : clamp(next - this.#now(), 0, poll);
    } catch (error) {
      // A locked or broken state file: say so, and try again later.
      this.#reporter.roundFailed(error);
      return poll;
    }
  }

  #enabledNotifiers(): Notifier[] {
    const registry = this.#options.notifiers ?? NOTIFIERS;
    return Object.values(registry).filter((n) => n.isEnabled(this.#settings));
  }

  // Rows are claimed one at a time, so a lease never waits behind others.
  async #deliverChannel(
    channel: string,
    timeoutMs: number,
    nowMs?: number,
    deadlineMs?: number,
  ): Promise<DeliverResult> {
    const result = { sent: 0, retried: 0, dead: 0 };
    const seen = new Set<number>();
    const leaseMs = this.#options.leaseMs ?? this.#timeoutMs + 10_000;

    for (;;) {
      if (this.#stopping?.aborted) return result;
      // A deadline holds for the whole lane, not for each of its sends.
      const left = (deadlineMs ?? Infinity) - this.#now();
      if (left <= 0) return result;
      const at = nowMs ?? this.#now();
      const [row] = this.#outbox.claimDue(this.#workerId, at, leaseMs, {
        channel,
        limit: 1,
      });
      if (row === undefined || seen.has(row.id)) {
        // Met twice in one round: it was rescheduled to now; leave it
        // for the next round rather than loop on it.
        if (row !== undefined) this.#outbox.release(row, this.#workerId);
        return result;
      }
      seen.add(row.id);
      const outcome = await this.#attempt(
        row,
        Math.min(timeoutMs, Math.max(1000, left)),
      );
      if (outcome === 'sent') result.sent += 1;
      if (outcome === 'retry') result.retried += 1;
      if (outcome === 'dead') result.dead += 1;
    }
  }

  async #attempt(row: OutboxRow, timeoutMs: number): Promise<string> {
    const registry = this.#options.notifiers ?? NOTIFIERS;
    const result = await attemptDelivery(row, {
      notifier: registry[row.channel],
      settings: this.#settings,
      maxAttempts: Math.max(1, this.#settings.alerts.maxAttempts),
      timeoutMs,
      now: this.#now,
      random: this.#options.random ?? Math.random,
      signal: this.#stopping ?? undefined,
    });

    const isKept = this.#outbox.finishAttempt(row, this.#workerId, result);
    this.#reporter.attempt(row, result, isKept);
    return result.outcome;
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
