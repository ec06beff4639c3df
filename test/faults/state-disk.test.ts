// The state file cannot be written: its folder (or the file too) is
// read-only, or the disk fills up. Each gives one clear message and exit
// 1, never a stack trace, and leaves the state as it was.
//
// The tests run as root here, and root writes through permission bits:
// the monitor runs without CAP_DAC_OVERRIDE (setpriv) so that read-only
// means read-only. A full disk is a file-size limit (`ulimit -f`, or
// `prlimit` on the running process): no small filesystem can be mounted
// here, and filling a shared one would hurt every other process. SQLite
// then meets EFBIG rather than ENOSPC and says "disk I/O error" rather
// than "database or disk is full"; the code paths are the same.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../e2e/support/daemon.js';
import {
  BrokenSet,
  chooseToggle,
  PRODUCTION_BREAKABLES,
} from './support/breakables.js';
import { createFaultWorld, type FaultWorld } from './support/fault-world.js';
import type { MonitorRun } from './support/monitor-process.js';
import { useSeededRandom } from './support/seeded-random.js';
import { readState, settleState } from './support/state-probe.js';
import {
  startTimedSlack,
  type TimedSlackReceiver,
} from './support/timed-slack.js';

let world: FaultWorld;
let slack: TimedSlackReceiver;
const broken = new BrokenSet();
const items = PRODUCTION_BREAKABLES;

beforeAll(async () => {
  slack = await startTimedSlack({ delayMs: 200 });
  const port = await findFreePort();
  world = await createFaultWorld({
    extraConfig: [
      'notify:',
      '  slack:',
      '    webhook_url: ${SLACK_WEBHOOK_URL}',
      'server:',
      `  listen: 127.0.0.1:${port}`,
    ].join('\n'),
    env: { SLACK_WEBHOOK_URL: slack.url },
  });
  const first = await world.syncJson();
  expect(first.report.sync.status, first.run.stderr).toBe('ok');
});

afterAll(async () => {
  await world?.close();
  await slack?.close();
});

describe('a read-only state', () => {
  it.each([
    ['its folder is read-only', { isFileReadOnly: false }],
    ['it and its folder are read-only', { isFileReadOnly: true }],
  ])(
    'stops sync-now with one clear message and exit 1 when %s, changing nothing',
    async (_, { isFileReadOnly }) => {
      await toggleOne();
      const before = readState(world.statePath);
      // Reading left -wal and -shm files, which a read-only folder would
      // keep usable; a monitor that stopped cleanly leaves none.
      settleState(world.statePath);

      const run = await asReadOnly(isFileReadOnly, () =>
        world.run(['sync-now', '--json', '--no-notify'], {
          isUnprivileged: true,
        }),
      );

      expectOneClearMessage(run, world.statePath);
      expect(run.stdout).toBe('');
      const after = readState(world.statePath);
      expect(after.integrity).toBe('ok');
      expect(after.syncs).toEqual(before.syncs);
      expect(after.openKeys).toEqual(before.openKeys);
      await expectCorrectSync();
    },
  );

  it('refuses a new state file in a read-only folder with one clear message', async () => {
    const path = join(dirname(world.statePath), 'new.db');
    const configPath = world.configVariant((text) =>
      text.replace(/^state: .*$/m, `state: ${path}`),
    );

    const run = await asReadOnly(false, () =>
      world.run(['sync-now', '--json', '--no-notify'], {
        isUnprivileged: true,
        configPath,
      }),
    );

    expectOneClearMessage(run, path);
    expect(existsSync(path)).toBe(false);
  });

  it('stops the daemon at start-up with one clear message and exit 1', async () => {
    settleState(world.statePath);

    const run = await asReadOnly(false, () =>
      world.run(['start'], { isUnprivileged: true }),
    );

    expectOneClearMessage(run, world.statePath);
    expect(run.endedAt - run.startedAt).toBeLessThan(10_000);
    expect(readState(world.statePath).integrity).toBe('ok');
  });
});

