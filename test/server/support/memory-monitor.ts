/**
 * An in-memory MonitorApi for the server tests: it keeps findings, a feed
 * and syncs in arrays and runs a "sync" as a timer, so the HTTP layer can be
 * driven end to end without a warehouse.
 */
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import type { FindingReport } from '../../../src/model/finding.js';
import type { SyncRecord } from '../../../src/model/sync.js';
import type {
  ConsumerInsight,
  FeedItem,
  FeedPage,
  MonitorApi,
  StatusDocument,
  SyncRequest,
} from '../../../src/server/monitor-api.js';

/** A MonitorApi whose state the test can read and change. */
export class MemoryMonitor implements MonitorApi {
  findings: FindingReport[] = [];
  feed: FeedItem[] = [];
  syncs: SyncRecord[] = [];
  consumerList: ConsumerInsight[] = [];
  syncRequests = 0;
  readonly metricsRegistry: Metrics = createMetrics();
  private running: SyncRecord | null = null;

  constructor(private readonly syncMs = 300) {}

  status(): StatusDocument {
    const open = this.findings.filter((f) => f.status === 'open');
    return {
      lastSync: this.syncs.at(-1) ?? null,
      findings: open,
      summary: {
        open: {
          definite: open.filter((f) => f.severity === 'definite').length,
          potential: open.filter((f) => f.severity === 'potential').length,
        },
      },
      outbox: { pending: 2, dead: 0 },
      warehouse: { reachable: true, consecutiveFailures: 0 },
    };
  }

  health(): {
    lastSyncAgeSeconds: number | null;
    lastSyncStatus: string | null;
  } {
    const last = this.syncs.filter((s) => s.finishedAt !== null).at(-1);
    if (last === undefined) {
      return { lastSyncAgeSeconds: null, lastSyncStatus: null };
    }
    const age = (Date.now() - Date.parse(last.finishedAt ?? '')) / 1000;
    return { lastSyncAgeSeconds: Math.round(age), lastSyncStatus: last.status };
  }

  listNotifications(query: { limit: number; before: number | null }): FeedPage {
    const older = this.feed
      .filter((item) => query.before === null || item.id < query.before)
      .sort((a, b) => b.id - a.id);
    const items = older.slice(0, query.limit);
    const last = items.at(-1);
    const hasMore = older.length > items.length && last !== undefined;
    return { items, nextBefore: hasMore ? last.id : null };
  }

  unreadCount(): number {
    return this.feed.filter((item) => item.readAt === null).length;
  }

  markNotificationsRead(): void {
    const now = new Date().toISOString();
    this.feed = this.feed.map((item) => ({
      ...item,
      readAt: item.readAt ?? now,
    }));
  }

  async requestSync(): Promise<SyncRequest> {
    this.syncRequests += 1;
    if (this.running !== null) return { started: false, reason: 'busy' };

    const record: SyncRecord = {
      id: this.syncs.length + 1,
      status: 'ok',
      startedAt: new Date().toISOString(),
      finishedAt: null,
      error: null,
      metadataQueries: 2,
      unknown: [],
    };
    this.running = record;
    this.syncs.push(record);
    setTimeout(() => this.finishSync(record), this.syncMs);
    return { started: true, syncId: record.id ?? 0 };
  }

  acknowledge(key: string): boolean {
    return this.update(key, (f) => ({ ...f, acknowledged: true }));
  }

  snooze(key: string, until: Date): boolean {
    return this.update(key, (f) => ({
      ...f,
      snoozedUntil: until.toISOString(),
    }));
  }

  consumers(): readonly ConsumerInsight[] {
    return this.consumerList;
  }

  metrics(): Promise<{ contentType: string; body: string }> {
    return this.metricsRegistry.render();
  }

  /** Adds a feed entry, unread. */
  notify(title: string, body = ''): FeedItem {
    const item: FeedItem = {
      id: this.feed.length + 1,
      createdAt: new Date().toISOString(),
      kind: 'finding_opened',
      severity: 'definite',
      title,
      body,
      syncId: null,
      readAt: null,
    };
    this.feed.push(item);
    return item;
  }

  private finishSync(record: SyncRecord): void {
    const done = { ...record, finishedAt: new Date().toISOString() };
    this.syncs[this.syncs.indexOf(record)] = done;
    this.running = null;
    this.notify(`sync ${done.id} finished`);
  }

  private update(key: string, change: (f: FindingReport) => FindingReport) {
    const at = this.findings.findIndex(
      (f) => f.key === key && f.status === 'open',
    );
    const found = this.findings[at];
    if (found === undefined) return false;
    this.findings[at] = change(found);
    return true;
  }
}
