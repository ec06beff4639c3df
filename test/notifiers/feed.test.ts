import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDelivery } from '../../notifiers/delivery.js';
import { FeedStore } from '../../src/state/feed-store.js';
import {
  droppedJoinColumn,
  droppedProductTable,
  OPENED_AT,
  SYNC_AT,
  SYNC_CONTEXT,
  syncReport,
} from './support/fixtures.js';
import { deliverySettings } from './support/harness.js';
import { openTempState, type TempState } from './support/state.js';

describe('the in-app feed', () => {
  let state: TempState;
  let feed: FeedStore;

  beforeEach(() => {
    state = openTempState();
    feed = new FeedStore(state.db);
  });
  afterEach(() => state.remove());

  it('lists every opened and resolved finding, newest first, with no channel configured', () => {
    const delivery = createDelivery({
      db: state.db,
      settings: deliverySettings({}),
    });
    delivery.enqueueSyncAlerts(
      syncReport(1, [droppedProductTable()]),
      SYNC_CONTEXT,
    );
    const resolved = droppedProductTable({
      status: 'resolved',
      new: false,
      firstSeenAt: OPENED_AT,
      resolvedAt: SYNC_AT,
    });
    delivery.enqueueSyncAlerts(
      syncReport(2, [droppedJoinColumn(), resolved]),
      SYNC_CONTEXT,
    );

    const page = feed.listNotifications({ limit: 10 });

    expect(
      page.items.map((n) => [n.syncId, n.kind, n.severity, n.title]),
    ).toEqual([
      [
        2,
        'finding_resolved',
        'info',
        'Resolved: table_missing PRODUCTION.PROD.PRODUCT_SKUS',
      ],
      [
        2,
        'finding_opened',
        'definite',
        'Opened: column_missing PRODUCTION.CUST.CART.ACCOUNT_ID',
      ],
      [
        1,
        'finding_opened',
        'definite',
        'Opened: table_missing PRODUCTION.PROD.PRODUCT_SKUS',
      ],
    ]);
    expect(page.items[0]?.body).toContain('lasted 1d 2h');
    expect(page.items[2]?.body).toContain(
      'affected consumers: Bought a product (aud-product-buyers, owner growth@example.com)',
    );
    expect(page.items[2]?.data).toMatchObject({
      key: droppedProductTable().key,
      change: 'opened',
    });
    expect(page.nextBefore).toBeNull();
    expect(delivery.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it('pages with a cursor and counts and clears unread entries', () => {
    for (let i = 0; i < 5; i += 1) {
      feed.addNotification({
        createdAt: `2026-03-0${i + 1}T00:00:00.000Z`,
        kind: 'reload',
        severity: 'info',
        title: `config reloaded ${i}`,
        body: 'the graph changed',
      });
    }

    const first = feed.listNotifications({ limit: 2 });
    const second = feed.listNotifications({
      limit: 2,
      before: first.nextBefore,
    });
    const third = feed.listNotifications({
      limit: 2,
      before: second.nextBefore,
    });

    expect(
      [first, second, third].map((p) => p.items.map((n) => n.title)),
    ).toEqual([
      ['config reloaded 4', 'config reloaded 3'],
      ['config reloaded 2', 'config reloaded 1'],
      ['config reloaded 0'],
    ]);
    expect(third.nextBefore).toBeNull();
    expect(feed.unreadCount()).toBe(5);
    expect(feed.markAllRead('2026-03-09T00:00:00.000Z')).toBe(5);
    expect(feed.unreadCount()).toBe(0);
    expect(feed.listNotifications({ limit: 1 }).items[0]?.readAt).toBe(
      '2026-03-09T00:00:00.000Z',
    );
  });

  it('adds nothing twice when a sync is enqueued again', () => {
    const delivery = createDelivery({
      db: state.db,
      settings: deliverySettings({}),
    });
    const report = syncReport(3, [droppedProductTable(), droppedJoinColumn()]);

    const first = delivery.enqueueSyncAlerts(report, SYNC_CONTEXT);
    const again = delivery.enqueueSyncAlerts(report, SYNC_CONTEXT);

    expect([first.feedEntries, again.feedEntries]).toEqual([2, 0]);
    expect(feed.unreadCount()).toBe(2);
  });

  it('records a reminder so the next one waits a whole interval', () => {
    const settings = deliverySettings({});
    const delivery = createDelivery({
      db: state.db,
      settings: {
        ...settings,
        alerts: { ...settings.alerts, repeatIntervalMs: 3_600_000 },
      },
    });
    const old = droppedProductTable({ new: false, firstSeenAt: OPENED_AT });

    const first = delivery.enqueueSyncAlerts(
      syncReport(4, [old]),
      SYNC_CONTEXT,
    );
    const second = delivery.enqueueSyncAlerts(
      syncReport(5, [old]),
      SYNC_CONTEXT,
    );

    expect(first.alert?.isReminder).toBe(true);
    expect(second.alert).toBeNull();
    expect(feed.lastReminderAt()).toBe(SYNC_AT);
    expect(
      feed.listNotifications({ limit: 5 }).items.map((n) => n.kind),
    ).toEqual(['reminder']);
  });
});
