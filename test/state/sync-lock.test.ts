import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_MIGRATIONS } from '../../src/state/schema-core.js';
import { OUTBOX_MIGRATIONS } from '../../src/state/schema-outbox.js';
import { SyncLock, type SyncLockOptions } from '../../src/state/sync-lock.js';
import {
  buildChildren,
  startChild,
  type ChildBuild,
} from './support/children.js';
import { at } from './support/fixtures.js';
import { freshStore, tempStatePath } from './support/temp-state.js';

let build: ChildBuild;
beforeAll(() => {
  build = buildChildren();
});
afterAll(() => build.remove());

/** A clock tests move by hand; `sleep` moves it too. */
function manualClock(start = at(0)) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('SyncLock in one process', () => {
  it('lets one holder in and keeps a live one from being taken over', () => {
    const path = tempStatePath();
    const first = new SyncLock(freshStore(path), { heartbeatMs: 0 });
    const second = new SyncLock(freshStore(path), { heartbeatMs: 0 });

    expect(first.tryAcquire()).toBe(true);
    expect(second.tryAcquire()).toBe(false);
    first.release();
    expect(second.tryAcquire()).toBe(true);
    expect(first.isHeld).toBe(false);
  });

  it('takes over a lock whose heartbeat is older than 30 s and fails its sync', () => {
    const path = tempStatePath();
    const clock = manualClock();
    const elsewhere: SyncLockOptions = {
      ...clock,
      heartbeatMs: 0,
      host: 'other-host',
      pid: 4242,
    };
    const holderStore = freshStore(path);
    const holder = new SyncLock(holderStore, elsewhere);
    const taker = new SyncLock(freshStore(path), { ...clock, heartbeatMs: 0 });
    holder.tryAcquire();
    const syncId = holderStore.beginSync(clock.now());
    holder.attachSync(syncId);

    clock.advance(29_000);
    expect(taker.tryAcquire()).toBe(false);
    expect(holder.heartbeat()).toBe(true);
    clock.advance(30_001);
    expect(taker.tryAcquire()).toBe(true);

    const sync = holderStore.recentSyncs(1)[0];
    expect(sync?.status).toBe('failed');
    expect(sync?.error).toContain('pid 4242 on other-host');
    expect(holder.heartbeat()).toBe(false);
    expect(holder.isHeld).toBe(false);
    holder.release();
    expect(holderStore.readLock()?.host).not.toBe('other-host');
  });

  it('gives up waiting after its timeout', async () => {
    const path = tempStatePath();
    const clock = manualClock();
    new SyncLock(freshStore(path), { ...clock, heartbeatMs: 0 }).tryAcquire();
    const waiter = new SyncLock(freshStore(path), {
      ...clock,
      heartbeatMs: 0,
      pollMs: 1000,
    });

    expect(await waiter.waitFor(10_000)).toBe(false);
    expect(clock.now().getTime() - at(0).getTime()).toBe(10_000);
  });

  it('refreshes its heartbeat on its own while held', async () => {
    const store = freshStore();
    const lock = new SyncLock(store, { heartbeatMs: 20 });
    lock.tryAcquire();
    const first = store.readLock()?.heartbeatAt;

    await new Promise((done) => setTimeout(done, 120));

    expect(store.readLock()?.heartbeatAt).not.toBe(first);
    lock.release();
    expect(store.readLock()).toBeNull();
  });
});

describe('SyncLock across processes', () => {
  it('never lets two processes hold it at once', async () => {
    const path = tempStatePath();
    freshStore(path);

    const children = [1, 2].map(() =>
      startChild(build, 'child-lock', ['contend', path, '5', '30']),
    );
    await Promise.all(children.map((c) => c.waitFor('done', 25_000)));

    const store = freshStore(path);
    expect(
      store.database.prepare('SELECT n FROM test_counter').pluck().get(),
    ).toBe(10);
    const spans = children
      .flatMap((c) => {
        const got = c.events.filter((e) => e.event === 'acquired');
        const left = c.events.filter((e) => e.event === 'releasing');
        return got.map((e, i) => [Number(e.at), Number(left[i]?.at)] as const);
      })
      .sort((a, b) => a[0] - b[0]);
    expect(spans).toHaveLength(10);
    for (let i = 1; i < spans.length; i += 1) {
      expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
    }
  });

  it('lets several processes create and migrate a new state file at once', async () => {
    const path = tempStatePath();

    const children = [1, 2, 3].map(() =>
      startChild(build, 'child-lock', ['open', path]),
    );

    expect(await Promise.all(children.map((c) => c.exited))).toEqual([0, 0, 0]);
    const store = freshStore(path);
    const applied = store.database
      .prepare('SELECT count(*) FROM schema_migrations')
      .pluck()
      .get();
    expect(applied).toBe(CORE_MIGRATIONS.length + OUTBOX_MIGRATIONS.length);
  });

  it('takes over at once from a process that was killed, failing its sync', async () => {
    const path = tempStatePath();
    const store = freshStore(path);
    const lock = new SyncLock(store, { heartbeatMs: 0 });
    const child = startChild(build, 'child-lock', ['hold', path]);
    const held = await child.waitFor('held');

    expect(lock.tryAcquire()).toBe(false);
    child.process.kill('SIGKILL');
    await child.exited;
    expect(lock.tryAcquire()).toBe(true);

    const sync = store.recentSyncs(1)[0];
    expect(sync?.id).toBe(held.syncId);
    expect(sync?.status).toBe('failed');
    expect(sync?.error).toContain(`pid ${String(held.pid)}`);
    lock.release();
  });
});
