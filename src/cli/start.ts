/** `monitor start`: the daemon, until SIGTERM or SIGINT. */
import { startDaemon } from '../scheduler/daemon.js';
import { loadContext } from './load-context.js';
import type { CommonOptions } from './main.js';

/** Runs the daemon; resolves with 0 once stopped by a signal. */
export async function runStart(options: CommonOptions): Promise<number> {
  const { config, graph, logger } = await loadContext(options);
  const daemon = await startDaemon({
    setup: { config, graph },
    logger,
    reload: async (previous) => {
      const next = await loadContext(options, {
        previous: previous.config.consumers,
      });
      return { config: next.config, graph: next.graph };
    },
  });

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'signal received');
      // A second signal, or a stop that hangs, ends the process anyway.
      setTimeout(() => process.exit(0), 9_000).unref();
      void daemon.stop().finally(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}
