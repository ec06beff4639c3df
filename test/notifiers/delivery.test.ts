import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../notifiers/attempt.js';
import { createDelivery } from '../../notifiers/delivery.js';
import { NOTIFIERS } from '../../notifiers/index.js';
import { OutboxStore } from '../../src/state/outbox-store.js';
import {
  droppedProductTable,
  SYNC_CONTEXT,
  syncReport,
} from './support/fixtures.js';
import { deliverySettings, fakeClock } from './support/harness.js';
import {
  startSlackReceiver,
  type SlackReceiver,
} from './support/slack-receiver.js';
import { openTempState, type TempState } from './support/state.js';

describe('the outbox', () => {
  let state: TempState;
  let receiver: SlackReceiver;

  beforeEach(async () => {
    state = openTempState();
    receiver = await startSlackReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    state.remove();
  });

  const settings = () =>
    deliverySettings({
      webhookUrl: receiver.url,
      smtpUrl: 'smtp://127.0.0.1:9',
      to: ['ops@example.com'],
    });

  it('writes one row per channel and recipient with the stable ids', () => {
    const delivery = createDelivery({ db: state.db, settings: settings() });
    const { messageIds } = delivery.enqueueSyncAlerts(
      syncReport(7, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    expect(messageIds).toEqual([
      '7-slack',
      '7-email',
      '7-email-growth@example.com',
    ]);
    expect(delivery.counts()).toEqual({ pending: 3, dead: 0 });
    expect(
      new OutboxStore(state.db).get('7-email-growth@example.com'),
    ).toMatchObject({
      channel: 'email',
      recipient: 'growth@example.com',
      syncId: 7,
      status: 'pending',
      attempts: 0,
    });
  });

  it('creates no Slack or email rows with --no-notify but still writes the feed', () => {
    const delivery = createDelivery({ db: state.db, settings: settings() });
    const result = delivery.enqueueSyncAlerts(
      syncReport(8, [droppedProductTable()]),
      SYNC_CONTEXT,
      {
        notify: false,
      },
    );

    expect(result).toMatchObject({ messageIds: [], feedEntries: 1 });
    expect(delivery.counts()).toEqual({ pending: 0, dead: 0 });
  });

  it('keeps no secret in a stored message', () => {
    const delivery = createDelivery({ db: state.db, settings: settings() });
    delivery.enqueueSyncAlerts(
      syncReport(9, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    const rows = new OutboxStore(state.db).list('pending');
    expect(JSON.stringify(rows)).not.toContain(receiver.secret);
    expect(JSON.stringify(rows)).not.toContain('smtp://');
  });

  it('resumes rows left by a worker whose lease ran out, counting its attempt', async () => {
    const clock = fakeClock();
    const outbox = new OutboxStore(state.db);
    const delivery = createDelivery({
      db: state.db,
      settings: deliverySettings({ webhookUrl: receiver.url }),
      now: clock.now,
      sleep: clock.sleep,
      leaseMs: 20_000,
    });
    delivery.enqueueSyncAlerts(
      syncReport(10, [droppedProductTable()]),
      SYNC_CONTEXT,
    );
    outbox.claimDue('gone-worker', clock.now(), 20_000, {
      channel: 'slack',
      limit: 5,
    });

    const early = await delivery.deliverDue();
    clock.advance(20_000);
    const late = await delivery.deliverDue();

    expect(early.sent).toBe(0);
    expect(late.sent).toBe(1);
    expect(outbox.listDeliveries('10-slack')).toMatchObject([
      { attempt: 2, outcome: 'sent' },
    ]);
  });

  it('runs as a worker until stopped, woken by new rows', async () => {
    const delivery = createDelivery({
      db: state.db,
      settings: deliverySettings({ webhookUrl: receiver.url }),
      pollIntervalMs: 60_000,
    });
    const stop = new AbortController();
    const worker = delivery.runWorker(stop.signal);

    delivery.enqueueSyncAlerts(
      syncReport(11, [droppedProductTable()]),
      SYNC_CONTEXT,
    );
    await receiver.waitForRequests(1);
    stop.abort();
    await worker;

    expect(receiver.requests.map((r) => r.messageId)).toEqual(['11-slack']);
  });
});

describe('outbox retention', () => {
  it('drops finished rows and their log past retention, never pending ones', async () => {
    const state = openTempState();
    const receiver = await startSlackReceiver();
    try {
      const clock = fakeClock();
      const outbox = new OutboxStore(state.db);
      const delivery = createDelivery({
        db: state.db,
        settings: deliverySettings({ webhookUrl: receiver.url }),
        now: clock.now,
      });
      delivery.enqueueSyncAlerts(
        syncReport(1, [droppedProductTable()]),
        SYNC_CONTEXT,
      );
      await delivery.deliverDue();
      delivery.enqueueSyncAlerts(
        syncReport(2, [droppedProductTable()]),
        SYNC_CONTEXT,
      );

      const pruned = outbox.prune(new Date(clock.now() + 1).toISOString());

      expect(pruned).toBe(1);
      expect(outbox.get('1-slack')).toBeNull();
      expect(outbox.listDeliveries()).toEqual([]);
      expect(outbox.get('2-slack')?.status).toBe('pending');
    } finally {
      await receiver.close();
      state.remove();
    }
  });
});

describe('retryDelayMs', () => {
  it('grows exponentially with jitter and stops at an hour', () => {
    const low = [1, 2, 3, 4, 8].map((n) => retryDelayMs(n, () => 0));
    const high = [1, 2, 3, 4, 8].map((n) => retryDelayMs(n, () => 1));

    expect(low).toEqual([5_000, 15_000, 45_000, 135_000, 1_800_000]);
    expect(high).toEqual([10_000, 30_000, 90_000, 270_000, 3_600_000]);
  });

  it('honours a peer’s Retry-After instead of the backoff', () => {
    expect(retryDelayMs(5, () => 0, 2_000)).toBe(2_000);
    expect(retryDelayMs(1, () => 1, 2_000)).toBe(2_100);
  });
});

describe('the notifier registry', () => {
  it('maps each outbox channel to its notifier', () => {
    expect(
      Object.entries(NOTIFIERS).map(([name, n]) => [name, n.channel]),
    ).toEqual([
      ['slack', 'slack'],
      ['email', 'email'],
    ]);
  });
});
