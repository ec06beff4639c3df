// The steps the end-to-end tests repeat: syncs through the API, the
// outbox and the feed as the daemon reports them, a clean stop.
import { expect } from 'vitest';
import type { DaemonProcess } from './daemon.js';
import { waitUntil } from './daemon.js';
import type { World } from './world.js';

/** The parts of a sync record the tests read. */
export interface SyncJson {
  readonly id: number;
  readonly status: string;
  readonly finishedAt: string | null;
  readonly error: string | null;
}

/** The parts of `GET /api/status` (and `status --json`) the tests read. */
export interface StatusJson {
  readonly lastSync: SyncJson | null;
  readonly findings: readonly { key: string; status: string }[];
  readonly outbox: { readonly pending: number; readonly dead: number };
}

/** One entry of `GET /api/notifications`. */
export interface FeedItemJson {
  readonly id: number;
  readonly kind: string;
  readonly severity: string;
  readonly title: string;
  readonly body: string;
  readonly syncId: number | null;
}

/** `GET /api/status`, parsed. */
export async function readStatus(world: World): Promise<StatusJson> {
  const reply = await world.api('GET', '/api/status');
  expect(reply.status).toBe(200);
  return reply.json<StatusJson>();
}

/** Waits until sync `id` (or a later one) has finished. */
export function waitForSync(world: World, id: number): Promise<SyncJson> {
  return waitUntil(`sync #${id} to finish`, async () => {
    const { lastSync } = await readStatus(world);
    const isDone =
      lastSync !== null && lastSync.id >= id && lastSync.finishedAt !== null;
    return isDone ? lastSync : null;
  });
}

/** `POST /api/sync`, then waits for that sync; returns its id. */
export async function syncViaApi(world: World): Promise<number> {
  const reply = await world.api('POST', '/api/sync', {});
  expect(reply.status, reply.text).toBe(202);
  const { syncId } = reply.json<{ syncId: number }>();

  const sync = await waitForSync(world, syncId);
  expect(sync.status, sync.error ?? '').toBe('ok');
  return syncId;
}

/** Waits until nothing waits in the outbox: every message is final. */
export function waitForEmptyOutbox(
  world: World,
  timeoutMs = 10_000,
): Promise<StatusJson> {
  return waitUntil(
    'an empty outbox',
    async () => {
      const status = await readStatus(world);
      return status.outbox.pending === 0 ? status : null;
    },
    timeoutMs,
  );
}

/** Every feed entry, newest first. */
export async function readFeed(world: World): Promise<FeedItemJson[]> {
  const reply = await world.api('GET', '/api/notifications?limit=100');
  expect(reply.status).toBe(200);
  return reply.json<{ items: FeedItemJson[] }>().items;
}

/** How often each stable id was seen. */
export function countIds(
  ids: readonly (string | null)[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const id of ids) counts[String(id)] = (counts[String(id)] ?? 0) + 1;
  return counts;
}

/** The stable ids of the Slack posts the receiver saw, in order. */
export function slackIds(world: World): (string | null)[] {
  return world.slack.requests.map((post) => post.messageId);
}

/** The stable ids (X-Datagraph-Monitor-Id) of the emails received. */
export function mailIds(world: World): (string | null)[] {
  return world.smtp.mails.map(
    (mail) => mail.headers.get('x-datagraph-monitor-id') ?? null,
  );
}

/** SIGTERM; the daemon must exit 0 within 10 s. */
export async function stopCleanly(
  world: World,
  daemon: DaemonProcess,
): Promise<void> {
  const { code, ms } = await world.stopDaemon(daemon);

  expect(code, daemon.output.stderr.slice(-800)).toBe(0);
  expect(ms).toBeLessThan(10_000);
}
