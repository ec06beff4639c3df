/** What the HTTP server needs from the daemon; the daemon implements it. */
import type { FindingReport } from '../model/finding.js';
import type { OpenCounts, SyncRecord } from '../model/sync.js';

/** `monitor status --json`, plus the warehouse's reachability (SPEC §8). */
export interface StatusDocument {
  readonly lastSync: SyncRecord | null;
  readonly findings: readonly FindingReport[];
  readonly summary: { readonly open: OpenCounts };
  readonly outbox: { readonly pending: number; readonly dead: number };
  readonly warehouse: {
    readonly reachable: boolean | null;
    readonly consecutiveFailures: number;
  };
}

/** One in-app feed entry. */
export interface FeedItem {
  readonly id: number;
  readonly createdAt: string;
  /** e.g. `finding_opened`, `finding_resolved`, `sync_failed`, `reload`. */
  readonly kind: string;
  readonly severity: 'definite' | 'potential' | 'info' | 'error';
  readonly title: string;
  readonly body: string;
  readonly syncId: number | null;
  readonly readAt: string | null;
}

/** A page of the feed, newest first. */
export interface FeedPage {
  readonly items: readonly FeedItem[];
  readonly nextBefore: number | null;
}

/** The result of asking for a sync. */
export type SyncRequest =
  | { readonly started: true; readonly syncId: number }
  | { readonly started: false; readonly reason: 'busy' };

/** A consumer with the graph path it depends on and what affects it. */
export interface ConsumerInsight {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly owner: string | null;
  /** profile → relationships → entity, as subjects. */
  readonly path: readonly string[];
  /** The tables and columns it depends on, canonical. */
  readonly objects: readonly string[];
  readonly openFindings: readonly string[];
}

/** The daemon's operations the server exposes. */
export interface MonitorApi {
  status(): StatusDocument;
  health(): {
    lastSyncAgeSeconds: number | null;
    lastSyncStatus: string | null;
  };
  listNotifications(query: { limit: number; before: number | null }): FeedPage;
  unreadCount(): number;
  markNotificationsRead(): void;
  /** Starts a sync in the background; busy while one runs. */
  requestSync(): Promise<SyncRequest>;
  /** False when the key has no open occurrence. */
  acknowledge(key: string): boolean;
  snooze(key: string, until: Date): boolean;
  consumers(): readonly ConsumerInsight[];
  /** Prometheus text of the daemon's metrics. */
  metrics(): Promise<{ contentType: string; body: string }>;
}