describe('a full disk', () => {
  it('stops a sync at any write with one clear message, keeping the state whole', async () => {
    const random = useSeededRandom('full disk');
    const outcomes: string[] = [];

    for (let round = 1; round <= 8; round += 1) {
      await toggleOne(random.pick);
      const before = readState(world.statePath);
      const expected = broken.expectedKeys(items);
      // From too small to open the state to enough for a whole sync.
      const limitKb = random.integer(16, 200);
      const where = `round ${round}, ulimit -f ${limitKb} (seed ${random.seed})`;

      const run = await world.run(['sync-now', '--json', '--no-notify'], {
        fileSizeLimitKb: limitKb,
      });

      const after = readState(world.statePath);
      expect(after.integrity, where).toBe('ok');
      expect(after.doubleOpen, where).toEqual([]);
      // A write after the sync's commit (the lock's release) may fail
      // too: then the sync counts, and the run still says what failed.
      const newest = after.syncs.at(-1);
      const isCommitted =
        after.syncs.length > before.syncs.length && newest?.status === 'ok';
      if (run.code !== 0) expectOneClearMessage(run, world.statePath, where);
      expect(run.code === 0 ? isCommitted : true, where).toBe(true);
      expect(after.openKeys, where).toEqual(
        isCommitted ? expected : before.openKeys,
      );
      const failed = /: cannot ([^(]+?) \(/.exec(run.stderr)?.[1];
      outcomes.push(run.code === 0 ? 'ok' : `cannot ${failed ?? '?'}`);
    }

    console.info(`full disk (seed ${random.seed}): ${outcomes.join(', ')}`);
    await expectCorrectSync();
  }, 60_000);

  it('says one clear thing and keeps the alert when the disk fills during a send', async () => {
    await toggleOne();
    const monitor = world.spawn(['sync-now', '--json']);
    // The sync is committed and the post is on the wire: the disk fills
    // before the monitor can note that Slack took it.
    slack.onPost(() => {
      const wal = statSync(`${world.statePath}-wal`).size;
      execFileSync('prlimit', [
        `--pid=${monitor.pid}`,
        `--fsize=${wal}:unlimited`,
      ]);
    });
    let run: MonitorRun;
    try {
      run = await monitor.result;
    } finally {
      slack.onPost(null);
    }

    expectOneClearMessage(run, world.statePath);
    const state = readState(world.statePath);
    expect(state.integrity).toBe('ok');
    expect(state.outbox.at(-1)).toMatchObject({ status: 'pending' });
    expect(state.openKeys).toEqual(broken.expectedKeys(items));
  });
});

const first = <T>(choices: readonly T[]): T => choices[0] as T;

async function toggleOne(
  pick: <T>(choices: readonly T[]) => T = first,
): Promise<void> {
  const item = chooseToggle(broken, items, pick);
  await world.sql('production', broken.toggle(item));
}

async function expectCorrectSync(): Promise<void> {
  const { run, report } = await world.syncJson();
  expect(run.code, run.stderr).toBe(0);
  expect(report.sync.status).toBe('ok');
  const state = readState(world.statePath);
  expect(state.integrity).toBe('ok');
  expect(state.openKeys).toEqual(broken.expectedKeys(items));
}

// One line for the user, naming the file; logs are JSON lines.
function expectOneClearMessage(
  run: MonitorRun,
  statePath: string,
  where = '',
): void {
  const said = run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('{'));
  expect(run.code, `${where} ${run.stderr}`).toBe(1);
  expect(said, `${where} ${run.stderr}`).toHaveLength(1);
  expect(said[0]).toMatch(new RegExp(`^monitor: state file ${statePath}: `));
  expect(run.stderr).not.toMatch(/this is a bug|\n\s+at /);
}

// The folder (and the file) read-only while `work` runs, then restored.
async function asReadOnly<T>(
  isFileReadOnly: boolean,
  work: () => Promise<T>,
): Promise<T> {
  const folder = dirname(world.statePath);
  chmodSync(folder, 0o555);
  if (isFileReadOnly) chmodSync(world.statePath, 0o444);
  try {
    return await work();
  } finally {
    chmodSync(folder, 0o755);
    chmodSync(world.statePath, 0o644);
  }
}
