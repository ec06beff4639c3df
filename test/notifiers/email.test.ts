import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeSyncAlert } from '../../notifiers/compose.js';
import { createDelivery } from '../../notifiers/delivery.js';
import { buildEmails, type EmailPayload } from '../../notifiers/email.js';
import type { AttemptEvent } from '../../notifiers/attempt.js';
import { OutboxStore } from '../../src/state/outbox-store.js';
import {
  droppedJoinColumn,
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
  startSmtpReceiver,
  type SmtpReceiver,
} from './support/smtp-receiver.js';
import { openTempState, type TempState } from './support/state.js';

const TO = ['data-team@example.com', 'oncall@example.com'];

describe('email delivery over SMTP', () => {
  let smtp: SmtpReceiver;
  let state: TempState;

  beforeEach(async () => {
    smtp = await startSmtpReceiver();
    state = openTempState();
  });
  afterEach(async () => {
    await smtp.close();
    state.remove();
  });

  function delivery(smtpUrl: string, maxAttempts = 8, sendTimeoutMs = 5_000) {
    const clock = fakeClock();
    const events: AttemptEvent[] = [];
    const log = capturedLogger();
    const instance = createDelivery({
      db: state.db,
      settings: deliverySettings({ smtpUrl, to: TO }, maxAttempts),
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      sendTimeoutMs,
      logger: log.logger,
      onAttempt: (e) => events.push(e),
    });
    return { instance, clock, events, log };
  }

  it('sends the whole alert to `to` and each owner only their consumers’ findings', async () => {
    const { instance, clock } = delivery(smtp.url);
    const report = syncReport(21, [droppedProductTable(), droppedJoinColumn()]);
    const { messageIds } = instance.enqueueSyncAlerts(report, SYNC_CONTEXT);

    await instance.deliverUntil(clock.now() + 30_000);

    expect(messageIds).toEqual([
      '21-email',
      '21-email-carts@example.com',
      '21-email-growth@example.com',
    ]);
    const byId = new Map(
      smtp.mails.map((m) => [m.headers.get('x-datagraph-monitor-id'), m]),
    );
    expect(smtp.mails).toHaveLength(3);

    const team = byId.get('21-email');
    expect(team?.recipients).toEqual(TO);
    expect(team?.headers.get('message-id')).toBe('<21-email@example.com>');
    expect(team?.subject).toBe(
      '[datagraph-monitor] postgres production: 2 opened',
    );
    for (const part of [team?.text, team?.html]) {
      expect(part).toContain('PRODUCTION.PROD.PRODUCT_SKUS');
      expect(part).toContain('PRODUCTION.CUST.CART.ACCOUNT_ID');
      expect(part).toContain(
        'Bought a product (aud-product-buyers, owner growth@example.com)',
      );
      expect(part).toContain(
        'http://monitor.test:8080/#finding=table_missing%3APRODUCTION.PROD.PRODUCT_SKUS',
      );
    }

    const growth = byId.get('21-email-growth@example.com');
    expect(growth?.recipients).toEqual(['growth@example.com']);
    expect(growth?.headers.get('message-id')).toBe(
      '<21-email-growth=example.com@example.com>',
    );
    expect(growth?.subject).toBe(
      '[datagraph-monitor] postgres production: 1 opened (your consumers)',
    );
    expect(growth?.text).toContain('PRODUCTION.PROD.PRODUCT_SKUS');
    expect(growth?.text).not.toContain('ACCOUNT_ID');
    expect(byId.get('21-email-carts@example.com')?.html).not.toContain(
      'PRODUCT_SKUS',
    );
  });

  it('escapes names in the HTML part and keeps them as they are in the text part', async () => {
    const { instance, clock } = delivery(smtp.url);
    const hostile = droppedProductTable({
      tableRef: 'PRODUCTION.PROD."<b>x</b>&co"',
    });
    instance.enqueueSyncAlerts(syncReport(22, [hostile]), {
      ...SYNC_CONTEXT,
      consumers: [],
    });

    await instance.deliverUntil(clock.now() + 30_000);

    const [mail] = smtp.mails;
    expect(mail?.html).toContain(
      'PRODUCTION.PROD.&quot;&lt;b&gt;x&lt;/b&gt;&amp;co&quot;',
    );
    expect(mail?.html).not.toContain('<b>x</b>');
    expect(mail?.text).toContain('PRODUCTION.PROD."<b>x</b>&co"');
  });

  it('retries while the SMTP server is down and delivers once it is up', async () => {
    const port = await freePort();
    const { instance, clock, events } = delivery(`smtp://127.0.0.1:${port}`);
    instance.enqueueSyncAlerts(
      syncReport(23, [droppedProductTable()]),
      SYNC_CONTEXT,
    );

    const first = await instance.deliverUntil(clock.now() + 5_000);
    const later = await startSmtpReceiver({ port });
    try {
      const second = await instance.deliverUntil(clock.now() + 60_000);

      expect(first).toMatchObject({ sent: 0, retried: 2, pending: 2 });
      expect(events[0]).toMatchObject({ outcome: 'retry', reason: 'network' });
      expect(second).toMatchObject({ sent: 2, pending: 0, dead: 0 });
      expect(
        later.mails.map((m) => m.headers.get('x-datagraph-monitor-id')).sort(),
      ).toEqual(['23-email', '23-email-growth@example.com']);
    } finally {
      await later.close();
    }
  });

  it('gives up on a server that never confirms the message, and retries later', async () => {
    const silent = await startSmtpReceiver({ isHanging: true });
    try {
      const { instance, clock, events } = delivery(silent.url, 8, 1_000);
      instance.enqueueSyncAlerts(syncReport(26, [droppedProductTable()]), {
        ...SYNC_CONTEXT,
        consumers: [],
      });

      const result = await instance.deliverUntil(clock.now() + 5_000);

      expect(events.map((e) => [e.outcome, e.reason])).toEqual([
        ['retry', 'timeout'],
      ]);
      expect(result).toMatchObject({ sent: 0, pending: 1 });
    } finally {
      await silent.close();
    }
  });

  it('does not retry rejected credentials and never stores the password', async () => {
    const guarded = await startSmtpReceiver({
      auth: { user: 'monitor', pass: 'right-one' },
    });
    const url = `smtp://monitor:Sup3rSecretPw@127.0.0.1:${guarded.port}`;
    try {
      const { instance, clock, log } = delivery(url);
      instance.enqueueSyncAlerts(
        syncReport(24, [droppedProductTable()]),
        SYNC_CONTEXT,
      );

      const result = await instance.deliverUntil(clock.now() + 30_000);

      expect(result).toMatchObject({ sent: 0, dead: 2, pending: 0 });
      const stored = new OutboxStore(state.db).listDeliveries();
      expect(stored.map((d) => d.reason)).toEqual(['auth', 'auth']);
      expect(stored[0]?.error).toContain('check notify.email.smtp_url');
      expect(JSON.stringify(stored) + log.lines.join('')).not.toContain(
        'Sup3rSecretPw',
      );
    } finally {
      await guarded.close();
    }
  });
});

describe('buildEmails', () => {
  it('summarises the tail of a large alert to keep the message bounded', () => {
    const context = {
      ...SYNC_CONTEXT,
      failedSyncsBeforeAlert: 3,
      repeatIntervalMs: null,
      lastReminderAt: null,
    };
    const alert = composeSyncAlert(
      syncReport(25, manyDroppedTables(200)),
      context,
    );
    if (alert === null) throw new Error('expected an alert');

    const [mail] = buildEmails(alert, { from: 'monitor@example.com', to: TO });
    const payload = mail?.payload as EmailPayload;

    expect(payload.subject).toBe(
      '[datagraph-monitor] postgres production: 200 opened',
    );
    expect(payload.text).toContain('…and 100 more: http://monitor.test:8080/');
    expect(payload.html).toContain('…and 100 more:');
    expect(payload.text.length).toBeLessThan(150_000);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
