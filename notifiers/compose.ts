/** Builds the alert of one sync from its report; pure. */
import type { Consumer } from '../src/model/consumer.js';
import type { FindingReport } from '../src/model/finding.js';
import type { SyncReport } from '../src/model/sync.js';
import {
  findingUrl,
  type Alert,
  type AlertChange,
  type AlertCounts,
  type AlertItem,
  type OperationalNote,
} from './alert.js';
import { composeOperational } from './operational.js';
import { isReminderDue, remindable } from './reminders.js';
import { supersededKeys, type WorsenedRecord } from './worsened.js';

/** What the report alone does not say. */
export interface AlertContext {
  /** e.g. `postgres production`; names the warehouse in every message. */
  readonly warehouseLabel: string;
  /** `server.public_url`. */
  readonly publicUrl: string;
  readonly consumers: readonly Consumer[];
  /** `alerts.failed_syncs_before_alert`. */
  readonly failedSyncsBeforeAlert: number;
  /** `alerts.repeat_interval`; null: no reminders. */
  readonly repeatIntervalMs: number | null;
  /** Failed or partial syncs directly before this one. */
  readonly failuresBefore: number;
  /** When the last reminder went out; null: never. */
  readonly lastReminderAt: string | null;
  /**
   * The store's record of definite keys that superseded potential ones;
   * without it, they are matched by the objects they are on.
   */
  readonly worsened?: readonly WorsenedRecord[];
}

/**
 * The alert of one sync, or null when it has nothing to say: what opened,
 * worsened and resolved, reminders when due, and operational events.
 */
export function composeSyncAlert(
  report: SyncReport,
  context: AlertContext,
): Alert | null {
  const { sync } = report;
  if (sync.id === null) return null;
  const now = sync.finishedAt ?? sync.startedAt;

  const changed = changedItems(report.findings, context);
  const reminders = isReminderDue(report.findings, context, now)
    ? remindable(report.findings, now).map((f) =>
        toItem(f, 'still_open', context, []),
      )
    : [];
  const operational = composeOperational(sync, context);

  const items = [...changed, ...reminders];
  if (items.length === 0 && operational.length === 0) return null;

  const pageUrl = context.publicUrl.replace(/\/+$/, '') + '/';
  return buildAlert(sync.id, now, context.warehouseLabel, pageUrl, {
    items,
    operational,
  });
}

/** The part of an alert that concerns one consumer owner, or null. */
export function alertForOwner(alert: Alert, owner: string): Alert | null {
  const wanted = owner.toLowerCase();
  const items = alert.items.filter((item) =>
    item.consumers.some((c) => c.owner?.toLowerCase() === wanted),
  );
  if (items.length === 0) return null;

  return buildAlert(
    alert.syncId,
    alert.createdAt,
    alert.warehouseLabel,
    alert.pageUrl,
    { items, operational: [] },
  );
}

/** Counts in words, as subjects and headers show them. */
export function summarise(
  counts: AlertCounts,
  operational: readonly OperationalNote[],
): string {
  const parts: string[] = operational.map((note) => note.title);
  const opened =
    counts.worsened > 0
      ? `${counts.opened} opened (${counts.worsened} worsened)`
      : `${counts.opened} opened`;

  if (counts.opened > 0) parts.push(opened);
  if (counts.resolved > 0) parts.push(`${counts.resolved} resolved`);
  if (counts.stillOpen > 0) parts.push(`${counts.stillOpen} still open`);
  return parts.join(', ');
}

function buildAlert(
  syncId: number,
  createdAt: string,
  warehouseLabel: string,
  pageUrl: string,
  content: {
    items: readonly AlertItem[];
    operational: readonly OperationalNote[];
  },
): Alert {
  const { items, operational } = content;
  const count = (change: AlertChange): number =>
    items.filter((item) => item.change === change).length;
  const worsened = count('worsened');
  const counts = {
    opened: count('opened') + worsened,
    worsened,
    resolved: count('resolved'),
    stillOpen: count('still_open'),
  };

  return {
    syncId,
    createdAt,
    warehouseLabel,
    pageUrl,
    severity: severityOf(items, operational),
    summary: summarise(counts, operational),
    counts,
    operational,
    items: sortItems(items),
    isReminder: counts.stillOpen > 0,
  };
}

function changedItems(
  findings: readonly FindingReport[],
  context: AlertContext,
): AlertItem[] {
  const superseded = findings.filter((f) => f.status === 'superseded');
  const items: AlertItem[] = [];
  const claimed = new Set<string>();

  for (const f of findings) {
    if (f.status !== 'open' || !f.new) continue;
    const replaced = supersededKeys(f, superseded, context.worsened);
    replaced.forEach((key) => claimed.add(key));
    const change = replaced.length > 0 ? 'worsened' : 'opened';
    items.push(toItem(f, change, context, replaced));
  }

  // A superseded finding no worsened one explains still has to be told.
  for (const f of findings) {
    if (f.status === 'open' || claimed.has(f.key)) continue;
    items.push(toItem(f, 'resolved', context, []));
  }
  return items;
}

function toItem(
  f: FindingReport,
  change: AlertChange,
  context: AlertContext,
  supersedes: readonly string[],
): AlertItem {
  const owners = new Map(context.consumers.map((c) => [c.id, c.owner]));
  const durationMs =
    f.resolvedAt === null
      ? null
      : Date.parse(f.resolvedAt) - Date.parse(f.firstSeenAt);

  return {
    change,
    key: f.key,
    kind: f.kind,
    severity: f.severity,
    status: f.status,
    tableRef: f.tableRef,
    column: f.column,
    before: f.before,
    after: f.after,
    uses: f.uses,
    consumers: f.affectedConsumers.map((c) => ({
      id: c.id,
      name: c.name,
      owner: owners.get(c.id) ?? null,
    })),
    // A resolved item quotes the problem as it was, not as if it still is.
    message: change === 'resolved' ? `fixed; it was: ${f.message}` : f.message,
    suggestion: f.suggestion,
    firstSeenAt: f.firstSeenAt,
    resolvedAt: f.resolvedAt,
    durationMs: Number.isFinite(durationMs) ? durationMs : null,
    supersedes,
    url: findingUrl(context.publicUrl, f.key),
  };
}

const CHANGE_ORDER: Readonly<Record<AlertChange, number>> = {
  worsened: 0,
  opened: 1,
  resolved: 2,
  still_open: 3,
};

function sortItems(items: readonly AlertItem[]): AlertItem[] {
  return [...items].sort(
    (a, b) =>
      CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change] ||
      Number(a.severity !== 'definite') - Number(b.severity !== 'definite') ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function severityOf(
  items: readonly AlertItem[],
  operational: readonly OperationalNote[],
): Alert['severity'] {
  const isProblem = (item: AlertItem): boolean => item.change !== 'resolved';
  if (items.some((i) => isProblem(i) && i.severity === 'definite')) {
    return 'definite';
  }
  if (operational.some((note) => note.kind !== 'warehouse_recovered')) {
    return 'error';
  }
  if (items.some(isProblem)) return 'potential';
  return 'info';
}
