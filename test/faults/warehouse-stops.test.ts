// The warehouse dies in the middle of a sync (`pg_ctl stop -m immediate`
// while the monitor's session waits on a catalog lock): the sync is
// `failed`, opens and resolves nothing, and the run exits 1; once the
// server is back the next sync sees the warehouse as it really is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrokenSet,
  PRODUCTION_BREAKABLES,
  type Breakable,
} from './support/breakables.js';
import { lockCatalog, type CatalogLock } from './support/catalog-lock.js';
import {
  createFaultWorld,
  type FaultWorld,
  type SyncReportJson,
} from './support/fault-world.js';
import { readState } from './support/state-probe.js';

let world: FaultWorld;
let lock: CatalogLock | null = null;

beforeAll(async () => {
  world = await createFaultWorld();
});

afterAll(async () => {
  await lock?.release();
  await world?.close();
});

const [PRODUCT, CART] = PRODUCTION_BREAKABLES as [Breakable, Breakable];

describe('the warehouse stopping in the middle of a sync', () => {
  it('exits 1 with a failed sync that changes nothing; the next sync is right', async () => {
    const broken = new BrokenSet();
    await world.sql('production', broken.toggle(CART));
    const first = await world.syncJson();
    expect(first.report.sync.status, first.run.stderr).toBe('ok');
    expect(openKeys(first.report)).toEqual([CART.key]);

    // A run to the end would now resolve the cart finding and open one
    // for the product table.
    await world.sql('production', broken.toggle(CART));
    await world.sql('production', broken.toggle(PRODUCT));
    lock = await lockCatalog(world);
    const monitor = world.spawn(['sync-now', '--json', '--no-notify']);
    await lock.waitForMonitor();
    expect(readState(world.statePath).syncs.at(-1)?.status).toBe('running');

    world.server.stopNow();
    const run = await monitor.result;
    lock = null; // its session died with the server

    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).not.toMatch(/this is a bug|\n\s+at /);
    const report = JSON.parse(run.stdout) as SyncReportJson;
    expect(report.sync.status).toBe('failed');
    expect(report.sync.error).toMatch(
      /^warehouse postgres: catalog PRODUCTION: /,
    );
    expect(report.sync.unknown.map((u) => u.database)).toEqual(['PRODUCTION']);
    expect(report.summary).toMatchObject({ opened: 0, resolved: 0 });
    expect(openKeys(report)).toEqual([CART.key]);
    const state = readState(world.statePath);
    expect(state.integrity).toBe('ok');
    expect(state.openKeys).toEqual([CART.key]);
    expect(state.syncs.at(-1)).toMatchObject({ status: 'failed' });
    expect(state.lock).toBeNull();

    // While it is down, a sync fails at once, naming the warehouse.
    const down = await world.syncJson();
    expect(down.run.code).toBe(1);
    expect(down.report.sync.status).toBe('failed');
    expect(down.report.sync.error).toMatch(/^warehouse postgres: .*refused/i);
    expect(openKeys(down.report)).toEqual([CART.key]);

    world.server.restart();
    const after = await world.syncJson();
    expect(after.run.code, after.run.stderr).toBe(0);
    expect(after.report.summary).toMatchObject({ opened: 1, resolved: 1 });
    expect(openKeys(after.report)).toEqual(
      broken.expectedKeys([PRODUCT, CART]),
    );
    expect(readState(world.statePath).integrity).toBe('ok');
  }, 60_000);
});

function openKeys(report: SyncReportJson): string[] {
  return report.findings
    .filter((f) => f.status === 'open')
    .map((f) => f.key)
    .sort();
}
