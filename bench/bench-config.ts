/**
 * Writes the files a monitor reads for one benchmark size (graph,
 * consumers, config) and loads them the way the CLI does: loadConfig,
 * then the graph parsed with parseGraph, then the consumers checked.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkConsumerUses } from '../src/config/consumers.js';
import { loadConfig } from '../src/config/load-config.js';
import type { MonitorConfig } from '../src/config/types.js';
import { parseGraph } from '../src/graph/parse-graph.js';
import { listSubjects } from '../src/graph/tree.js';
import type { DataGraph } from '../src/model/graph.js';
import type { DuckDbFiles } from './fixtures.js';
import { postgresDatabaseName } from './fixtures.js';
import {
  buildConsumersYaml,
  buildGraphText,
  type SyntheticNames,
} from './synthetic-graph.js';

/** Where the warehouse of one size is. */
export type BenchTarget =
  | { readonly type: 'postgres'; readonly adminUrl: string }
  | { readonly type: 'duckdb'; readonly files: DuckDbFiles };

/** The loaded config and the graph's text. */
export interface BenchInputs {
  readonly config: MonitorConfig;
  readonly graphText: string;
}

/**
 * Writes graph, consumers and config into `dir`. The parent process does
 * this, so that building the text costs the measured process nothing.
 */
export async function writeBenchFiles(
  dir: string,
  entities: number,
  names: SyntheticNames,
  target: BenchTarget,
): Promise<void> {
  await writeFile(join(dir, 'graph.hcl'), buildGraphText(entities, names));
  await writeFile(join(dir, 'consumers.yaml'), buildConsumersYaml(entities));
  await writeFile(join(dir, 'config.yaml'), configYaml(names, target));
}

/** Loads the config in `dir` as the CLI does, and reads the graph text. */
export async function loadBenchInputs(
  dir: string,
  names: SyntheticNames,
  target: BenchTarget,
): Promise<BenchInputs> {
  const env: Record<string, string> = {};
  if (target.type === 'postgres') {
    const url = new URL(target.adminUrl);
    url.pathname = `/${postgresDatabaseName(names.main)}`;
    env['WAREHOUSE_URL'] = url.href;
  }

  const path = join(dir, 'config.yaml');
  const config = await loadConfig({ path, env, cwd: dir });
  const graphText = await readFile(config.graphPath, 'utf8');
  return { config, graphText };
}

/** Parses the graph and checks the consumers; throws on any error. */
export function readBenchGraph(inputs: BenchInputs): DataGraph {
  const { graph, diagnostics } = parseGraph(
    inputs.graphText,
    inputs.config.graphPath,
  );
  if (graph === null) {
    const first = diagnostics.slice(0, 3).map((d) => d.message);
    throw new Error(`synthetic graph does not parse: ${first.join('; ')}`);
  }

  const problems = checkConsumerUses(
    inputs.config.consumers,
    listSubjects(graph),
    { file: inputs.config.consumersPath },
  );
  if (problems.length > 0) {
    throw new Error(`synthetic consumers: ${problems.slice(0, 3).join('; ')}`);
  }
  return graph;
}

function configYaml(names: SyntheticNames, target: BenchTarget): string {
  const warehouse =
    target.type === 'postgres'
      ? ['  type: postgres', '  url: ${WAREHOUSE_URL}']
      : [
          '  type: duckdb',
          `  path: ${JSON.stringify(target.files.path)}`,
          `  attach: [${JSON.stringify(target.files.attach)}]`,
        ];

  return [
    'graph: ./graph.hcl',
    'consumers: ./consumers.yaml',
    'warehouse:',
    ...warehouse,
    `  database: ${names.main}`,
    '  query_timeout: 120s',
    'state: ./state.db',
    'log_level: error',
    '',
  ].join('\n');
}
