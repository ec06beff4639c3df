/** Loads and checks what every command needs: config, graph, consumers. */
import type { MonitorConfig } from '../config/types.js';
import { loadConfig } from '../config/load-config.js';
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
): Promise<CommandContext> {
  const config = await loadConfig({
    path: options.config,
    env: process.env,
    cwd: process.cwd(),
  });
  const logger = createLogger(config.logLevel, config.secrets);

  const { graph, warnings } = await readGraphFile(config.graphPath);
  for (const warning of warnings) {
    logger.warn({ at: formatDiagnostic(warning) }, 'graph warning');
  }

  const problems = checkConsumerUses(config.consumers, listSubjects(graph), {
    file: config.consumersPath ?? config.configPath,
  });
  if (problems.length > 0) throw new ConfigError(problems);

  return { config, graph, warnings, logger };
}
