// A second database of the graph becomes unreadable (CONNECT revoked from
// the monitor's role): that database is unknown and the sync `partial`;
// nothing in it opens or resolves and its open findings stay open, while
// the readable database is synced as usual.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANALYTICS_BREAKABLES,
  BrokenSet,
  MONITOR_ROLE,
  PRODUCTION_BREAKABLES,
  type Breakable,
} from './support/breakables.js';
import {
  createFaultWorld,
  type FaultWorld,
  type SyncReportJson,
} from './support/fault-world.js';
import { readState } from './support/state-probe.js';

let world: FaultWorld;

beforeAll(async () => {
  world = await createFaultWorld({ withAnalytics: true });
});

afterAll(async () => {
  await world?.close();
});

const [CHANNEL, CAMPAIGN_ID] = ANALYTICS_BREAKABLES as [Breakable, Breakable];
const [, CART, HOUSEHOLD] = PRODUCTION_BREAKABLES as [
  Breakable,
  Breakable,
  Breakable,
];
const ALL = [...PRODUCTION_BREAKABLES, ...ANALYTICS_BREAKABLES];

describe('a database of the graph that becomes unreadable', () => {
  it('is unknown, makes the sync partial and keeps its findings as they were', async () => {
    const broken = new BrokenSet();
    await world.sql('analytics', broken.toggle(CHANNEL));
    await world.sql('production', broken.toggle(CART));
    const first = await world.syncJson();
    expect(first.report.sync.status, first.run.stderr).toBe('ok');
    expect(openKeys(first.report)).toEqual([CART.key, CHANNEL.key].sort());

    // In analytics a full sync would resolve CHANNEL and open
    // CAMPAIGN_ID; in production it resolves CART and opens HOUSEHOLD.
    await world.sql('analytics', broken.toggle(CHANNEL));
    await world.sql('analytics', broken.toggle(CAMPAIGN_ID));
    await world.sql('production', broken.toggle(CART));
    await world.sql('production', broken.toggle(HOUSEHOLD));
    await setConnect(world, 'REVOKE');

    const partial = await world.syncJson();
    expect(partial.run.code, partial.run.stderr).toBe(1);
    expect(partial.run.stderr).not.toMatch(/this is a bug|\n\s+at /);
    const { sync } = partial.report;
    expect(sync.status).toBe('partial');
    expect(sync.unknown).toHaveLength(1);
    expect(sync.unknown[0]?.database.toUpperCase()).toBe('ANALYTICS');
    expect(sync.unknown[0]?.reason).toMatch(/permission denied/);
    expect(openKeys(partial.report)).toEqual(
      [CHANNEL.key, HOUSEHOLD.key].sort(),
    );
    expect(resolvedKeys(partial.report)).toEqual([CART.key]);
    expect(partial.report.summary).toMatchObject({ opened: 1, resolved: 1 });
    expect(readState(world.statePath).integrity).toBe('ok');

    // A second partial sync changes nothing more.
    const again = await world.syncJson();
    expect(again.report.sync.status).toBe('partial');
    expect(again.report.summary).toMatchObject({ opened: 0, resolved: 0 });
    expect(openKeys(again.report)).toEqual(openKeys(partial.report));

    await setConnect(world, 'GRANT');
    const after = await world.syncJson();
    expect(after.run.code, after.run.stderr).toBe(0);
    expect(after.report.sync.status).toBe('ok');
    expect(openKeys(after.report)).toEqual(broken.expectedKeys(ALL));
    expect(resolvedKeys(after.report)).toEqual([CHANNEL.key]);
    const state = readState(world.statePath);
    expect(state.integrity).toBe('ok');
    expect(state.openKeys).toEqual(broken.expectedKeys(ALL));
  }, 60_000);
});

function openKeys(report: SyncReportJson): string[] {
  return report.findings
    .filter((f) => f.status === 'open')
    .map((f) => f.key)
    .sort();
}

function resolvedKeys(report: SyncReportJson): string[] {
  return report.findings
    .filter((f) => f.status === 'resolved')
    .map((f) => f.key)
    .sort();
}

// Every role may connect through PUBLIC by default, so both go.
async function setConnect(
  target: FaultWorld,
  verb: 'GRANT' | 'REVOKE',
): Promise<void> {
  const direction = verb === 'GRANT' ? 'TO' : 'FROM';
  await target.sql(
    'production',
    `${verb} CONNECT ON DATABASE analytics ${direction} PUBLIC, ${MONITOR_ROLE}`,
  );
}
