/** The daemon's side of the HTTP API: state, feed, syncs, metrics. */
import type { Metrics } from '../metrics.js';
import { collectUsage } from '../graph/usage.js';
import { consumerInsights } from '../graph/consumer-insight.js';
import { FeedStore } from '../state/feed-store.js';
import { OutboxStore } from '../state/outbox-store.js';
import type {
  ConsumerInsight,
  FeedPage,
  MonitorApi,
  StatusDocument,
  SyncRequest,
} from '../server/monitor-api.js';
import type { MonitorSession } from './monitor-session.js';
import type { SyncTrigger } from './sync-trigger.js';

/** Builds the MonitorApi over a running session. */
export function createDaemonApi(
  session: MonitorSession,
  trigger: SyncTrigger,
  metrics: Metrics,
): MonitorApi {
  const feed = new FeedStore(session.store.database);
  const outbox = new OutboxStore(session.store.database);

  return {
    status: () => statusDocument(session, outbox),
    health: () => {
      const last = session.store.recentSyncs(1)[0];
      if (!last) return { lastSyncAgeSeconds: null, lastSyncStatus: null };
      const age = (Date.now() - Date.parse(last.startedAt)) / 1000;
      return {
        lastSyncAgeSeconds: Math.round(age),
        lastSyncStatus: last.status,
      };
    },
    listNotifications: (query): FeedPage => {
      const page = feed.listNotifications(query);
      return { items: page.items, nextBefore: page.nextBefore };
    },
    unreadCount: () => feed.unreadCount(),
    markNotificationsRead: () => {
      feed.markAllRead(new Date().toISOString());
    },
    requestSync: async (): Promise<SyncRequest> => {
      const syncId = await trigger.request();
      return syncId === null
        ? { started: false, reason: 'busy' }
        : { started: true, syncId };
    },
    acknowledge: (key) => session.store.acknowledge(key, new Date()),
    snooze: (key, until) => session.store.snooze(key, until, new Date()),
    consumers: (): readonly ConsumerInsight[] => insights(session),
    metrics: async () => {
      metrics.setOpen(session.store.status().summary.open);
      metrics.setOutbox(outbox.counts());
      return metrics.render();
    },
  };
}

function statusDocument(
  session: MonitorSession,
  outbox: OutboxStore,
): StatusDocument {
  const state = session.store.status();
  const counts = outbox.counts();
  const streak = session.store.consecutiveFailures();
  const last = state.lastSync;
  return {
    ...state,
    outbox: { pending: counts.pending, dead: counts.dead },
    warehouse: {
      reachable: last === null ? null : last.status !== 'failed',
      consecutiveFailures: streak.count,
    },
  };
}

function insights(session: MonitorSession): ConsumerInsight[] {
  const { config, graph } = session.setup;
  const database = config.warehouse.database ?? '';
  const usage = collectUsage(graph, database);
  return consumerInsights(
    graph,
    config.consumers,
    usage,
    session.store.openFindings(),
  );
}
