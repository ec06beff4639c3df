// SIGKILL while `monitor sync-now` delivers its alerts to a slow Slack
// peer, again and again at random points, then one run that delivers
// what is left: every message id is taken at least once, none is lost,
// and a message is repeated only when its sender died between the peer
// taking it and the outbox commit.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BrokenSet,
  chooseToggle,
  PRODUCTION_BREAKABLES,
} from './support/breakables.js';
import { createFaultWorld, type FaultWorld } from './support/fault-world.js';
import type { MonitorRun } from './support/monitor-process.js';
import { useSeededRandom } from './support/seeded-random.js';
import { readState } from './support/state-probe.js';
import {
  startTimedSlack,
  type TimedPost,
  type TimedSlackReceiver,
} from './support/timed-slack.js';

const KILLS = 12;
// The peer takes each post at once and answers this much later: the
// window in which a kill makes a repeat.
const PEER_DELAY_MS = 300;

let world: FaultWorld;
let slack: TimedSlackReceiver;

beforeAll(async () => {
  slack = await startTimedSlack({ delayMs: PEER_DELAY_MS });
  world = await createFaultWorld({
    extraConfig: [
      'alerts:',
      '  delivery_timeout: 5s',
      'notify:',
      '  slack:',
      '    webhook_url: ${SLACK_WEBHOOK_URL}',
    ].join('\n'),
    env: { SLACK_WEBHOOK_URL: slack.url },
  });
});

afterAll(async () => {
  await world?.close();
  await slack?.close();
});

describe('SIGKILL during delivery', () => {
  it('loses no alert and repeats one only after a kill between post and commit', async () => {
    const random = useSeededRandom('kill during delivery');
    const broken = new BrokenSet();
    const items = PRODUCTION_BREAKABLES;
    const baseline = await world.syncJson();
    expect(baseline.report.sync.status, baseline.run.stderr).toBe('ok');
    const calibration = await calibrate(broken);
    const runs: MonitorRun[] = [calibration.run];
    let window = calibration.window;
    let kills = 0;

    for (let round = 1; kills < KILLS; round += 1) {
      expect(round, 'too many runs ended before their kill').toBeLessThan(
        4 * KILLS,
      );
      await world.sql(
        'production',
        broken.toggle(chooseToggle(broken, items, random.pick)),
      );
      const delayMs = random.integer(window.fromMs, window.toMs);
      const monitor = world.spawn(['sync-now', '--json']);
      await sleep(delayMs);
      const run = await monitor.kill();
      runs.push(run);
      expect(readState(world.statePath).integrity).toBe('ok');
      if (run.signal === 'SIGKILL') kills += 1;
      else window = { ...window, toMs: run.endedAt - run.startedAt + 50 };
    }

    // A last sync (with its own alert, if the warehouse changed since the
    // last committed one) delivers what is left once the dead senders'
    // leases run out.
    const drain = world.configVariant((text) =>
      text.replace('delivery_timeout: 5s', 'delivery_timeout: 40s'),
    );
    const last = await world.run(['sync-now', '--json'], {
      configPath: drain,
    });
    expect(last.code, last.stderr).toBe(0);
    runs.push(last);

    const state = readState(world.statePath);
    expect(state.integrity).toBe('ok');
    expect(state.openKeys).toEqual(broken.expectedKeys(items));
    expect(state.outbox.filter((row) => row.status !== 'sent')).toEqual([]);
    const ids = state.outbox.map((row) => row.messageId);
    for (const sync of state.syncs) {
      // Every sync that changed something has its Slack message.
      if (sync.status === 'ok' && sync.opened + sync.resolved > 0) {
        expect(ids).toContain(`${sync.id}-slack`);
      }
    }
    const posted = new Set(slack.posts.map((post) => post.messageId));
    expect([...posted].sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const sent = state.deliveries.filter(
        (d) => d.messageId === id && d.outcome === 'sent',
      );
      expect(sent, id).toHaveLength(1);
    }

    const repeats = explainRepeats(slack.posts, runs);
    // A killed sender can leave at most its last post uncommitted.
    const killedAfterPost = runs.filter(
      (run) =>
        run.signal === 'SIGKILL' &&
        slack.posts.some((post) => senderOf(post, runs) === run),
    );
    console.info(
      `kill during delivery (seed ${random.seed}): ${kills} kills, ` +
        `${killedAfterPost.length} of them after the peer took a post; ` +
        `${ids.length} messages, ${slack.posts.length} posts, ` +
        `${repeats} repeats, each the last post of a killed sender`,
    );
    expect(repeats).toBeLessThanOrEqual(killedAfterPost.length);
  }, 120_000);
});

/** The part of a run, from its spawn, in which kills are drawn. */
interface KillWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

// One whole run shows when its first post goes out and when it exits:
// kills fall from just before the post to just after the exit.
async function calibrate(
  broken: BrokenSet,
): Promise<{ run: MonitorRun; window: KillWindow }> {
  const [item] = PRODUCTION_BREAKABLES;
  if (item === undefined) throw new Error('nothing to break');
  await world.sql('production', broken.toggle(item));
  const run = await world.run(['sync-now', '--json']);
  expect(run.code, run.stderr).toBe(0);
  const post = slack.posts.find((p) => p.receivedAt >= run.startedAt);
  if (post === undefined) throw new Error('the calibration run posted nothing');
  const postMs = post.receivedAt - run.startedAt;
  const exitMs = run.endedAt - run.startedAt;
  return {
    run,
    window: { fromMs: Math.max(0, postMs - 150), toMs: exitMs + 50 },
  };
}

/**
 * Checks every post that was repeated later: its sender must have been
 * killed, and after it that sender posted nothing more (a sender commits
 * one message before it claims the next). Returns the number of repeats.
 */
function explainRepeats(
  posts: readonly TimedPost[],
  runs: readonly MonitorRun[],
): number {
  let repeats = 0;
  posts.forEach((post, index) => {
    const sender = senderOf(post, runs);
    const isRepeatedLater = posts
      .slice(index + 1)
      .some((later) => later.messageId === post.messageId);
    if (!isRepeatedLater) return;
    repeats += 1;
    const intoRunMs = post.receivedAt - sender.startedAt;
    const where = `${post.messageId} posted ${intoRunMs} ms into a run`;
    expect(sender.signal, `${where} was repeated, but its sender lived`).toBe(
      'SIGKILL',
    );
    const laterBySameSender = posts
      .slice(index + 1)
      .filter((later) => senderOf(later, runs) === sender);
    expect(laterBySameSender, `${where}: its sender went on`).toEqual([]);
  });
  return repeats;
}

// Runs never overlap; a post may land just after its sender died.
function senderOf(post: TimedPost, runs: readonly MonitorRun[]): MonitorRun {
  const sender = runs.find(
    (run) =>
      post.receivedAt >= run.startedAt && post.receivedAt <= run.endedAt + 200,
  );
  if (sender === undefined) throw new Error(`no run sent ${post.messageId}`);
  return sender;
}
