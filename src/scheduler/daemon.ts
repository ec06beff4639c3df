/**
 * `monitor start`: the scheduler, the HTTP server, the outbox worker and
 * live reload around one MonitorSession. Stops within seconds of
 * SIGTERM/SIGINT, cancelling a running sync (recorded `failed`).
 */
import { createMetrics } from '../metrics.js';
import type { Logger } from '../log.js';
import type { SyncReport } from '../model/sync.js';
import {
  startHttpServer,
  type RunningHttpServer,
} from '../server/http-server.js';
import { createDaemonApi } from './daemon-api.js';
import { MonitorSession, type MonitorSetup } from './monitor-session.js';
import { watchForReload, type ReloadWatch } from './reload.js';
import { scheduleSyncs } from './sync-schedule.js';
import { SyncTrigger } from './sync-trigger.js';

/** How the daemon finds its setup again on reload. */
export interface DaemonOptions {
  readonly setup: MonitorSetup;
  readonly logger: Logger;
  /** Reads and checks config, graph and consumers again. */
  readonly reload: (previous: MonitorSetup) => Promise<MonitorSetup>;
}

/** A running daemon. */
export interface Daemon {
  readonly url: string;
  /** Cancels a running sync, stops everything, closes the state. */
  stop(): Promise<void>;
  /** Resolves when the running sync, if any, is done (tests). */
  idle(): Promise<void>;
}

/** Starts the daemon; a failed start-up sync does not stop it. */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { logger } = options;
  const metrics = createMetrics();
  const stopping = new AbortController();
  let syncAbort = new AbortController();
  // Set by the primary key schedule; the next sync runs that check.
  let isKeyCheckDue = false;

  const session = new MonitorSession(options.setup, logger, {
    onAttempt: (event) =>
      metrics.recordDelivery(
        event.channel,
        event.outcome === 'sent' ? 'sent' : 'failed',
        event.reason === 'lost' ? null : event.reason,
      ),
  });

  const runOnce = async (
    onBegin: (id: number) => void,
  ): Promise<SyncReport> => {
    syncAbort = new AbortController();
    const started = Date.now();
    const checkPrimaryKeys = isKeyCheckDue;
    isKeyCheckDue = false;
    const report = await session.sync({
      checkPrimaryKeys,
      notify: true,
      waitMs: 2 * session.setup.config.warehouse.queryTimeoutMs,
      signal: AbortSignal.any([syncAbort.signal, stopping.signal]),
      onBegin,
    });
    // A sync that could not start still owes the key check.
    if (report.sync.status === 'busy') isKeyCheckDue ||= checkPrimaryKeys;
    metrics.recordSync(report, Date.now() - started);
    pruneState(session, logger);
    return report;
  };
  const trigger = new SyncTrigger(runOnce, (error) =>
    logger.error({ err: String(error) }, 'sync crashed'),
  );

  const server = await startServer(session, trigger, metrics, logger);
  const onKeyCheckDue = (): void => {
    isKeyCheckDue = true;
    trigger.tick();
  };
  let task = schedule(session, trigger, logger);
  let keyTask = scheduleKeyCheck(session, logger, onKeyCheckDue);
  const worker = session.delivery.runWorker(stopping.signal);

  // A reloaded config may move the schedules; the listen address and
  // the state file are read once, at start.
  const onApplied = (before: MonitorSetup, after: MonitorSetup): void => {
    if (scheduleOf(before) !== scheduleOf(after)) {
      void task.stop();
      void keyTask?.stop();
      task = schedule(session, trigger, logger);
      keyTask = scheduleKeyCheck(session, logger, onKeyCheckDue);
    }
    if (restartOnly(before) !== restartOnly(after)) {
      logger.warn('server and state settings take effect at the next start');
    }
  };
  const watch: ReloadWatch = watchForReload(
    session,
    { reload: options.reload, onApplied },
    logger,
  );
  trigger.tick();

  return {
    url: server.url,
    idle: () => trigger.idle(),
    stop: async () => {
      logger.info('stopping');
      trigger.close();
      stopping.abort();
      syncAbort.abort();
      watch.close();
      await task.stop();
      await keyTask?.stop();
      await Promise.allSettled([server.close(), trigger.idle(), worker]);
      session.close();
      logger.info('stopped');
    },
  };
}

function scheduleOf({ config }: MonitorSetup): string {
  const { schedule, timezone, checks } = config;
  return JSON.stringify([
    schedule,
    timezone,
    checks.primaryKeyUniqueness,
    checks.primaryKeyUniquenessSchedule,
  ]);
}

function restartOnly({ config }: MonitorSetup): string {
  return JSON.stringify([config.server, config.statePath]);
}

function schedule(
  session: MonitorSession,
  trigger: SyncTrigger,
  logger: Logger,
): { stop(): void | Promise<void> } {
  const { schedule: expression, timezone } = session.setup.config;
  const task = scheduleSyncs(expression, timezone, () => trigger.tick());
  const nextRun = task.nextRun()?.toISOString() ?? null;
  logger.info({ schedule: expression, timezone, nextRun }, 'scheduled');
  return task;
}

function scheduleKeyCheck(
  session: MonitorSession,
  logger: Logger,
  onDue: () => void,
): { stop(): void | Promise<void> } | null {
  const { checks, timezone } = session.setup.config;
  if (!checks.primaryKeyUniqueness) return null;
  const expression = checks.primaryKeyUniquenessSchedule;
  logger.info(
    { schedule: expression, timezone },
    'primary key check scheduled',
  );
  return scheduleSyncs(expression, timezone, onDue, 'primary-keys');
}

async function startServer(
  session: MonitorSession,
  trigger: SyncTrigger,
  metrics: ReturnType<typeof createMetrics>,
  logger: Logger,
): Promise<RunningHttpServer> {
  const { server } = session.setup.config;
  const running = await startHttpServer({
    api: createDaemonApi(session, trigger, metrics),
    host: server.host,
    port: server.port,
    token: server.token,
    publicUrl: server.publicUrl,
    logger,
  });
  logger.info({ url: running.url }, 'listening');
  return running;
}

function pruneState(session: MonitorSession, logger: Logger): void {
  try {
    session.store.prune(new Date(), session.setup.config.stateRetentionMs);
  } catch (error) {
    logger.warn({ err: String(error) }, 'prune failed');
  }
}
