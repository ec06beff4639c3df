// A Slack outage and a crash of the daemon delay an alert but never lose
// or repeat it: the real daemon, a second `monitor` process and a Slack
// receiver that fails, rate-limits or hangs.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from './support/daemon.js';
import { readDeliveries } from './support/state-file.js';
import {
  countIds,
  mailIds,
  readFeed,
  readStatus,
  slackIds,
  stopCleanly,
  syncViaApi,
  waitForEmptyOutbox,
  waitForSync,
  type StatusJson,
} from './support/steps.js';
import { createWorld, OWNER, type World } from './support/world.js';

let world: World;

beforeEach(async () => {
  world = await createWorld({ database: 'production_e2e_outage' });
});

afterEach(async () => {
  await world.close();
});

function waitForSlackDelivery(timeoutMs: number): Promise<true> {
  return waitUntil(
    'the Slack message to get through',
    () => (world.slack.accepted.length > 0 ? true : null),
    timeoutMs,
  );
}

describe('a Slack outage', () => {
  it('delays a message through 503 and 429 answers and delivers it exactly once', async () => {
    world.slack.script(
      { status: 503, body: 'service unavailable' },
      { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' },
    );
    const daemon = await world.startDaemon();
    await waitForSync(world, 1);
    await world.dropProductTable();

    // A second process finds the drop; it gives up on Slack after
    // alerts.delivery_timeout (2 s) and leaves the message to the daemon.
    const run = await world.cli(['sync-now', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const { sync } = JSON.parse(run.stdout) as { sync: { id: number } };
    const slackId = `${sync.id}-slack`;
    await world.slack.waitForRequests(1);
    expect(world.slack.accepted).toHaveLength(0);

    // The emails went out; only the Slack message waits for its retry.
    await waitUntil('a backlog of one message', async () => {
      const { outbox } = await readStatus(world);
      return outbox.pending === 1 ? outbox : null;
    });
    const status = await world.cli(['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as StatusJson).outbox).toEqual({
      pending: 1,
      dead: 0,
    });

    await waitForSlackDelivery(25_000);
    await waitForEmptyOutbox(world);
    expect(world.slack.accepted.map((post) => post.messageId)).toEqual([
      slackId,
    ]);
    expect(countIds(slackIds(world))).toEqual({ [slackId]: 3 });
    expect(countIds(mailIds(world))).toEqual({
      [`${sync.id}-email`]: 1,
      [`${sync.id}-email-${OWNER}`]: 1,
    });

    const statePath = join(world.production.dir, 'monitor.db');
    const attempts = readDeliveries(statePath, slackId);
    expect(attempts.map((a) => [a.outcome, a.reason])).toEqual([
      ['retry', 'server'],
      ['retry', 'rate_limited'],
      ['sent', null],
    ]);
    const [, limited, sent] = attempts.map((a) => Date.parse(a.at));
    expect((sent ?? 0) - (limited ?? 0)).toBeGreaterThanOrEqual(900);
    await stopCleanly(world, daemon);
  }, 40_000);

  it('delivers a message once after the daemon is killed in the middle of a send', async () => {
    world.slack.script('hang');
    const first = await world.startDaemon();
    await waitForSync(world, 1);
    await world.dropProductTable();
    const syncId = await syncViaApi(world);
    await world.slack.waitForRequests(1);
    await waitUntil('both emails', () =>
      world.smtp.mails.length === 2 ? true : null,
    );
    // Kill only once both emails are committed as sent: a kill between
    // the SMTP peer's acceptance and that commit is the one repeat that
    // at-least-once delivery allows, and this test is about Slack.
    await waitUntil('only the Slack message pending', async () => {
      const { outbox } = await readStatus(world);
      return outbox.pending === 1 ? outbox : null;
    });

    await world.killDaemon(first);
    expect(world.slack.accepted).toHaveLength(0);
    const second = await world.startDaemon();
    await second.waitForLog('sync finished');

    // The dead worker's lease runs out first (send timeout plus 10 s).
    await waitForSlackDelivery(30_000);
    const status = await waitForEmptyOutbox(world);
    expect(status.outbox).toEqual({ pending: 0, dead: 0 });
    expect(world.slack.accepted.map((post) => post.messageId)).toEqual([
      `${syncId}-slack`,
    ]);
    expect(countIds(slackIds(world))).toEqual({ [`${syncId}-slack`]: 2 });
    expect(countIds(mailIds(world))).toEqual({
      [`${syncId}-email`]: 1,
      [`${syncId}-email-${OWNER}`]: 1,
    });
    const feed = await readFeed(world);
    expect(feed.map((item) => item.kind)).toEqual(['finding_opened']);
    await stopCleanly(world, second);
  }, 45_000);

  it('exits 0 within 10 s of SIGTERM while a Slack send hangs', async () => {
    world.slack.script('hang');
    const daemon = await world.startDaemon();
    await waitForSync(world, 1);
    await world.dropProductTable();
    await syncViaApi(world);
    await world.slack.waitForRequests(1);

    await stopCleanly(world, daemon);
    expect(world.slack.accepted).toHaveLength(0);
  });
});
