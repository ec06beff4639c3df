/** The in-app feed channel: always on, written with the outbox rows. */
import type { FeedStore, NewNotification } from '../src/state/feed-store.js';
import {
  describeChange,
  describeItemLines,
  describeObject,
  alertKey,
  type Alert,
  type OperationalNote,
  type AlertItem,
} from './alert.js';
import { stableMessageId } from './notifier.js';

/**
 * The feed entries of one alert: one per opened, worsened or resolved
 * finding, one per operational note, and one for a reminder. Pure.
 */
export function feedNotificationsOf(alert: Alert): NewNotification[] {
  const base = stableMessageId(alertKey(alert), 'feed');
  const entries: NewNotification[] = alert.operational.map((note) => ({
    dedupKey: `${base}-${note.kind}`,
    createdAt: alert.createdAt,
    kind: note.kind,
    severity: NOTE_SEVERITY[note.kind],
    title: `${note.title} · ${alert.warehouseLabel}`,
    body: note.details.join('\n'),
    data: note,
    syncId: alert.syncId,
  }));

  for (const item of alert.items) {
    if (item.change !== 'still_open')
      entries.push(itemEntry(alert, item, base));
  }

  const reminded = alert.items.filter((item) => item.change === 'still_open');
  if (reminded.length > 0) {
    entries.push({
      dedupKey: `${base}-reminder`,
      createdAt: alert.createdAt,
      kind: 'reminder',
      severity: 'definite',
      title: `${reminded.length} definite findings still open`,
      body: reminded.map((item) => titleOf(item)).join('\n'),
      data: { keys: reminded.map((item) => item.key) },
      syncId: alert.syncId,
      isReminder: true,
    });
  }
  return entries;
}

/** Adds the feed entries of an alert; a second call adds nothing. */
export function writeAlertToFeed(store: FeedStore, alert: Alert): number {
  let added = 0;
  for (const entry of feedNotificationsOf(alert)) {
    if (store.addNotification(entry) !== null) added += 1;
  }
  return added;
}

function itemEntry(
  alert: Alert,
  item: AlertItem,
  base: string,
): NewNotification {
  const kind = `finding_${item.change}`;
  return {
    dedupKey: `${base}-${kind}-${item.key}`,
    createdAt: alert.createdAt,
    kind,
    severity: item.change === 'resolved' ? 'info' : item.severity,
    title: titleOf(item),
    body: describeItemLines(item).join('\n'),
    data: item,
    syncId: alert.syncId,
  };
}

function titleOf(item: AlertItem): string {
  return `${describeChange(item)}: ${item.kind} ${describeObject(item)}`;
}

const NOTE_SEVERITY: Readonly<
  Record<OperationalNote['kind'], NewNotification['severity']>
> = {
  warehouse_unreadable: 'error',
  warehouse_recovered: 'info',
  sync_suspect: 'error',
  graph_changed: 'info',
};
