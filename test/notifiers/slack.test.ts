import { readFileSync, existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeSyncAlert } from '../../notifiers/compose.js';
import { createDelivery } from '../../notifiers/delivery.js';
import {
  buildSlackPayload,
  sendSlack,
  SLACK_LIMITS,
} from '../../notifiers/slack.js';
import type { AttemptEvent } from '../../notifiers/attempt.js';
import { NotifyError } from '../../src/model/errors.js';
import { OutboxStore } from '../../src/state/outbox-store.js';
import {
  droppedProductTable,
  manyDroppedTables,
  SYNC_CONTEXT,
  syncReport,
} from './support/fixtures.js';
import {
  capturedLogger,
  deliverySettings,
  fakeClock,
} from './support/harness.js';
import {
  startSlackReceiver,
  type SlackReceiver,
} from './support/slack-receiver.js';
import { openTempState, type TempState } from './support/state.js';

const context = {
  ...SYNC_CONTEXT,
  failedSyncsBeforeAlert: 3,
  repeatIntervalMs: null,
  lastReminderAt: null,
};

function alertOf(findings = [droppedProductTable()], syncId = 7) {
  const alert = composeSyncAlert(syncReport(syncId, findings), context);
  if (alert === null) throw new Error('expected an alert');
  return alert;
}

describe('buildSlackPayload', () => {
  it('has a header with the counts, one section per finding and the id in the footer', () => {
    const payload = buildSlackPayload(alertOf(), {
      messageId: '7-slack',
      channel: '#data-graph',
    });
    const [header, , item, footer] = payload.blocks;

    expect(payload.channel).toBe('#data-graph');
    expect(header).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: ':red_circle: 1 opened · postgres production',
      },
    });
    expect(item?.type === 'section' && item.text.text).toContain(
      '`PRODUCTION.PROD.PRODUCT_SKUS`',
    );
    expect(footer).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'datagraph-monitor · message id `7-slack`' },
      ],
    });
  });

  it('shows a hostile table name literally', () => {
    const evil = droppedProductTable({
      tableRef: 'PRODUCTION.PROD.*evil*<http://x|y>',
      message: 'table missing: _evil_ ~strike~ `code` <!channel> & co',
    });
    const payload = buildSlackPayload(alertOf([evil]), {
      messageId: '7-slack',
    });
    const text = JSON.stringify(payload.blocks);

    expect(text).not.toContain('<http://x');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('`PRODUCTION.PROD.*evil*&lt;http://x|y&gt;`');
    const z = '\u200b';
    expect(text).toContain(`${z}_${z}evil${z}_${z} ${z}~${z}strike${z}~${z}`);
    expect(text).toContain('&lt;!channel&gt; &amp; co');
    expect(text).toContain('renamed to PRODUCT_SKUS_V2');
  });

  it('keeps 200 findings within Slack limits and links to the rest', () => {
    const payload = buildSlackPayload(alertOf(manyDroppedTables(200)), {
      messageId: '7-slack',
    });
    const texts = payload.blocks.flatMap((b) =>
      b.type === 'context' ? b.elements.map((e) => e.text) : [b.text.text],
    );
    const items = payload.blocks.filter(
      (b) => b.type === 'section' && b.text.text.includes('table_missing'),
    );

    expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(Math.max(...texts.map((t) => t.length))).toBeLessThanOrEqual(
      SLACK_LIMITS.text,
    );
    expect(
      payload.blocks[0]?.type === 'header' &&
        payload.blocks[0].text.text.length,
    ).toBeLessThanOrEqual(SLACK_LIMITS.header);
    expect(texts).toContain(
      `…and ${200 - items.length} more: <http://monitor.test:8080/|see them all on the page>`,
    );
  });
});

