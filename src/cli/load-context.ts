/** Loads and checks what every command needs: config, graph, consumers. */
import type { MonitorConfig } from '../config/types.js';
import { loadConfig } from '../config/load-config.js';
import { processEnvironment } from '../config/process-env.js';
import { checkConsumerUses } from '../config/consumers.js';
import { readGraphFile } from '../graph/parse-graph.js';
import { listSubjects } from '../graph/tree.js';
import { createLogger, type Logger } from '../log.js';
import { ConfigError, formatDiagnostic } from '../model/errors.js';
import type { Consumer } from '../model/consumer.js';
import type { DataGraph, Diagnostic } from '../model/graph.js';
import type { CommonOptions } from './main.js';

/** A valid config with its graph, and the logger it asks for. */
export interface CommandContext {
  readonly config: MonitorConfig;
  readonly graph: DataGraph;
  readonly warnings: readonly Diagnostic[];
  readonly logger: Logger;
}

/** Reads config, graph and consumers; throws on the first invalid one. */
export async function loadContext(
  options: CommonOptions,
  reload: { readonly previous?: readonly Consumer[] } = {},
): Promise<CommandContext> {
  const config = await loadConfig(processEnvironment(options.config));
  const logger = createLogger(config.logLevel, config.secrets);

  const { graph, warnings } = await readGraphFile(config.graphPath);
  for (const warning of warnings) {
    logger.warn({ at: formatDiagnostic(warning) }, 'graph warning');
  }

  const file = config.consumersPath ?? config.configPath;
  const subjects = listSubjects(graph);
  const { fresh, kept } = splitByPrevious(config.consumers, reload.previous);
  const problems = checkConsumerUses(fresh, subjects, { file });
  if (problems.length > 0) throw new ConfigError(problems);

  for (const problem of checkConsumerUses(kept, subjects, { file })) {
    logger.warn({ problem }, 'consumer warning');
  }

  return { config, graph, warnings, logger };
}

/**
 * On reload (SPEC §8), a `uses` entry the consumer already had is only
 * warned about when the graph no longer defines it: the edit that removed
 * the element is what gets reported. An entry that is new must be valid.
 */
function splitByPrevious(
  consumers: readonly Consumer[],
  previous: readonly Consumer[] | undefined,
): { fresh: Consumer[]; kept: Consumer[] } {
  if (previous === undefined) return { fresh: [...consumers], kept: [] };
  const before = new Map(previous.map((c) => [c.id, new Set(c.uses)]));
  const had = (c: Consumer, use: string): boolean =>
    before.get(c.id)?.has(use) ?? false;

  return {
    fresh: consumers.map((c) => ({
      ...c,
      uses: c.uses.filter((u) => !had(c, u)),
    })),
    kept: consumers.map((c) => ({
      ...c,
      uses: c.uses.filter((u) => had(c, u)),
    })),
  };
}
