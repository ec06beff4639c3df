/** Loads and checks what every command needs: config, graph, consumers. */
import type { MonitorConfig } from '../config/types.js';
import { loadConfig } from '../config/load-config.js';
import { processEnvironment } from '../config/process-env.js';
import { checkConsumerUses } from '../config/consumers.js';
import { readGraphFile } from '../graph/parse-graph.js';
import { listSubjects } from '../graph/tree.js';
import { createLogger, type Logger } from '../log.js';
import { ConfigError, formatDiagnostic } from '../model/errors.js';
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
  reload: { readonly previousGraph?: DataGraph } = {},
): Promise<CommandContext> {
  const config = await loadConfig(processEnvironment(options.config));
  const logger = createLogger(config.logLevel, config.secrets);

  const { graph, warnings } = await readGraphFile(config.graphPath);
  for (const warning of warnings) {
    logger.warn({ at: formatDiagnostic(warning) }, 'graph warning');
  }

  // On reload, a consumer still naming an element the edit removed is a
  // warning (SPEC §8): the edit is what is being reported.
  const previous = reload.previousGraph
    ? listSubjects(reload.previousGraph)
    : [];
  const known = [...new Set([...listSubjects(graph), ...previous])];
  const file = config.consumersPath ?? config.configPath;
  const problems = checkConsumerUses(config.consumers, known, { file });
  if (problems.length > 0) throw new ConfigError(problems);

  const stale = checkConsumerUses(config.consumers, listSubjects(graph), {
    file,
  });
  for (const problem of stale) logger.warn({ problem }, 'consumer warning');

  return { config, graph, warnings, logger };
}
