// Slack and the SMTP server both hang (they take the message and never
// answer): `sync-now` still ends within alerts.delivery_timeout and a
// small margin, leaving its messages pending for the daemon; the daemon
// stops within 10 s of SIGTERM with sends in the air, losing nothing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const [PRODUCT, CART, HOUSEHOLD, JUNCTION] = PRODUCTION_BREAKABLES as [
  Breakable,
  Breakable,
  Breakable,
  Breakable,
];

let world: FaultWorld;
let slack: TimedSlackReceiver;
let smtp: HangingSmtp;
let port: number;

beforeAll(async () => {
  slack = await startTimedSlack();
  slack.setMode('hang');
  smtp = await startHangingSmtp();
  port = await findFreePort();
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
    expect(state.openKeys).toEqual([PRODUCT.key]);
  }, 30_000);

  it('stops the daemon within 10 s of SIGTERM with both sends hanging, keeping them', async () => {
    const configPath = await ownState('daemon');
    await world.sql('production', CART.breakSql);
    const postsBefore = slack.posts.length;
    const takenBefore = smtp.taken.length;
    const daemon = await startDaemonProcess(configPath, world.env);
    let stopped: { code: number | null; ms: number };
    try {
      // The start-up sync finds the cart column gone and sends at once.
      await daemon.waitForLog('sync finished');
      await waitUntil('both peers to hold a message', () =>
        slack.posts.length > postsBefore && smtp.taken.length > takenBefore
          ? true
          : null,
      );
      stopped = await daemon.stop();
    } finally {
      await daemon.kill();
    }
    const { code, ms } = stopped;

    expect(code, daemon.output.stderr.slice(-800)).toBe(0);
    expect(ms).toBeLessThan(10_000);
    // It stopped its parts itself, not through the last-resort exit.
    expect(daemon.logLines().map((line) => line['msg'])).toContain('stopped');
    const state = readState(statePathOf(configPath));
    expect(state.integrity).toBe('ok');
    expect(state.lock).toBeNull();
    expect(state.outbox.length).toBeGreaterThan(0);
    expect(state.outbox.filter((row) => row.status !== 'pending')).toEqual([]);
    expect(state.openKeys).toEqual([CART.key, PRODUCT.key].sort());
  }, 30_000);

  it('does not let a hanging SMTP server hold a Slack alert of the daemon back', async () => {
    slack.setMode('ok');
    const configPath = await ownState('mixed');
    await world.sql('production', HOUSEHOLD.breakSql);
    const daemon = await startDaemonProcess(configPath, world.env);
    const takenBefore = smtp.taken.length;
    try {
      await daemon.waitForLog('sync finished');
      await waitUntil('an email to hang', () =>
        smtp.taken.length > takenBefore ? true : null,
      );

      // While that email hangs, a second sync finds one more change.
      await world.sql('production', JUNCTION.breakSql);
      const syncId = await startSyncViaApi();
      const id = `${syncId}-slack`;
      const post = await waitUntil(
        `the Slack alert ${id}, held back behind hanging emails`,
        () => slack.posts.find((p) => p.messageId === id) ?? null,
        15_000,
      );
      const finished = daemon
        .logLines()
        .find((l) => l['msg'] === 'sync finished' && l['syncId'] === syncId);

      const waitedMs = post.receivedAt - Date.parse(String(finished?.['time']));
      expect(
        waitedMs,
        'the Slack alert waited for the email lane',
      ).toBeLessThan(3_000);
    } finally {
      await daemon.kill();
    }
  }, 40_000);
});

async function startSyncViaApi(): Promise<number> {
  const reply = await fetch(`http://127.0.0.1:${port}/api/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(reply.status).toBe(202);
  return ((await reply.json()) as { syncId: number }).syncId;
}

// A state file of the test's own, with a baseline: the daemon then
// sends only what its own syncs find.
async function ownState(name: string): Promise<string> {
  const configPath = world.configVariant((text) =>
    text.replace(/^state: .*$/m, `state: ./state/${name}.db`),
  );
  const run = await world.run(['sync-now', '--json', '--no-notify'], {
    configPath,
  });
  expect(run.code, run.stderr).toBe(0);
  return configPath;
}

function statePathOf(configPath: string): string {
  const state = /^state: \.\/(.*)$/m.exec(readFileSync(configPath, 'utf8'));
  return join(world.dir, state?.[1] ?? 'missing');
}

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
