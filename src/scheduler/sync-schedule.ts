/**
 * The daemon's cron: node-cron ticks in the configured time zone, guarded
 * against two ways node-cron 4 loses a tick.
 *
 * - A wall-clock time that a spring-forward change skips (02:30 on
 *   2026-03-29 in Europe/Berlin) never matches in node-cron, so a daily
 *   "30 2 * * *" would have no sync that day. Here it runs once at the
 *   change instead, as classic cron does. Fall-back changes need nothing:
 *   node-cron runs a repeated wall-clock time once.
 * - node-cron drops a tick that fires more than a second late (a blocked
 *   event loop, a suspended host). Here the latest late tick still runs,
 *   once; earlier ones it overtook are dropped, as a sync catches up.
 */
import cron from 'node-cron';

/** A running schedule. */
export interface SyncSchedule {
  /** The next time node-cron itself will tick, or null when stopped. */
  nextRun(): Date | null;
  stop(): void;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Calls `onTick` at each time `expression` names in `timezone`. */
export function scheduleSyncs(
  expression: string,
  timezone: string,
  onTick: () => void,
  name = 'sync',
): SyncSchedule {
  const task = cron.schedule(expression, () => onTick(), {
    timezone,
    name,
    missedExecutionTolerance: Number.MAX_SAFE_INTEGER,
    suppressMissedWarning: true,
  });
  // Matched in UTC, the expression reads a wall-clock time as written.
  const wallClock = cron.createTask(expression, () => undefined, {
    timezone: 'UTC',
  });
  const step = expression.trim().split(/\s+/).length === 6 ? 1000 : MINUTE;
  let timer: NodeJS.Timeout | undefined;

  const plan = (): void => {
    const now = Date.now();
    const next = task.getNextRun()?.getTime() ?? now + DAY;
    const end = Math.min(next, now + DAY);
    const gap = findSkippedRun(
      now,
      end,
      timezone,
      step,
      (wall, at) =>
        wallClock.match(new Date(wall)) && !task.match(new Date(at)),
    );
    timer = setTimeout(
      () => {
        if (gap !== null) onTick();
        plan();
      },
      (gap ?? end) - now,
    );
  };
  plan();

  return {
    nextRun: () => task.getNextRun(),
    stop: () => {
      clearTimeout(timer);
      task.destroy();
      wallClock.destroy();
    },
  };
}

/**
 * The instant a spring-forward change in (from, to] skips a wall-clock
 * time that `isDue(wallClockMs, changeMs)` accepts, or null.
 */
export function findSkippedRun(
  from: number,
  to: number,
  timezone: string,
  step: number,
  isDue: (wallClockMs: number, changeMs: number) => boolean,
): number | null {
  const before = offsetAt(from, timezone);
  const after = offsetAt(to, timezone);
  if (after <= before) return null;

  // The first minute with the new offset: changes fall on whole minutes.
  let low = Math.floor(from / MINUTE);
  let high = Math.ceil(to / MINUTE);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(middle * MINUTE, timezone) === before) low = middle;
    else high = middle;
  }
  const change = high * MINUTE;

  for (let wall = change + before; wall < change + after; wall += step) {
    if (isDue(wall, change)) return change > from ? change : null;
  }
  return null;
}

const formats = new Map<string, Intl.DateTimeFormat>();

// Milliseconds to add to an instant to read its wall-clock time in `zone`.
function offsetAt(instant: number, zone: string): number {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, format);
  }
  const whole = Math.floor(instant / 1000) * 1000;
  const parts = format.formatToParts(whole);
  const part = (type: string): number =>
    Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - whole;
}
