// Settings, a fake clock and a log catcher for delivery tests.
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { DeliverySettings } from '../../../notifiers/delivery.js';

export function deliverySettings(
  channels: {
    webhookUrl?: string | null;
    smtpUrl?: string | null;
    to?: string[];
  },
  maxAttempts = 8,
): DeliverySettings {
  const webhookUrl = channels.webhookUrl ?? null;
  const smtpUrl = channels.smtpUrl ?? null;
  return {
    notify: {
      slack: { webhookUrl, channel: '#data-graph' },
      email: { smtpUrl, from: 'monitor@example.com', to: channels.to ?? [] },
    },
    alerts: {
      failedSyncsBeforeAlert: 3,
      repeatIntervalMs: null,
      deliveryTimeoutMs: 30_000,
      maxAttempts,
    },
    secrets: [webhookUrl, smtpUrl].filter((s): s is string => s !== null),
  };
}

/** A clock that only moves when the code under test sleeps. */
export function fakeClock(start = Date.parse('2026-03-02T10:30:00.000Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => void (now += ms),
    sleeps,
  };
}

/** A pino logger whose lines are kept for inspection. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}
