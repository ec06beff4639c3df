// Removing elements by live reload (SPEC §8): findings of removed elements
// resolve as "removed from the graph", and a consumer still naming a
// removed relationship is a warning, not a refusal.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeBlock } from '../cli/support/graph-edits.js';
import {
  feedOf,
  readGraph,
  settle,
  waitForFeed,
  waitForSlackEdits,
  writeGraph,
} from '../cli/support/reload-steps.js';
import type { DaemonProcess } from './support/daemon.js';
import {
  readFeed,
  readStatus,
  stopCleanly,
  syncViaApi,
  waitForSync,
} from './support/steps.js';
import { createWorld, type World } from './support/world.js';

let world: World;
let daemon: DaemonProcess;

beforeEach(async () => {
  world = await createWorld({ database: 'production_reload_removed' });
  daemon = await world.startDaemon();
  expect((await waitForSync(world, 1)).status).toBe('ok');
});

afterEach(async () => {
  await world.close();
});

describe('an edit that removes elements', () => {
  it('resolves the open finding of a removed entity as removed from the graph', async () => {
    await world.dropProductTable();
    await syncViaApi(world);
    expect((await readStatus(world)).findings.map((f) => f.key)).toEqual([
      world.findingKey,
    ]);

    writeGraph(
      world,
      removeBlock(
        removeBlock(readGraph(world), 'relationship "products"'),
        'entity "product-entity"',
      ),
    );

    const [entry] = await waitForFeed(world, 'graph_changed', 1);
    expect(entry?.title).toMatch(/^graph edited: 2 definite, 0 potential/);
    expect(entry?.body).toMatch(
      /definite: entity "product-entity" was removed; breaks aud-product-b/,
    );
    expect(entry?.body).toContain(
      `resolved ${world.findingKey}: removed from the graph`,
    );
    expect(entry?.body).toMatch(
      /definite: relationship "products" was removed; breaks aud-product-buyers/,
    );
    expect((await readStatus(world)).findings).toEqual([]);
    await waitForSlackEdits(world, 1);
    const post = JSON.stringify(world.slack.requests.at(-1)?.payload);
    expect(post).toContain('removed from the graph');

    const warning = await daemon.waitForLog('consumer warning');
    expect(String(warning['problem'])).toContain('relationship:products');
    expect(await feedOf(world, 'reload_refused')).toEqual([]);

    // The finding stays resolved: the next sync neither reopens nor
    // resolves it again.
    const syncId = await syncViaApi(world);
    expect((await readStatus(world)).findings).toEqual([]);
    const feed = await readFeed(world);
    expect(feed.filter((item) => item.syncId === syncId)).toEqual([]);
    expect(feed.map((item) => item.kind).sort()).toEqual([
      'finding_opened',
      'graph_changed',
    ]);

    // The stale reference stays a warning: a later edit is still applied.
    writeGraph(
      world,
      readGraph(world).replace('name = "Households"', 'name = "Homes"'),
    );
    const edits = await waitForFeed(world, 'graph_changed', 2);
    expect(edits).toHaveLength(2);
    expect(await feedOf(world, 'reload_refused')).toEqual([]);
    await stopCleanly(world, daemon);
  });

  it('announces an edit of the consumers file', async () => {
    const path = join(world.production.dir, 'consumers.yaml');
    const text = readFileSync(path, 'utf8');
    const kept = text.slice(0, text.indexOf('- id: aud-households'));

    writeFileSync(path, kept);

    const [entry] = await waitForFeed(world, 'graph_changed', 1);
    expect(entry?.body).toContain('consumers: 3 -> 2');
    const consumers = await world.api('GET', '/api/consumers');
    expect(consumers.text).not.toContain('aud-households');
    await settle();
    expect(await feedOf(world, 'graph_changed')).toHaveLength(1);
    await stopCleanly(world, daemon);
  });
});
