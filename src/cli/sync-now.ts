/** `monitor sync-now`: one sync now, its alerts, its report. */
import type { MonitorConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import { isStateFileError, StateError } from '../model/errors.js';
import type { FindingReport, Severity } from '../model/finding.js';
import type { SyncReport } from '../model/sync.js';
import { MonitorSession } from '../scheduler/monitor-session.js';
import { EXIT_FAILURE, EXIT_FINDINGS } from './exit-codes.js';
import { formatSyncReport } from './format-report.js';
import { loadContext } from './load-context.js';
import type { CommonOptions } from './main.js';
import { printable } from '../model/printable.js';

interface SyncNowOptions extends CommonOptions {
  readonly json?: boolean;
  /** Commander's `--no-notify` sets this false. */
  readonly notify?: boolean;
  readonly failOn?: Severity;
}

/** Runs one sync, delivers its alerts, prints the report. */
export async function runSyncNow(options: SyncNowOptions): Promise<number> {
  const { config, graph, logger } = await loadContext(options);
  const session = new MonitorSession({ config, graph }, logger);

  try {
    const report = await session.sync({
      notify: options.notify !== false,
      waitMs: 2 * config.warehouse.queryTimeoutMs,
      // An explicit sync is a good moment for the costlier data check.
      checkPrimaryKeys: config.checks.primaryKeyUniqueness,
    });

    // The report is printed first: a delivery that fails must not hide it.
    print(report, options.json === true);
    if (options.notify !== false) await deliver(session, config, logger);

    // With --json the report is on stdout for machines; say it for people.
    if (report.sync.status !== 'ok' && options.json === true) {
      // The report says it too; this line is for people and CI logs.
      const id = report.sync.id === null ? '' : ` ${report.sync.id}`;
      const why = report.sync.error ? `: ${report.sync.error}` : '';
      process.stderr.write(
        printable(`monitor: sync${id} ${report.sync.status}${why}`) + '\n',
      );
    }
    return exitCodeOf(report, options.failOn);
  } finally {
    session.close();
  }
}

function print(report: SyncReport, isJson: boolean): void {
  const text = isJson
    ? JSON.stringify(report, null, 2) + '\n'
    : formatSyncReport(report);
  process.stdout.write(text);
}

/** SPEC §7: 1 for any sync that is not ok, then 3 for `--fail-on`. */
export function exitCodeOf(
  report: SyncReport,
  failOn: Severity | undefined,
): number {
  if (report.sync.status !== 'ok') return EXIT_FAILURE;
  if (failOn && hasOpenAtOrAbove(report.findings, failOn)) return EXIT_FINDINGS;
  return 0;
}

/** Open findings, acknowledged and snoozed included, at the severity. */
export function hasOpenAtOrAbove(
  findings: readonly FindingReport[],
  failOn: Severity,
): boolean {
  return findings.some(
    (f) =>
      f.status === 'open' &&
      (failOn === 'potential' || f.severity === 'definite'),
  );
}

// Deliver before exiting; what stays pending is the daemon's job.
async function deliver(
  session: MonitorSession,
  config: MonitorConfig,
  logger: Logger,
): Promise<void> {
  const deadline = Date.now() + config.alerts.deliveryTimeoutMs;
  let delivered;
  try {
    delivered = await session.delivery.deliverUntil(deadline);
  } catch (error) {
    if (!isStateFileError(error)) throw error;
    const text = error instanceof Error ? error.message : String(error);
    throw new StateError(
      `state file ${config.statePath}: cannot record a delivery (${text}); ` +
        'the alert stays pending: check the disk has space and the state ' +
        'folder is writable',
      { cause: error },
    );
  }
  if (delivered.pending > 0) {
    logger.warn({ pending: delivered.pending }, 'alerts still pending');
  }
}
