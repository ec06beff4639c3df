/**
 * Live reload: the graph, consumers and config files are watched (their
 * folders, so that editors that replace a file by rename are seen), and
 * SIGHUP asks too. An invalid version is refused and the last valid one
 * stays in force; a valid one is classified, announced and applied.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { diffGraphs } from '../graph/diff.js';
import { collectUsage } from '../graph/usage.js';
import type { Logger } from '../log.js';
import { redact } from '../model/redact.js';
import { FeedStore } from '../state/feed-store.js';
import { announceEdit } from './announce-edit.js';
import type { MonitorSession, MonitorSetup } from './monitor-session.js';

const DEBOUNCE_MS = 300;

/** The watch of one daemon. */
export interface ReloadWatch {
  /** Reloads now, as a file change or SIGHUP would. */
  reloadNow(): Promise<void>;
  close(): void;
}

/** What reload needs from the daemon. */
export interface ReloadOptions {
  readonly reload: (previous: MonitorSetup) => Promise<MonitorSetup>;
  readonly onApplied?: (before: MonitorSetup, after: MonitorSetup) => void;
}

/** Starts watching; reloads are serialised and debounced. */
export function watchForReload(
  session: MonitorSession,
  options: ReloadOptions,
  logger: Logger,
): ReloadWatch {
  let timer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();

  let isClosed = false;
  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reloadNow(), DEBOUNCE_MS);
  };

  let watched = watchedFiles(session.setup);
  let watchers = watchFiles(watched, schedule, logger);
  // A reload may move the graph or consumers file: watch where it is now.
  const rewatch = (): void => {
    const files = watchedFiles(session.setup);
    if (isClosed || files.join('\n') === watched.join('\n')) return;
    for (const w of watchers) w.close();
    [watched, watchers] = [files, watchFiles(files, schedule, logger)];
  };

  const reloadNow = (): Promise<void> => {
    // A failed reload is logged; left rejected, it would end the daemon
    // and every later reload with it.
    chain = chain
      .then(() => applyReload(session, options, logger))
      .catch((error: unknown) =>
        logger.error({ err: String(error) }, 'reload failed'),
      )
      .then(rewatch);
    return chain;
  };
  const onHangup = (): void => {
    logger.info('reload requested by SIGHUP');
    void reloadNow();
  };
  process.on('SIGHUP', onHangup);

  return {
    reloadNow,
    close: () => {
      isClosed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      process.off('SIGHUP', onHangup);
    },
  };
}

async function applyReload(
  session: MonitorSession,
  options: ReloadOptions,
  logger: Logger,
): Promise<void> {
  const before = session.setup;
  const feed = new FeedStore(session.store.database);
  let after: MonitorSetup;

  try {
    after = await options.reload(before);
  } catch (error) {
    const text = redact(
      error instanceof Error ? error.message : String(error),
      before.config.secrets,
    );
    logger.error(
      { error: text },
      'reload refused; the last valid version stays',
    );
    feed.addNotification({
      createdAt: new Date().toISOString(),
      kind: 'reload_refused',
      severity: 'error',
      title: 'edit refused: the last valid graph and config stay in force',
      body: text,
    });
    return;
  }

  if (isSameSetup(before, after)) return;

  const database = after.config.warehouse.database ?? '';
  const removed = session.store.resolveRemoved(
    collectUsage(after.graph, database),
    new Date(),
  );
  session.update(after);
  options.onApplied?.(before, after);
  if (removed.length === 0 && isLayoutOnly(before, after)) {
    // Comments, blank lines, order: new positions, nothing to announce.
    logger.info('reloaded; nothing the monitor uses changed');
    return;
  }
  announceEdit(session, before, after, removed);
  logger.info({ resolved: removed.length }, 'reloaded');
}

function isLayoutOnly(a: MonitorSetup, b: MonitorSetup): boolean {
  return (
    JSON.stringify(a.config) === JSON.stringify(b.config) &&
    diffGraphs(a.graph, b.graph, []).changes.length === 0
  );
}

function isSameSetup(a: MonitorSetup, b: MonitorSetup): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function watchedFiles(setup: MonitorSetup): string[] {
  const { config } = setup;
  return [config.configPath, config.graphPath, config.consumersPath].filter(
    (p): p is string => p !== null,
  );
}

function watchFiles(
  files: readonly string[],
  onChange: () => void,
  logger: Logger,
): FSWatcher[] {
  const byFolder = new Map<string, Set<string>>();
  for (const file of files) {
    const names = byFolder.get(dirname(file)) ?? new Set<string>();
    names.add(basename(file));
    byFolder.set(dirname(file), names);
  }

  const watchers: FSWatcher[] = [];
  for (const [folder, names] of byFolder) {
    try {
      const watcher = watch(folder, (_event, name) => {
        if (name === null || names.has(name.toString())) onChange();
      });
      watcher.on('error', (error) =>
        logger.warn({ folder, err: String(error) }, 'file watch failed'),
      );
      watchers.push(watcher);
    } catch (error) {
      logger.warn({ folder, err: String(error) }, 'cannot watch folder');
    }
  }
  return watchers;
}
