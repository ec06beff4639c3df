// Live reload with the real daemon (SPEC §8): a valid edit of the graph
// is announced once on every channel, an invalid one is refused and the
// last valid graph stays, and findings of removed elements resolve.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { edit, removeBlock } from '../cli/support/graph-edits.js';
import {
  feedOf,
  readGraph,
  settle,
  slackEditIds,
  waitForFeed,
  waitForSlackEdits,
  writeGraph,
} from '../cli/support/reload-steps.js';
import type { DaemonProcess } from './support/daemon.js';
import {
  mailIds,
  readStatus,
  stopCleanly,
  syncViaApi,
  waitForEmptyOutbox,
  waitForSync,
} from './support/steps.js';
import { createWorld, type World } from './support/world.js';

const DATABASE = 'PRODUCTION_RELOAD';

let world: World;
let daemon: DaemonProcess;

beforeEach(async () => {
  world = await createWorld({ database: DATABASE.toLowerCase() });
  daemon = await world.startDaemon();
  expect((await waitForSync(world, 1)).status).toBe('ok');
});

afterEach(async () => {
  await world.close();
});

describe('a valid edit of the graph', () => {
  it('is announced once in the feed, on Slack and by email, each edit', async () => {
    writeGraph(
      world,
      edit(readGraph(world), ['name = "product"', 'name = "catalog item"']),
    );
    const [label] = await waitForFeed(world, 'graph_changed', 1);
    expect(label?.title).toMatch(
      /^graph edited: 0 definite, 0 potential, 1 other changes/,
    );
    expect(label?.body).toContain(
      'none: entity "product-entity": name changed from "product" to ' +
        '"catalog item"',
    );

    writeGraph(
      world,
      edit(readGraph(world), [
        `"${DATABASE}.PROD.PRODUCT_SKUS"`,
        `"${DATABASE}.PROD.PRODUCT_CATALOG"`,
      ]),
    );
    const [moved] = await waitForFeed(world, 'graph_changed', 2);
    expect(moved?.title).toMatch(/^graph edited: 0 definite, 1 potential, 0/);
    expect(moved?.body).toContain(`to ${DATABASE}.PROD.PRODUCT_CATALOG`);
    expect(moved?.body).toContain('may break aud-product-buyers');

    await settle();
    await waitForEmptyOutbox(world);
    expect(await feedOf(world, 'graph_changed')).toHaveLength(2);
    const slack = slackEditIds(world);
    expect(slack).toHaveLength(2);
    expect(new Set(slack).size).toBe(2);
    for (const id of slack) expect(id).toMatch(/^edit-\d+-slack$/);
    const mails = mailIds(world).filter((id) => id?.startsWith('edit-'));
    expect(mails.map((id) => id?.replace(/-email.*$/, '-slack'))).toEqual(
      slack,
    );
    const lastPost = JSON.stringify(world.slack.requests.at(-1)?.payload);
    expect(lastPost).toContain('PRODUCT_CATALOG');

    // The new table is checked at the next sync, not at the edit.
    expect((await readStatus(world)).findings).toEqual([]);
    await syncViaApi(world);
    const { findings } = await readStatus(world);
    expect(findings.map((f) => f.key)).toEqual([
      `table_missing:${DATABASE}.PROD.PRODUCT_CATALOG`,
    ]);
    await stopCleanly(world, daemon);
  });
});

describe('an invalid edit', () => {
  it('is refused in the feed and the log; syncs keep the last valid graph', async () => {
    const valid = readGraph(world);
    const broken = edit(removeBlock(valid, 'entity "subscription-entity"'), [
      'name = "cart"',
      'name = "cart',
    ]);

    writeGraph(world, broken);

    const [refused] = await waitForFeed(world, 'reload_refused', 1);
    expect(refused?.severity).toBe('error');
    expect(refused?.body).toMatch(/graph\.hcl:\d+:\d+: error: unterminated/);
    const logged = await daemon.waitForLog(
      'reload refused; the last valid version stays',
    );
    expect(logged['level']).toBe('error');
    expect(String(logged['error'])).toMatch(/graph\.hcl:\d+:\d+/);
    await world.production.sql('DROP TABLE cust.subscription');
    const syncId = await syncViaApi(world);
    const status = await readStatus(world);
    expect(status.lastSync?.id).toBe(syncId);
    expect(status.findings.map((f) => f.key)).toEqual([
      `table_missing:${DATABASE}.CUST.SUBSCRIPTION`,
    ]);
    const consumers = await world.api('GET', '/api/consumers');
    expect(consumers.text).toContain('relationship:user-subscriptions');
    expect(await feedOf(world, 'graph_changed')).toEqual([]);
    expect(slackEditIds(world)).toEqual([]);
    await stopCleanly(world, daemon);
  });

  it('refuses an invalid config without showing the secret it quotes', async () => {
    const { configPath } = world.production;
    const config = readFileSync(configPath, 'utf8');

    writeFileSync(
      configPath,
      config.replace(/^log_level: .*$/m, 'log_level: ${SLACK_WEBHOOK_URL}'),
    );

    const [refused] = await waitForFeed(world, 'reload_refused', 1);
    expect(refused?.body).toContain('log_level');
    await daemon.waitForLog('reload refused; the last valid version stays');
    for (const secret of world.secrets) {
      expect(refused?.body).not.toContain(secret);
      expect(daemon.output.stderr).not.toContain(secret);
    }
    expect((await syncViaApi(world)) > 1).toBe(true);
    await stopCleanly(world, daemon);
  });

  it('refuses a consumer that names no element, with a did-you-mean', async () => {
    writeFileSync(
      join(world.production.dir, 'consumers.yaml'),
      [
        '- id: aud-typo',
        '  name: Typo',
        '  type: linked_audience',
        '  uses: [relationship:user-cart]',
        '',
      ].join('\n'),
    );

    const [refused] = await waitForFeed(world, 'reload_refused', 1);
    expect(refused?.body).toContain('consumers.yaml');
    expect(refused?.body).toContain('did you mean "relationship:user-carts"');
    const { text } = await world.api('GET', '/api/consumers');
    expect(text).toContain('aud-product-buyers');
    expect(text).not.toContain('aud-typo');
    await stopCleanly(world, daemon);
  });
});
