// Issue 3 end to end with the real daemon: a dropped table gives one Slack
// message, one email per recipient and one feed entry, each naming the
// table, its uses and the affected consumers; its repair gives one
// "resolved" of each, saying how long the problem lasted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedMail } from '../notifiers/support/smtp-receiver.js';
import {
  countIds,
  mailIds,
  readFeed,
  slackIds,
  stopCleanly,
  syncViaApi,
  waitForEmptyOutbox,
  waitForSync,
  type FeedItemJson,
} from './support/steps.js';
import { createWorld, OWNER, TEAM, type World } from './support/world.js';

let world: World;

beforeEach(async () => {
  world = await createWorld({ database: 'production_e2e' });
});

afterEach(async () => {
  await world.close();
});

describe('a dropped table and its repair', () => {
  it('sends one Slack message, one email per recipient and one feed entry for each', async () => {
    const daemon = await world.startDaemon();
    expect((await waitForSync(world, 1)).status).toBe('ok');
    expect(world.slack.requests).toHaveLength(0);

    await world.dropProductTable();
    const dropped = await syncViaApi(world);
    await waitForEmptyOutbox(world);
    await expectOpenedAlerts(dropped);

    await world.repairProductTable();
    const repaired = await syncViaApi(world);
    const final = await waitForEmptyOutbox(world);

    expect(final.findings).toEqual([]);
    expect(final.outbox).toEqual({ pending: 0, dead: 0 });
    await expectResolvedAlerts(dropped, repaired);
    await stopCleanly(world, daemon);
  });
});

async function expectOpenedAlerts(syncId: number): Promise<void> {
  const link =
    `${world.baseUrl}/#finding=` + encodeURIComponent(world.findingKey);
  expect(countIds(slackIds(world))).toEqual({ [`${syncId}-slack`]: 1 });
  const post = world.slack.requests[0];
  expect(post?.payload.channel).toBe('#data-graph');
  expect(post?.payload.blocks.map((b) => b.type)).toEqual([
    'header',
    'section',
    'section',
    'context',
  ]);
  expectAll(JSON.stringify(post?.payload.blocks), [
    '*Opened* · definite · `table_missing`',
    `\`${world.tableRef}\``,
    '`entity:product-entity` (table_ref)',
    'Bought a product (`aud-product-buyers`)',
    `<${link}|open in the monitor>`,
    `message id \`${syncId}-slack\``,
  ]);

  expect(countIds(mailIds(world))).toEqual({
    [`${syncId}-email`]: 1,
    [`${syncId}-email-${OWNER}`]: 1,
  });
  const [team, owner] = teamFirst(world.smtp.mails);
  expect(team?.recipients).toEqual([TEAM]);
  expect(team?.headers.get('message-id')).toBe(`<${syncId}-email@example.com>`);
  expect(owner?.recipients).toEqual([OWNER]);
  expect(owner?.subject).toContain('(your consumers)');
  for (const mail of [team, owner]) expectMailNames(mail, 'Opened');
  expect(team?.text).toContain(link);
  expect(team?.html).toContain(link);

  const entry = await expectFeed([[syncId, 'finding_opened']]);
  expect(entry.title).toBe(`Opened: table_missing ${world.tableRef}`);
  expectAll(entry.body, [
    'entity:product-entity (table_ref)',
    'Bought a product (aud-product-buyers',
  ]);
}

// The whole feed, newest first, as [syncId, kind]; returns the newest.
async function expectFeed(expected: [number, string][]): Promise<FeedItemJson> {
  const feed = await readFeed(world);
  expect(feed.map((item) => [item.syncId, item.kind])).toEqual(expected);
  expect(feed[0]).toBeDefined();
  return feed[0] as FeedItemJson;
}

async function expectResolvedAlerts(
  dropped: number,
  repaired: number,
): Promise<void> {
  expect(countIds(slackIds(world))).toEqual({
    [`${dropped}-slack`]: 1,
    [`${repaired}-slack`]: 1,
  });
  const resolved = JSON.stringify(world.slack.requests[1]?.payload.blocks);
  expectAll(resolved, [
    '*Resolved* · definite · `table_missing`',
    `\`${world.tableRef}\``,
    '`entity:product-entity` (table_ref)',
    '`aud-product-buyers`',
  ]);
  expect(resolved).toMatch(/\*Lasted:\* \d+s/);

  expect(countIds(mailIds(world))).toEqual({
    [`${dropped}-email`]: 1,
    [`${dropped}-email-${OWNER}`]: 1,
    [`${repaired}-email`]: 1,
    [`${repaired}-email-${OWNER}`]: 1,
  });
  for (const mail of teamFirst(world.smtp.mails.slice(2))) {
    expectMailNames(mail, 'Resolved');
    expect(mail.text).toMatch(/lasted \d+s/);
    expect(mail.html).toMatch(/lasted \d+s/);
  }

  const entry = await expectFeed([
    [repaired, 'finding_resolved'],
    [dropped, 'finding_opened'],
  ]);
  expect(entry.title).toBe(`Resolved: table_missing ${world.tableRef}`);
  expect(entry.body).toContain('aud-product-buyers');
  expect(entry.body).toMatch(/lasted \d+s/);
}

function expectMailNames(mail: ReceivedMail | undefined, change: string) {
  expect(mail).toBeDefined();
  const names = [
    world.tableRef,
    'entity:product-entity (table_ref)',
    'Bought a product (aud-product-buyers',
  ];
  expectAll(mail?.text ?? '', [...names, change.toUpperCase()]);
  expectAll(mail?.html ?? '', [...names, change]);
}

function expectAll(text: string, parts: readonly string[]): void {
  for (const part of parts) expect(text).toContain(part);
}

// The team's copy first, then the owner's.
function teamFirst(mails: readonly ReceivedMail[]): ReceivedMail[] {
  const isOwner = (mail: ReceivedMail) => Number(mail.recipients[0] === OWNER);
  return [...mails].sort((a, b) => isOwner(a) - isOwner(b));
}
