import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/model/check.js';
import { openStateStore } from '../../src/state/sqlite-store.js';
import type { SqliteStateStore } from '../../src/state/store.js';
import { SyncLock } from '../../src/state/sync-lock.js';
import {
  buildChildren,
  startChild,
  type ChildBuild,
} from './support/children.js';
import {
  AFTER,
  BEFORE,
  beforeCrash,
  crashingSync,
} from './support/crash-scenario.js';
import { at, outcome } from './support/fixtures.js';
import { tempStatePath } from './support/temp-state.js';

let build: ChildBuild;
beforeAll(() => {
  build = buildChildren();
});
afterAll(() => build.remove());

describe('a sync killed with SIGKILL', () => {
  it.each(['ended', 'opened', 'baseline', 'history', 'sync'])(
    'inside its transaction (after a write to %s) loses and duplicates nothing',
    async (point) => {
      const path = prepare();

      const child = startChild(build, 'child-crash', [path, point]);
      await child.waitFor('stopped');
      child.process.kill('SIGKILL');
      expect(await child.exited).toBe('SIGKILL');

      const store = openStateStore(path);
      try {
        expect(integrity(store)).toBe('ok');
        expect(store.recentSyncs(5).map((s) => s.status)).toEqual([
          'running',
          'ok',
        ]);
        expect(openKeys(store)).toEqual(keysOf(BEFORE));
        expect(count(store, 'finding_occurrences')).toBe(2);
        expect(count(store, 'baseline_history')).toBe(0);

        const lock = new SyncLock(store, { heartbeatMs: 0 });
        expect(lock.tryAcquire()).toBe(true);
        const killed = store.recentSyncs(1)[0];
        expect(killed?.status).toBe('failed');
        expect(killed?.error).toMatch(/interrupted/);
        lock.release();

        expect(sync(store, crashingSync(), 20).summary).toMatchObject({
          opened: 2,
          worsened: 1,
          resolved: 1,
        });
        expect(openKeys(store)).toEqual(keysOf(AFTER));
        expect(count(store, 'finding_occurrences')).toBe(4);
        expect(count(store, 'baseline_history')).toBe(1);
      } finally {
        store.close();
      }
    },
  );

  it('after its commit keeps every finding exactly once', async () => {
    const path = prepare();

    const child = startChild(build, 'child-crash', [path, 'none']);
    await child.waitFor('finished');
    child.process.kill('SIGKILL');
    await child.exited;

    const store = openStateStore(path);
    try {
      expect(integrity(store)).toBe('ok');
      expect(store.recentSyncs(5).map((s) => s.status)).toEqual(['ok', 'ok']);
      expect(openKeys(store)).toEqual(keysOf(AFTER));
      expect(sync(store, crashingSync(), 20).summary.opened).toBe(0);
      expect(count(store, 'finding_occurrences')).toBe(4);
    } finally {
      store.close();
    }
  });
});

function prepare(): string {
  const path = tempStatePath();
  const store = openStateStore(path);
  sync(store, beforeCrash(), 1);
  store.close();
  return path;
}

function sync(store: SqliteStateStore, checked: CheckResult, minute: number) {
  const id = store.beginSync(at(minute - 1));
  return store.finishSync(id, outcome(checked, minute));
}

function integrity(store: SqliteStateStore): unknown {
  return store.database.pragma('integrity_check', { simple: true });
}

function openKeys(store: SqliteStateStore): string[] {
  return store.openFindings().map((f) => f.key);
}

function keysOf(list: readonly { key: string; severity: string }[]): string[] {
  return [...list]
    .sort((a, b) =>
      a.severity !== b.severity
        ? a.severity === 'definite'
          ? -1
          : 1
        : a.key < b.key
          ? -1
          : 1,
    )
    .map((o) => o.key);
}

function count(store: SqliteStateStore, table: string): number {
  return Number(
    store.database.prepare(`SELECT count(*) FROM ${table}`).pluck().get(),
  );
}
