// The daemon's single-flight trigger, alone and driven by the real
// node-cron schedule under fake timers: no overlapping syncs, one catch-up
// for any number of ticks missed during a long sync, and a failed sync
// that does not stop the ticks after it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SyncReport } from '../../src/model/sync.js';
import { scheduleSyncs } from '../../src/scheduler/sync-schedule.js';
import { SyncTrigger, type SyncRun } from '../../src/scheduler/sync-trigger.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('SyncTrigger', () => {
  it('never runs two syncs at once and runs ticks missed meanwhile once', async () => {
    const syncs = new ControlledSyncs();
    const trigger = new SyncTrigger(syncs.run, syncs.onError);

    trigger.tick();
    trigger.tick();
    trigger.tick();
    expect(syncs.started).toBe(1);

    await syncs.finish(0);
    expect(syncs.started).toBe(2);
    await syncs.finish(1);
    await trigger.idle();

    expect(syncs.started).toBe(2);
    expect(syncs.mostAtOnce).toBe(1);
  });

  it('keeps ticking after a sync fails', async () => {
    const syncs = new ControlledSyncs();
    const trigger = new SyncTrigger(syncs.run, syncs.onError);

    trigger.tick();
    await syncs.fail(0, new Error('warehouse exploded'));
    trigger.tick();
    await syncs.finish(1);

    expect(syncs.errors.map(String)).toEqual(['Error: warehouse exploded']);
    expect(syncs.started).toBe(2);
  });

  it('answers a request with the new sync id, and with null while one runs', async () => {
    const syncs = new ControlledSyncs();
    const trigger = new SyncTrigger(syncs.run, syncs.onError);

    const first = await trigger.request();
    const second = await trigger.request();
    await syncs.finish(0);

    expect([first, second]).toEqual([1, null]);
    expect(trigger.isRunning).toBe(false);
  });

  it('starts no catch-up sync once closed, as a stopping daemon needs', async () => {
    const syncs = new ControlledSyncs();
    const trigger = new SyncTrigger(syncs.run, syncs.onError);

    trigger.tick();
    trigger.tick();
    trigger.close();
    await syncs.finish(0);
    trigger.tick();

    expect(syncs.started).toBe(1);
    expect(await trigger.request()).toBeNull();
  });
});

describe('the schedule driving the trigger', () => {
  it('runs one catch-up after a sync that outlasted eight ticks', async () => {
    vi.useFakeTimers({ now: new Date('2026-05-06T00:05:00Z') });
    const syncs = new ControlledSyncs();
    const trigger = new SyncTrigger(syncs.run, syncs.onError);
    const schedule = scheduleSyncs('*/15 * * * *', 'UTC', () => trigger.tick());

    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(syncs.startTimes).toEqual(['00:15']);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    expect(syncs.started).toBe(1);

    await syncs.finish(0);
    expect(syncs.startTimes).toEqual(['00:15', '02:15']);
    await syncs.finish(1);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    schedule.stop();

    expect(syncs.startTimes).toEqual(['00:15', '02:15', '02:30']);
    expect(syncs.mostAtOnce).toBe(1);
  });

  it('keeps the schedule after a failed sync', async () => {
    vi.useFakeTimers({ now: new Date('2026-05-06T00:05:00Z') });
    const syncs = new ControlledSyncs({ failEvery: 2 });
    const trigger = new SyncTrigger(syncs.run, syncs.onError);
    const schedule = scheduleSyncs('0 * * * *', 'UTC', () => trigger.tick());

    await vi.advanceTimersByTimeAsync(6 * 3_600_000);
    schedule.stop();

    expect(syncs.startTimes).toEqual([
      '01:00',
      '02:00',
      '03:00',
      '04:00',
      '05:00',
      '06:00',
    ]);
    expect(syncs.errors).toHaveLength(3);
  });
});

// Syncs that end when the test says so (or at once, with `failEvery`).
class ControlledSyncs {
  readonly errors: unknown[] = [];
  readonly startTimes: string[] = [];
  readonly #ends: { resolve(): void; reject(error: unknown): void }[] = [];
  #active = 0;
  mostAtOnce = 0;

  constructor(private readonly options: { failEvery?: number } = {}) {}

  get started(): number {
    return this.startTimes.length;
  }

  readonly onError = (error: unknown): void => void this.errors.push(error);

  readonly run: SyncRun = (onBegin) => {
    const id = this.startTimes.length + 1;
    this.startTimes.push(new Date().toISOString().slice(11, 16));
    this.#active += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.#active);
    onBegin(id);

    const { failEvery } = this.options;
    const ended = new Promise<void>((resolve, reject) => {
      this.#ends.push({ resolve, reject });
      if (failEvery === undefined) return;
      if (id % failEvery === 0) reject(new Error(`sync ${id} failed`));
      else resolve();
    });
    return ended.then(
      () => this.#end(report(id)),
      (error: unknown) => {
        this.#end(null);
        throw error;
      },
    );
  };

  async finish(index: number): Promise<void> {
    this.#ends[index]?.resolve();
    await settle();
  }

  async fail(index: number, error: Error): Promise<void> {
    this.#ends[index]?.reject(error);
    await settle();
  }

  #end<T>(value: T): T {
    this.#active -= 1;
    return value;
  }
}

function report(id: number): SyncReport {
  const at = new Date().toISOString();
  return {
    sync: {
      id,
      status: 'ok',
      startedAt: at,
      finishedAt: at,
      error: null,
      metadataQueries: 0,
      unknown: [],
    },
    findings: [],
    summary: {
      open: { definite: 0, potential: 0 },
      opened: 0,
      worsened: 0,
      resolved: 0,
    },
  };
}

// Lets the trigger's promise chain run to its next step.
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
