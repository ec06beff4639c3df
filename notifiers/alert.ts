/** The content of one sync's alert, shared by every channel. */
import type { ConsumerRef } from '../src/model/consumer.js';
import type {
  FindingKind,
  FindingStatus,
  FindingValue,
  Severity,
} from '../src/model/finding.js';
import type { Use } from '../src/model/usage.js';

/** What happened to a finding in this sync. */
export type AlertChange = 'opened' | 'worsened' | 'resolved' | 'still_open';

/** An affected consumer and who owns it. */
export interface AlertConsumer extends ConsumerRef {
  readonly owner: string | null;
}

/** One finding as an alert reports it: everything needed to act. */
export interface AlertItem {
  readonly change: AlertChange;
  readonly key: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly status: FindingStatus;
  readonly tableRef: string;
  readonly column: string | null;
  readonly before: FindingValue | null;
  readonly after: FindingValue | null;
  /** The graph elements that use the object. */
  readonly uses: readonly Use[];
  readonly consumers: readonly AlertConsumer[];
  readonly message: string;
  readonly suggestion: string | null;
  readonly firstSeenAt: string;
  readonly resolvedAt: string | null;
  /** For resolved items: how long the problem lasted. */
  readonly durationMs: number | null;
  /** For worsened items: the potential findings it superseded. */
  readonly supersedes: readonly string[];
  /** The page, opened at this finding. */
  readonly url: string;
}

/** An operational event of the monitor itself (SPEC §5). */
export type OperationalKind =
  | 'warehouse_unreadable'
  | 'warehouse_recovered'
  | 'sync_suspect'
  | 'graph_changed';

/** An operational alert: a title and the lines that explain it. */
export interface OperationalNote {
  readonly kind: OperationalKind;
  readonly title: string;
  readonly details: readonly string[];
}

/** How many items of each change an alert holds. */
export interface AlertCounts {
  readonly opened: number;
  readonly worsened: number;
  readonly resolved: number;
  readonly stillOpen: number;
}

/** Everything one sync has to say, before any channel formats it. */
export interface Alert {
  readonly syncId: number;
  /**
   * What message ids start with, when not the sync id: an edit of the
   * graph is announced outside any sync (`edit-<time>`).
   */
  readonly messageKey?: string;
  readonly createdAt: string;
  readonly warehouseLabel: string;
  readonly pageUrl: string;
  /** `definite`, `potential`, `error` (operational) or `info`. */
  readonly severity: 'definite' | 'potential' | 'info' | 'error';
  /** Counts in words, e.g. `2 opened (1 worsened), 1 resolved`. */
  readonly summary: string;
  readonly counts: AlertCounts;
  readonly operational: readonly OperationalNote[];
  /** Worsened, opened, resolved, then still open; definite first in each. */
  readonly items: readonly AlertItem[];
  /** True when the alert carries a reminder of still-open findings. */
  readonly isReminder: boolean;
}

/** The page's address opened at one finding (keys are percent-encoded). */
export function findingUrl(publicUrl: string, key: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#finding=${encodeURIComponent(key)}`;
}

/** A `before`/`after` value in words; `—` when unknown or gone. */
export function describeValue(value: FindingValue | null): string {
  if (value === null) return '—';
  if ('kind' in value) return value.kind.replace('_', ' ');
  if ('left' in value) {
    const { left, right } = value;
    return (
      `${left.tableRef}.${left.column} ${left.type} vs ` +
      `${right.tableRef}.${right.column} ${right.type}`
    );
  }
  return `${value.type} (${value.family})`;
}

/** `PRODUCTION.CUST.CART` or `PRODUCTION.CUST.CART.ACCOUNT_ID`. */
export function describeObject(item: AlertItem): string {
  return item.column === null
    ? item.tableRef
    : `${item.tableRef}.${item.column}`;
}

/** `relationship:user-carts (join_on)`, one per use. */
export function describeUses(uses: readonly Use[]): string[] {
  return uses.map((use) => `${use.subject} (${use.role})`);
}

/** A duration the way people say it: `3d 4h`, `2h 5m`, `45s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const units: readonly [string, number][] = [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = seconds;

  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (parts.length === 0 && size === 1)) {
      parts.push(`${count}${unit}`);
    }
  }
  return parts.slice(0, 2).join(' ');
}

/** The heading of an item's change, e.g. `Opened`, `Worsened`. */
export function describeChange(item: AlertItem): string {
  switch (item.change) {
    case 'opened':
      return 'Opened';
    case 'worsened':
      return 'Worsened';
    case 'resolved':
      return item.status === 'superseded' ? 'Superseded' : 'Resolved';
    case 'still_open':
      return 'Still open';
  }
}

/** The lines of detail every channel shows for an item, as plain text. */
export function describeItemLines(item: AlertItem): string[] {
  const lines = [
    `${item.kind} (${item.severity}): ${describeObject(item)}`,
    item.message,
    `before: ${describeValue(item.before)}; ` +
      `after: ${describeValue(item.after)}`,
    `used by: ${describeUses(item.uses).join(', ') || '—'}`,
    `affected consumers: ${describeConsumers(item.consumers)}`,
  ];

  if (item.suggestion !== null) lines.push(`suggestion: ${item.suggestion}`);
  if (item.supersedes.length > 0) {
    lines.push(`supersedes: ${item.supersedes.join(', ')}`);
  }
  if (item.durationMs !== null) {
    lines.push(`lasted ${formatDuration(item.durationMs)}`);
  }
  return lines;
}

/** `Bought a product (aud-product-buyers, owner a@b.c), …`, or `none`. */
export function describeConsumers(consumers: readonly AlertConsumer[]): string {
  if (consumers.length === 0) return 'none';
  return consumers
    .map((c) =>
      c.owner === null
        ? `${c.name} (${c.id})`
        : `${c.name} (${c.id}, owner ${c.owner})`,
    )
    .join(', ');
}

/** The first part of every stable message id of an alert. */
export function alertKey(alert: Alert): string {
  return alert.messageKey ?? String(alert.syncId);
}
