/** When `alerts.repeat_interval` asks to remind of open findings; pure. */
import type { FindingReport } from '../src/model/finding.js';

/** The settings and history a reminder depends on. */
export interface ReminderContext {
  /** `alerts.repeat_interval`; null: no reminders. */
  readonly repeatIntervalMs: number | null;
  /** When the last reminder went out; null: never. */
  readonly lastReminderAt: string | null;
}

/** Open, unacknowledged, unsnoozed definite findings opened before now. */
export function remindable(
  findings: readonly FindingReport[],
  now: string,
): FindingReport[] {
  const at = Date.parse(now);
  return findings.filter(
    (f) =>
      f.status === 'open' &&
      !f.new &&
      f.severity === 'definite' &&
      !f.acknowledged &&
      (f.snoozedUntil === null || Date.parse(f.snoozedUntil) <= at),
  );
}

/**
 * True when a whole interval has passed since the last reminder, and since
 * the oldest finding to remind of opened (its own alert was the first word).
 */
export function isReminderDue(
  findings: readonly FindingReport[],
  context: ReminderContext,
  now: string,
): boolean {
  if (context.repeatIntervalMs === null) return false;
  const eligible = remindable(findings, now);
  if (eligible.length === 0) return false;

  const earliest = Math.min(...eligible.map((f) => Date.parse(f.firstSeenAt)));
  const last =
    context.lastReminderAt === null ? 0 : Date.parse(context.lastReminderAt);
  return Math.max(earliest, last) + context.repeatIntervalMs <= Date.parse(now);
}
