// How the daemon notices an edit (SPEC §8): a file replaced by rename, as
// editors save, SIGHUP for what a watch cannot see, and a graph file the
// config moved to another folder.
import {
  mkdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  feedOf,
  graphPath,
  readGraph,
  replaceGraphByRename,
  settle,
  waitForFeed,
  waitForSlackEdits,
} from '../cli/support/reload-steps.js';
import { lineOf } from '../cli/support/graph-edits.js';
import type { DaemonProcess } from './support/daemon.js';
import { stopCleanly, waitForSync } from './support/steps.js';
import { createWorld, type World } from './support/world.js';

let world: World;
let daemon: DaemonProcess;

beforeEach(async () => {
  world = await createWorld({ database: 'production_reload_files' });
  daemon = await world.startDaemon();
  expect((await waitForSync(world, 1)).status).toBe('ok');
});

afterEach(async () => {
  await world.close();
});

/** The graph with the account entity's name set to `name`. */
function renamedAccount(text: string, name: string): string {
  return text.replace(/name = "[^"]*"/, `name = "${name}"`);
}

describe('live reload', () => {
  it('picks up a graph file replaced by rename, as editors save it', async () => {
    replaceGraphByRename(world, renamedAccount(readGraph(world), 'client'));

    const [entry] = await waitForFeed(world, 'graph_changed', 1);
    expect(entry?.body).toContain(
      'entity "account-entity": name changed from "account" to "client"',
    );
    await waitForSlackEdits(world, 1);

    replaceGraphByRename(world, renamedAccount(readGraph(world), 'buyer'));

    const [second] = await waitForFeed(world, 'graph_changed', 2);
    expect(second?.body).toContain('from "client" to "buyer"');
    await settle();
    expect(await feedOf(world, 'graph_changed')).toHaveLength(2);
    await stopCleanly(world, daemon);
  });

  // A graph mounted through a symlink (a Kubernetes ConfigMap) changes
  // behind the link, where a watch of the link's folder sees nothing.
  it('reloads on SIGHUP', async () => {
    const mount = join(world.production.dir, 'mount');
    mkdirSync(mount);
    const target = join(mount, 'graph.hcl');
    writeFileSync(target, readGraph(world));
    symlinkSync(target, `${graphPath(world)}.link`);
    renameSync(`${graphPath(world)}.link`, graphPath(world));
    await settle();
    expect(await feedOf(world, 'graph_changed')).toEqual([]);

    writeFileSync(target, renamedAccount(readFileSync(target, 'utf8'), 'x'));
    process.kill(daemon.pid, 'SIGHUP');

    await daemon.waitForLog('reload requested by SIGHUP');
    const [entry] = await waitForFeed(world, 'graph_changed', 1);
    expect(entry?.body).toContain('from "account" to "x"');
    await settle();
    expect(await feedOf(world, 'graph_changed')).toHaveLength(1);
    await stopCleanly(world, daemon);
  });

  it('watches the graph file at its new place once the config moves it', async () => {
    const folder = join(world.production.dir, 'graphs');
    mkdirSync(folder);
    const moved = join(folder, 'graph.hcl');
    writeFileSync(moved, renamedAccount(readGraph(world), 'moved'));
    const { configPath } = world.production;
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8').replace(
        'graph: ./graph.hcl',
        'graph: ./graphs/graph.hcl',
      ),
    );
    const [first] = await waitForFeed(world, 'graph_changed', 1);
    expect(first?.body).toContain('from "account" to "moved"');

    writeFileSync(moved, renamedAccount(readFileSync(moved, 'utf8'), 'later'));

    const [second] = await waitForFeed(world, 'graph_changed', 2);
    expect(second?.body).toContain('from "moved" to "later"');
    await stopCleanly(world, daemon);
  });

  it('moves the sync schedule when the config changes it', async () => {
    const { configPath } = world.production;
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8').replace(
        'schedule: "0 0 1 1 *"',
        'schedule: "0 6 * * *"',
      ),
    );

    await daemon.waitForLog('reloaded');
    const scheduled = daemon
      .logLines()
      .filter((line) => line['msg'] === 'scheduled');
    expect(scheduled.map((line) => line['schedule'])).toEqual([
      '0 0 1 1 *',
      '0 6 * * *',
    ]);
    expect(String(scheduled.at(-1)?.['nextRun'])).toMatch(/T06:00:00/);
    await stopCleanly(world, daemon);
  });

  it('says nothing about an edit that only adds a comment, yet uses its lines', async () => {
    const commented = `# owned by the data team\n${readGraph(world)}`;
    writeFileSync(graphPath(world), commented);
    await daemon.waitForLog('reloaded; nothing the monitor uses changed');
    await settle();
    expect(await feedOf(world, 'graph_changed')).toEqual([]);

    writeFileSync(graphPath(world), renamedAccount(commented, 'client'));

    const [entry] = await waitForFeed(world, 'graph_changed', 1);
    const line = lineOf(commented, 'entity "account-entity"');
    expect(entry?.body).toContain(`to "client" (line ${line})`);
    await stopCleanly(world, daemon);
  });
});
