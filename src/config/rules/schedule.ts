/** Rules for cron expressions and the time zone they run in. */
import { validateDetailed } from 'node-cron';
import { closestName, didYouMean } from '../../model/did-you-mean.js';
import { describe } from '../section.js';
import type { Section } from '../section.js';

/** A cron expression node-cron accepts (5 fields, or 6 with seconds). */
export function readCron(
  section: Section,
  key: string,
  fallback: string,
): string {
  const value = section.text(key);
  if (value === null) return fallback;

  const result = validateDetailed(value);
  if (result.valid) return value;

  const reasons = result.errors.map((e) => e.message).join('; ');
  section.report(
    key,
    `expected a cron expression like "*/15 * * * *", ` +
      `got ${describe(value)}${reasons === '' ? '' : ` (${reasons})`}`,
  );
  return fallback;
}

/** An IANA time zone (`Europe/Paris`, `UTC`), in its canonical spelling. */
export function readTimezone(
  section: Section,
  key: string,
  fallback: string,
): string {
  const value = section.text(key);
  if (value === null) return fallback;

  try {
    const format = new Intl.DateTimeFormat('en-US', { timeZone: value });
    return format.resolvedOptions().timeZone;
  } catch {
    const zones = ['UTC', ...Intl.supportedValuesOf('timeZone')];
    const hint =
      closestName(value, zones) === null
        ? ' (an IANA name like Europe/Paris or UTC)'
        : didYouMean(value, zones);
    section.report(key, `unknown time zone ${describe(value)}${hint}`);
    return fallback;
  }
}
