// The steps of the live reload tests: edits of the world's files as
// people and editors make them, and waits for what the daemon says back.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from '../../e2e/support/daemon.js';
import { readFeed, type FeedItemJson } from '../../e2e/support/steps.js';
import type { World } from '../../e2e/support/world.js';

/** The debounce is 300 ms: past this, a reload that was coming has come. */
export const SETTLE_MS = 1_500;

/** The path of the world's graph file. */
export function graphPath(world: World): string {
  return join(world.production.dir, 'graph.hcl');
}

/** The graph file's text now. */
export function readGraph(world: World): string {
  return readFileSync(graphPath(world), 'utf8');
}

/** Writes the graph in place, as `echo > file` or a simple editor does. */
export function writeGraph(world: World, text: string): void {
  writeFileSync(graphPath(world), text);
}

/** Writes a temp file beside the graph and renames it over, as vim does. */
export function replaceGraphByRename(world: World, text: string): void {
  const temp = join(world.production.dir, '.graph.hcl.swp');
  writeFileSync(temp, text);
  renameSync(temp, graphPath(world));
}

/** The feed entries of one kind, newest first. */
export async function feedOf(
  world: World,
  kind: string,
): Promise<FeedItemJson[]> {
  return (await readFeed(world)).filter((item) => item.kind === kind);
}

/** Waits until the feed holds `count` entries of `kind`; returns them. */
export function waitForFeed(
  world: World,
  kind: string,
  count: number,
  timeoutMs = 8_000,
): Promise<FeedItemJson[]> {
  return waitUntil(
    `${count} feed entries of kind ${kind}`,
    async () => {
      const items = await feedOf(world, kind);
      return items.length >= count ? items : null;
    },
    timeoutMs,
  );
}

/** The stable ids of the Slack posts about edits, in order. */
export function slackEditIds(world: World): string[] {
  return world.slack.requests
    .map((post) => post.messageId ?? '')
    .filter((id) => id.startsWith('edit-'));
}

/** Waits until Slack got `count` posts about edits; returns their ids. */
export function waitForSlackEdits(
  world: World,
  count: number,
): Promise<string[]> {
  return waitUntil(`${count} Slack posts about edits`, () => {
    const ids = slackEditIds(world);
    return ids.length >= count ? ids : null;
  });
}

/** Lets a reload that a change may still cause happen before counting. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}
