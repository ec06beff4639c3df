// The daemon's schedule across daylight-saving changes, with the real
// node-cron 4 under fake timers: a daily sync runs once on every local
// day, never skipped and never doubled.
import cron from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scheduleSyncs } from '../../src/scheduler/sync-schedule.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

afterEach(() => {
  vi.useRealTimers();
});

describe('a daily schedule across the daylight-saving changes of 2026', () => {
  const cases: [string, string, string, string[]][] = [
    [
      'Europe/Berlin',
      '30 2 * * *',
      '2026-03-27T12:00:00Z',
      ['2026-03-28 02:30', '2026-03-29 03:00', '2026-03-30 02:30'],
    ],
    [
      'Europe/Berlin',
      '0 3 * * *',
      '2026-03-27T12:00:00Z',
      ['2026-03-28 03:00', '2026-03-29 03:00', '2026-03-30 03:00'],
    ],
    [
      'Europe/Berlin',
      '0 2 * * *',
      '2026-03-27T12:00:00Z',
      ['2026-03-28 02:00', '2026-03-29 03:00', '2026-03-30 02:00'],
    ],
    [
      'Europe/Berlin',
      '30 2 * * *',
      '2026-10-23T12:00:00Z',
      ['2026-10-24 02:30', '2026-10-25 02:30', '2026-10-26 02:30'],
    ],
    [
      'Europe/Berlin',
      '0 3 * * *',
      '2026-10-23T12:00:00Z',
      ['2026-10-24 03:00', '2026-10-25 03:00', '2026-10-26 03:00'],
    ],
    [
      'America/New_York',
      '30 2 * * *',
      '2026-03-06T12:00:00Z',
      ['2026-03-07 02:30', '2026-03-08 03:00', '2026-03-09 02:30'],
    ],
    [
      'America/New_York',
      '0 3 * * *',
      '2026-03-06T12:00:00Z',
      ['2026-03-07 03:00', '2026-03-08 03:00', '2026-03-09 03:00'],
    ],
    [
      'America/New_York',
      '30 2 * * *',
      '2026-10-30T12:00:00Z',
      ['2026-10-31 02:30', '2026-11-01 02:30', '2026-11-02 02:30'],
    ],
    [
      'America/New_York',
      '30 1 * * *',
      '2026-10-30T12:00:00Z',
      ['2026-10-31 01:30', '2026-11-01 01:30', '2026-11-02 01:30'],
    ],
    [
      'America/New_York',
      '0 3 * * *',
      '2026-10-30T12:00:00Z',
      ['2026-10-31 03:00', '2026-11-01 03:00', '2026-11-02 03:00'],
    ],
  ];

  it.each(cases)(
    'in %s, "%s" from %s runs once a day, at the change when skipped',
    async (timezone, expression, start, expected) => {
      const ticks = await collectTicks(expression, timezone, start, 3 * DAY);

      expect(ticks).toEqual(expected);
    },
  );

  it('runs every local day of 2026 exactly once in both zones', async () => {
    for (const timezone of ['Europe/Berlin', 'America/New_York']) {
      const ticks = await collectTicks(
        '30 2 * * *',
        timezone,
        '2026-01-01T12:00:00Z',
        365 * DAY,
      );
      const days = ticks.map((tick) => tick.slice(0, 10));

      expect(days).toHaveLength(365);
      expect(new Set(days).size).toBe(365);
      expect(ticks.filter((tick) => !tick.endsWith('02:30'))).toEqual(
        timezone === 'Europe/Berlin'
          ? ['2026-03-29 03:00']
          : ['2026-03-08 03:00'],
      );
    }
  }, 60_000);

  it('shows why the guard exists: node-cron 4 alone skips 02:30 on the spring change', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-27T12:00:00Z') });
    const ticks: string[] = [];
    const task = cron.schedule(
      '30 2 * * *',
      () => void ticks.push(wallClock(Date.now(), 'Europe/Berlin')),
      { timezone: 'Europe/Berlin' },
    );

    await vi.advanceTimersByTimeAsync(3 * DAY);
    task.destroy();

    expect(ticks).toEqual(['2026-03-28 02:30', '2026-03-30 02:30']);
  });
});

describe('a frequent schedule across the spring change', () => {
  it('runs at the change once, not once for the skipped and once for the new time', async () => {
    const ticks = await collectTicks(
      '*/30 * * * *',
      'Europe/Berlin',
      '2026-03-29T00:10:00Z',
      HOUR + 30 * 60_000,
    );

    expect(ticks).toEqual([
      '2026-03-29 01:30',
      '2026-03-29 03:00',
      '2026-03-29 03:30',
    ]);
  });
});

describe('a tick that fires late', () => {
  it('still runs once when the process was blocked past several ticks', async () => {
    // Only Date is fake: node-cron's timer is real and fires after the
    // clock has jumped, as after a blocked event loop or a suspended host.
    vi.useFakeTimers({
      toFake: ['Date'],
      now: new Date('2026-05-06T02:14:59.900Z'),
    });
    let ticks = 0;
    const schedule = scheduleSyncs('*/15 * * * *', 'UTC', () => (ticks += 1));

    vi.setSystemTime(new Date('2026-05-06T02:45:10Z'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    schedule.stop();

    expect(ticks).toBe(1);
  });
});

async function collectTicks(
  expression: string,
  timezone: string,
  start: string,
  ms: number,
): Promise<string[]> {
  vi.useFakeTimers({ now: new Date(start) });
  const ticks: string[] = [];
  const schedule = scheduleSyncs(expression, timezone, () => {
    ticks.push(wallClock(Date.now(), timezone));
  });

  await vi.advanceTimersByTimeAsync(ms);
  schedule.stop();
  return ticks;
}

// `2026-03-29 03:00` as a clock on the wall in `timezone` shows it.
function wallClock(instant: number, timezone: string): string {
  return new Date(instant)
    .toLocaleString('sv-SE', { timeZone: timezone })
    .slice(0, 16);
}