describe('slack delivery through the outbox', () => {
  let receiver: SlackReceiver;
  let state: TempState;

  beforeEach(async () => {
    receiver = await startSlackReceiver();
    state = openTempState();
  });
  afterEach(async () => {
    await receiver.close();
    state.remove();
  });

  function delivery(
    opts: { maxAttempts?: number; sendTimeoutMs?: number } = {},
  ) {
    const clock = fakeClock();
    const events: AttemptEvent[] = [];
    const log = capturedLogger();
    const instance = createDelivery({
      db: state.db,
      settings: deliverySettings(
        { webhookUrl: receiver.url },
        opts.maxAttempts,
      ),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      sendTimeoutMs: opts.sendTimeoutMs ?? 5_000,
      logger: log.logger,
      onAttempt: (e) => events.push(e),
    });
    return { instance, clock, events, log };
  }

  it('delivers one message per sync, even when the sync is enqueued twice', async () => {
    const { instance, clock } = delivery();
    instance.enqueueSyncAlerts(
      syncReport(7, [droppedProductTable()]),
      SYNC_CONTEXT,
    );
    instance.enqueueSyncAlerts(
      syncReport(7, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    const result = await instance.deliverUntil(clock.now() + 30_000);
    await instance.deliverUntil(clock.now() + 30_000);

    expect(result).toEqual({ sent: 1, retried: 0, dead: 0, pending: 0 });
    expect(receiver.accepted.map((p) => p.messageId)).toEqual(['7-slack']);
    expect(receiver.accepted[0]?.payload.blocks[0]?.text?.text).toContain(
      '1 opened',
    );
  });

  it('waits as long as a 429 says, then delivers', async () => {
    receiver.script({
      status: 429,
      headers: { 'retry-after': '7' },
      body: 'rate_limited',
    });
    const { instance, clock, events } = delivery();
    const start = clock.now();
    instance.enqueueSyncAlerts(
      syncReport(8, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    await instance.deliverUntil(clock.now() + 30_000);

    expect(events.map((e) => [e.outcome, e.reason])).toEqual([
      ['retry', 'rate_limited'],
      ['sent', null],
    ]);
    const wait = (events[0]?.nextAttemptAt ?? 0) - start;
    expect(wait).toBeGreaterThanOrEqual(7_000);
    expect(wait).toBeLessThanOrEqual(7_100);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('retries a 500 with backoff until the webhook recovers', async () => {
    receiver.script({ status: 500, body: 'oops' }, { status: 503 });
    const { instance, clock, events } = delivery();
    instance.enqueueSyncAlerts(
      syncReport(9, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    const result = await instance.deliverUntil(clock.now() + 120_000);

    expect(events.map((e) => e.outcome)).toEqual(['retry', 'retry', 'sent']);
    expect(clock.sleeps).toEqual([7_500, 22_500]);
    expect(result.pending).toBe(0);
    expect(receiver.requests.map((r) => r.messageId)).toEqual([
      '9-slack',
      '9-slack',
      '9-slack',
    ]);
    expect(receiver.accepted).toHaveLength(1);
  });

  it('does not retry a 400 and marks the message dead', async () => {
    receiver.script({ status: 400, body: 'invalid_blocks' });
    const { instance, clock } = delivery();
    instance.enqueueSyncAlerts(
      syncReport(10, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    const result = await instance.deliverUntil(clock.now() + 30_000);

    expect(result).toMatchObject({ sent: 0, dead: 1, pending: 0 });
    expect(receiver.requests).toHaveLength(1);
    const log = new OutboxStore(state.db).listDeliveries('10-slack');
    expect(log).toMatchObject([
      {
        attempt: 1,
        outcome: 'dead',
        reason: 'client',
        error: 'slack: the webhook answered 400 (invalid_blocks)',
      },
    ]);
  });

  it('times out on a peer that never answers and gives up after alerts.max_attempts', async () => {
    receiver.setDefault('hang');
    const { instance, clock, events } = delivery({
      maxAttempts: 2,
      sendTimeoutMs: 300,
    });
    instance.enqueueSyncAlerts(
      syncReport(11, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    const result = await instance.deliverUntil(clock.now() + 60_000);

    expect(events.map((e) => [e.outcome, e.reason])).toEqual([
      ['retry', 'timeout'],
      ['dead', 'timeout'],
    ]);
    expect(result).toMatchObject({ pending: 0, dead: 1 });
  });

  it('gives up a hanging send when the process stops, so the next one can send it at once', async () => {
    receiver.setDefault('hang');
    const { instance, events } = delivery({ sendTimeoutMs: 30_000 });
    instance.enqueueSyncAlerts(
      syncReport(13, [droppedProductTable()]),
      SYNC_CONTEXT,
    );
    const stop = new AbortController();
    const worker = instance.runWorker(stop.signal);
    await receiver.waitForRequests(1);

    const stoppedAt = Date.now();
    stop.abort();
    await worker;

    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(events.map((e) => [e.outcome, e.reason])).toEqual([
      ['retry', 'timeout'],
    ]);
    receiver.setDefault({ status: 200, body: 'ok' });
    const next = delivery().instance;
    const result = await next.deliverDue(Date.now() + 1_000);
    expect(result.sent).toBe(1);
  });

  it('leaves what it could not send pending for the daemon when the deadline passes', async () => {
    receiver.setDefault({ status: 502 });
    const { instance, clock } = delivery();
    instance.enqueueSyncAlerts(
      syncReport(12, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    const result = await instance.deliverUntil(clock.now() + 30_000);

    expect(result).toMatchObject({ sent: 0, pending: 1, dead: 0 });
    expect(receiver.requests.length).toBe(2);
  });

  it('keeps the webhook URL out of every stored error and log line', async () => {
    receiver.script({ status: 404, body: `no_service ${receiver.url}` });
    const { instance, clock, log } = delivery();
    instance.enqueueSyncAlerts(
      syncReport(13, [droppedProductTable()]),
      SYNC_CONTEXT,
    );
    await instance.deliverUntil(clock.now() + 30_000);

    // A network failure: the same secret path on a port nobody listens on.
    const closed = receiver.url.replace(/:\d+\//, ':9/');
    const failure = await sendSlack(
      closed,
      { text: 'x', blocks: [] },
      1000,
    ).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(NotifyError);
    expect((failure as NotifyError).reason).toBe('network');
    expect((failure as NotifyError).cause).toBeUndefined();
    const stored = new OutboxStore(state.db).listDeliveries();
    expect(stored[0]?.reason).toBe('auth');
    expect(stored[0]?.error).toContain('404');
    state.db.pragma('wal_checkpoint(TRUNCATE)');
    const everything = [
      ...log.lines,
      JSON.stringify(stored),
      (failure as Error).message,
      readFileSync(state.path).toString('latin1'),
      existsSync(`${state.path}-wal`)
        ? readFileSync(`${state.path}-wal`).toString('latin1')
        : '',
    ].join('\n');
    expect(log.lines.length).toBeGreaterThan(0);
    expect(everything).not.toContain(receiver.secret);
  });
});
