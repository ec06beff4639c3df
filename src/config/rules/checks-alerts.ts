/** Rules for `checks` and `alerts` (SPEC §4, §5, §6). */
import type { AlertsConfig, ChecksConfig } from '../types.js';
import type { Section } from '../section.js';
import { readCron } from './schedule.js';

const CHECKS_KEYS = [
  'confirm_after',
  'max_missing_ratio',
  'suspect_syncs_before_open',
  'max_probes',
  'primary_key_uniqueness',
  'primary_key_uniqueness_schedule',
];

const ALERTS_KEYS = [
  'failed_syncs_before_alert',
  'repeat_interval',
  'delivery_timeout',
  'max_attempts',
];

/** Reads `checks`, with the defaults of SPEC §9. */
export function readChecks(root: Section): ChecksConfig {
  const section = root.child('checks', CHECKS_KEYS);

  return {
    confirmAfter: section.integer('confirm_after', 1, 1),
    maxMissingRatio: section.ratio('max_missing_ratio', 0.5, 0, 1),
    suspectSyncsBeforeOpen: section.integer('suspect_syncs_before_open', 3, 1),
    maxProbes: section.integer('max_probes', 50, 0),
    primaryKeyUniqueness: section.boolean('primary_key_uniqueness', false),
    primaryKeyUniquenessSchedule: readCron(
      section,
      'primary_key_uniqueness_schedule',
      '0 3 * * *',
    ),
  };
}

/** Reads `alerts`; `repeat_interval: null` sends no reminders. */
export function readAlerts(root: Section): AlertsConfig {
  const section = root.child('alerts', ALERTS_KEYS);

  return {
    failedSyncsBeforeAlert: section.integer('failed_syncs_before_alert', 3, 1),
    // Reminders more often than once a minute would only be noise.
    repeatIntervalMs: section.nullableDuration('repeat_interval', null, 60_000),
    deliveryTimeoutMs: section.duration('delivery_timeout', 30_000),
    maxAttempts: section.integer('max_attempts', 8, 1),
  };
}
