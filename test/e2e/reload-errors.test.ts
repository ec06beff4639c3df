// A reload that fails half-way (the state file stays locked by another
// process past its busy timeout) must neither end the daemon nor stop the
// reloads that come after it.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  feedOf,
  readGraph,
  waitForFeed,
  writeGraph,
} from '../cli/support/reload-steps.js';
import type { DaemonProcess } from './support/daemon.js';
import { stopCleanly, waitForSync } from './support/steps.js';
import { createWorld, type World } from './support/world.js';

/** Past the state file's busy_timeout (5 s). */
const LOCK_MS = 6_500;

let world: World;
let daemon: DaemonProcess;

beforeEach(async () => {
  world = await createWorld({ database: 'production_reload_errors' });
  daemon = await world.startDaemon();
  expect((await waitForSync(world, 1)).status).toBe('ok');
});

afterEach(async () => {
  await world.close();
});

function renamedAccount(text: string, name: string): string {
  return text.replace(/name = "[^"]*"/, `name = "${name}"`);
}

describe('a reload that cannot write to the state file', () => {
  it('is logged, and the daemon keeps running and reloading', async () => {
    const state = new Database(join(world.production.dir, 'monitor.db'));
    state.exec('BEGIN IMMEDIATE');

    try {
      writeGraph(world, renamedAccount(readGraph(world), 'held'));
      await new Promise((resolve) => setTimeout(resolve, LOCK_MS));
    } finally {
      state.exec('ROLLBACK');
      state.close();
    }
    await daemon.waitForLog('reload failed');

    writeGraph(world, renamedAccount(readGraph(world), 'released'));

    const [entry] = await waitForFeed(world, 'graph_changed', 1);
    expect(entry?.body).toContain('to "released"');
    expect(await feedOf(world, 'graph_changed')).toHaveLength(1);
    const health = await fetch(`${world.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    await stopCleanly(world, daemon);
  });
});
