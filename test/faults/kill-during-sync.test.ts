// SIGKILL at random points of `monitor sync-now`, 25 times in a row, with
// the warehouse changing between runs: the next run takes the lock over
// and records the killed sync `failed`, and the findings always equal
// either the last committed sync's or what the warehouse really lacks.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrokenSet,
  chooseToggle,
  PRODUCTION_BREAKABLES,
} from './support/breakables.js';
import { lockCatalog } from './support/catalog-lock.js';
import { createFaultWorld, type FaultWorld } from './support/fault-world.js';
import type { MonitorRun } from './support/monitor-process.js';
import { useSeededRandom } from './support/seeded-random.js';
import { readState, type StateSnapshot } from './support/state-probe.js';

const KILLS = 25;

let world: FaultWorld;

beforeAll(async () => {
  world = await createFaultWorld();
});

afterAll(async () => {
  await world?.close();
});

/** Where a kill landed, as the state file shows it afterwards. */
type Landing = 'before the sync began' | 'inside the sync' | 'after the commit';

describe('SIGKILL during a sync', () => {
  it('loses, duplicates and wrongly resolves nothing over 25 kills at random points', async () => {
    const random = useSeededRandom('kill during sync');
    const broken = new BrokenSet();
    const items = PRODUCTION_BREAKABLES;
    const phases: RunPhases[] = [];
    for (let run = 0; run < 3; run += 1) {
      const calibration = await world.syncJson();
      expect(calibration.report.sync.status, calibration.run.stderr).toBe('ok');
      phases.push(phasesOf(calibration.run));
    }
    const landings: Landing[] = [];
    const interrupted: number[] = [];

    for (let round = 1; landings.length < KILLS; round += 1) {
      expect(round, 'too many runs ended before their kill').toBeLessThan(
        3 * KILLS,
      );
      const item = chooseToggle(broken, items, random.pick);
      await world.sql('production', broken.toggle(item));
      const expected = broken.expectedKeys(items);
      const before = readState(world.statePath);

      // From the end of start-up to just after the exit: opening the
      // state, the lock, the warehouse read, the commit, the report.
      const { beginMs, exitMs } = medianPhases(phases);
      const delayMs = random.integer(Math.max(0, beginMs - 250), exitMs + 30);
      const monitor = world.spawn(['sync-now', '--json', '--no-notify']);
      await sleep(delayMs);
      const run = await monitor.kill();
      const after = readState(world.statePath);
      const where = `round ${round}, kill after ${delayMs} ms (seed ${random.seed})`;

      expect(after.integrity, where).toBe('ok');
      expect(after.doubleOpen, where).toEqual([]);
      const landing = landingOf(before, after, where);
      if (run.signal !== 'SIGKILL') {
        // It finished before the kill: a whole, correct sync.
        expect(run.code, `${where}: ${run.stderr}`).toBe(0);
        expect(after.openKeys, where).toEqual(expected);
        phases.push(phasesOf(run));
        continue;
      }
      landings.push(landing);
      const newest = after.syncs.at(-1);
      if (landing === 'inside the sync' && newest) {
        // The dead process still holds the lock: the next run takes it.
        // (It may die between recording the sync and naming it there.)
        expect(after.lock?.pid, where).toBe(monitor.pid);
        expect([newest.id, null], where).toContain(after.lock?.syncId);
        interrupted.push(newest.id);
      }
      expect(after.openKeys, where).toEqual(
        landing === 'after the commit' ? expected : before.openKeys,
      );
    }

    const final = await world.syncJson();
    expect(final.run.code, final.run.stderr).toBe(0);
    expect(final.report.sync.status).toBe('ok');
    const state = readState(world.statePath);
    expect(state.integrity).toBe('ok');
    expect(state.openKeys).toEqual(broken.expectedKeys(items));
    expect(state.lock).toBeNull();

    // Every interrupted sync, and only those, is recorded failed.
    const failed = state.syncs.filter((s) => s.status === 'failed');
    expect(failed.map((s) => s.id)).toEqual(interrupted);
    for (const sync of failed) {
      expect(sync.error).toMatch(/interrupted/);
      expect([sync.opened, sync.resolved]).toEqual([0, 0]);
    }
    expect(state.syncs.every((s) => ['ok', 'failed'].includes(s.status))).toBe(
      true,
    );
    console.info(
      `kill during sync (seed ${random.seed}): ${landings.length} kills; ` +
        Object.entries(countBy(landings))
          .map(([k, n]) => `${n} ${k}`)
          .join(', '),
    );
    expect(interrupted.length, 'no kill landed inside a sync').toBeGreaterThan(
      0,
    );
  }, 150_000);
});

