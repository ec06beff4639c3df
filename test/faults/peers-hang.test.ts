// Slack and the SMTP server both hang (they take the message and never
// answer): `sync-now` still ends within alerts.delivery_timeout and a
// small margin, leaving its messages pending for the daemon; the daemon
// stops within 10 s of SIGTERM with sends in the air, losing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findFreePort,
  startDaemonProcess,
  waitUntil,
} from '../e2e/support/daemon.js';
import { PRODUCTION_BREAKABLES, type Breakable } from './support/breakables.js';
import {
  createFaultWorld,
  OWNER,
  type FaultWorld,
} from './support/fault-world.js';
import { startHangingSmtp, type HangingSmtp } from './support/hanging-smtp.js';
import type { MonitorRun } from './support/monitor-process.js';
import { readState } from './support/state-probe.js';
import {
  startTimedSlack,
  type TimedSlackReceiver,
} from './support/timed-slack.js';

const DELIVERY_TIMEOUT_MS = 3_000;
// Leaving the delivery loop, closing the state, printing, exiting.
const MARGIN_MS = 1_500;

const [PRODUCT, CART] = PRODUCTION_BREAKABLES as [Breakable, Breakable];

let world: FaultWorld;
let slack: TimedSlackReceiver;
let smtp: HangingSmtp;

beforeAll(async () => {
  slack = await startTimedSlack();
  slack.setMode('hang');
  smtp = await startHangingSmtp();
  const port = await findFreePort();
  world = await createFaultWorld({
    extraConfig: [
      'alerts:',
      `  delivery_timeout: ${DELIVERY_TIMEOUT_MS}ms`,
      'notify:',
      '  slack:',
      '    webhook_url: ${SLACK_WEBHOOK_URL}',
      '  email:',
      '    smtp_url: ${SMTP_URL}',
      '    from: monitor@example.com',
      '    to: [oncall@example.com]',
      'server:',
      `  listen: 127.0.0.1:${port}`,
    ].join('\n'),
    env: { SLACK_WEBHOOK_URL: slack.url, SMTP_URL: smtp.url },
  });
  const first = await world.syncJson();
  expect(first.report.sync.status, first.run.stderr).toBe('ok');
});

afterAll(async () => {
  await world?.close();
  await slack?.close();
  await smtp?.close();
});

describe('Slack and SMTP peers that hang', () => {
  it('leave sync-now ending within delivery_timeout and its messages pending', async () => {
    await world.sql('production', PRODUCT.breakSql);

    const run = await world.run(['sync-now', '--json']);

    expect(run.code, run.stderr).toBe(0);
    const syncId = (JSON.parse(run.stdout) as { sync: { id: number } }).sync.id;
    const ids = [
      `${syncId}-slack`,
      `${syncId}-email`,
      `${syncId}-email-${OWNER}`,
    ];
    expect(slack.posts.map((p) => p.messageId)).toContain(ids[0]);
    expect(smtp.taken).toContain(ids[1]);
    const deliveryMs = run.endedAt - syncFinishedAt(run);
    expect(deliveryMs).toBeLessThan(DELIVERY_TIMEOUT_MS + MARGIN_MS);

    const state = readState(world.statePath);
    expect(state.integrity).toBe('ok');
    const rows = state.outbox.filter((row) => ids.includes(row.messageId));
    expect(rows.map((row) => row.messageId).sort()).toEqual([...ids].sort());
    expect(rows.every((row) => row.status === 'pending')).toBe(true);
  }, 30_000);

  it('lets the daemon stop within 10 s of SIGTERM while both sends hang, keeping the messages', async () => {
    await world.sql('production', CART.breakSql);
    const postsBefore = slack.posts.length;
    const takenBefore = smtp.taken.length;
    const daemon = await startDaemonProcess(world.configPath, world.env);

    // The start-up sync finds the cart column gone and sends at once.
    await daemon.waitForLog('sync finished');
    await waitUntil('both peers to hold a message', () =>
      slack.posts.length > postsBefore && smtp.taken.length > takenBefore
        ? true
        : null,
    );
    const { code, ms } = await daemon.stop();

    expect(code, daemon.output.stderr.slice(-800)).toBe(0);
    expect(ms).toBeLessThan(10_000);
    // It stopped its parts itself, not through the last-resort exit.
    expect(daemon.logLines().map((line) => line['msg'])).toContain('stopped');
    const state = readState(world.statePath);
    expect(state.integrity).toBe('ok');
    expect(state.lock).toBeNull();
    expect(state.outbox.filter((row) => row.status !== 'pending')).toEqual([]);
    expect(state.openKeys).toEqual([CART.key, PRODUCT.key].sort());
  }, 30_000);
});

// The end of the sync, from its log line; delivery starts there.
function syncFinishedAt(run: MonitorRun): number {
  const line = run.stderr
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text) as { msg?: string; time?: string })
    .find((entry) => entry.msg === 'sync finished');
  if (line?.time === undefined) throw new Error(`no sync log: ${run.stderr}`);
  return Date.parse(line.time);
}