describe('a monitor killed in the middle of every sync', () => {
  it('does not report its own crash loop as the warehouse recovering', async () => {
    const path = './state/crash-loop.db';
    const configPath = world.configVariant((text) =>
      text.replace(/^state: .*$/m, `state: ${path}`),
    );
    const sync = ['sync-now', '--json', '--no-notify'];
    expect((await world.run(sync, { configPath })).code).toBe(0);

    // Three runs in a row die while the warehouse holds them still: the
    // warehouse answers all along, the monitor does not.
    for (let crash = 0; crash < 3; crash += 1) {
      const lock = await lockCatalog(world);
      const monitor = world.spawn(sync, { configPath });
      await lock.waitForMonitor();
      await monitor.kill();
      await lock.release();
    }
    const run = await world.run(sync, { configPath });

    expect(run.code, run.stderr).toBe(0);
    const state = readState(join(world.dir, path));
    expect(state.syncs.map((s) => s.status)).toEqual([
      'ok',
      'failed',
      'failed',
      'failed',
      'ok',
    ]);
    expect(state.feedKinds).not.toContain('warehouse_recovered');
  }, 30_000);
});

// A kill leaves at most one new sync row: none (it died first), a
// `running` one (it died inside), or a finished one (it died after).
function landingOf(
  before: StateSnapshot,
  after: StateSnapshot,
  where: string,
): Landing {
  const lastBefore = before.syncs.at(-1)?.id ?? 0;
  const added = after.syncs.filter((s) => s.id > lastBefore);
  expect(added.length, where).toBeLessThanOrEqual(1);

  // Whoever began a new sync took the lock over first: nothing older
  // may still be running.
  const older = after.syncs.filter((s) => s.id <= lastBefore);
  if (added.length === 1) {
    expect(
      older.filter((s) => s.status === 'running'),
      where,
    ).toEqual([]);
  }
  const [sync] = added;
  if (sync === undefined) return 'before the sync began';
  if (sync.status === 'running') return 'inside the sync';
  expect(sync.status, where).toBe('ok');
  return 'after the commit';
}

/** When, after the spawn, a run began its sync and when it exited. */
interface RunPhases {
  readonly beginMs: number;
  readonly exitMs: number;
}

// The `sync finished` log line gives the sync's end and its length.
function phasesOf(run: MonitorRun): RunPhases {
  const line = run.stderr
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .map(
      (text) =>
        JSON.parse(text) as { msg?: string; time?: string; ms?: number },
    )
    .find((entry) => entry.msg === 'sync finished');
  const exitMs = run.endedAt - run.startedAt;
  if (line?.time === undefined || line.ms === undefined) {
    return { beginMs: exitMs / 2, exitMs };
  }
  const finishedMs = Date.parse(line.time) - run.startedAt;
  return { beginMs: finishedMs - line.ms, exitMs };
}

function medianPhases(phases: readonly RunPhases[]): RunPhases {
  const median = (values: number[]): number =>
    Math.round(
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0,
    );
  return {
    beginMs: median(phases.map((p) => p.beginMs)),
    exitMs: median(phases.map((p) => p.exitMs)),
  };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
