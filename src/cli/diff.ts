/** `monitor diff`: classify an edit of the graph, for review and CI. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { promisify } from 'node:util';
import { loadConfig, resolveConfigPath } from '../config/load-config.js';
import { processEnvironment } from '../config/process-env.js';
import { checkConsumerUses } from '../config/consumers.js';
import type { MonitorConfig } from '../config/types.js';
import { diffGraphs, type DiffReport } from '../graph/diff.js';
import { formatDiffGithub, formatDiffText } from '../graph/diff-format.js';
import { refineWithWarehouse } from '../graph/diff-warehouse.js';
import { parseGraph } from '../graph/parse-graph.js';
import { listSubjects } from '../graph/tree.js';
import type { Consumer } from '../model/consumer.js';
import { ConfigError, GraphError } from '../model/errors.js';
import type { DataGraph } from '../model/graph.js';
import { checkGraphOnce } from '../scheduler/check-graph.js';
import { EXIT_FINDINGS } from './exit-codes.js';
import type { CommonOptions } from './main.js';

interface DiffOptions extends CommonOptions {
  readonly git?: string;
  readonly json?: boolean;
  readonly checkWarehouse?: boolean;
  readonly failOn?: 'definite' | 'potential';
  readonly format?: 'text' | 'json' | 'github';
}

/** A graph text and the name to report it under. */
interface GraphSource {
  readonly label: string;
  readonly text: string;
}

/** Compares OLD and NEW (or the graph at a git revision) and prints it. */
export async function runDiff(
  oldArg: string | undefined,
  newArg: string | undefined,
  options: DiffOptions,
): Promise<number> {
  const config = await loadOptionalConfig(options);
  const [oldSource, newSource] = await readSources(
    oldArg,
    newArg,
    options,
    config,
  );
  const oldGraph = parseOrThrow(oldSource);
  const newGraph = parseOrThrow(newSource);
  const consumers = consumersFor(config, oldGraph);

  let report = diffGraphs(oldGraph, newGraph, consumers);
  if (options.checkWarehouse) {
    report = await checkAgainstWarehouse(report, newGraph, config);
  }

  process.stdout.write(render(report, options, oldSource, newSource));
  return failsOn(report, options.failOn) ? EXIT_FINDINGS : 0;
}

async function loadOptionalConfig(
  options: DiffOptions,
): Promise<MonitorConfig | null> {
  const env = processEnvironment(options.config);
  // Without --config, MONITOR_CONFIG or ./config.yaml, diff needs none.
  if (!existsSync(resolveConfigPath(env)) && !options.config) return null;
  return loadConfig(env);
}

async function readSources(
  oldArg: string | undefined,
  newArg: string | undefined,
  options: DiffOptions,
  config: MonitorConfig | null,
): Promise<[GraphSource, GraphSource]> {
  if (options.git) {
    const path = oldArg ?? config?.graphPath;
    if (!path) {
      throw new ConfigError([
        'diff --git: name the graph file, or give a config with `graph`',
      ]);
    }
    if (newArg !== undefined) {
      throw new ConfigError(['diff --git REV takes at most one file (NEW)']);
    }
    return [await readAtRevision(options.git, path), await readSource(path)];
  }
  if (oldArg === undefined || newArg === undefined) {
    throw new ConfigError([
      'diff: give OLD and NEW files (or -), or --git REV',
    ]);
  }
  if (oldArg === '-' && newArg === '-') {
    throw new ConfigError(['diff: only one of OLD and NEW can be - (stdin)']);
  }
  return [await readSource(oldArg), await readSource(newArg)];
}

async function readSource(path: string): Promise<GraphSource> {
  if (path === '-') return { label: '<stdin>', text: await readStdin() };
  try {
    return { label: path, text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([`${path}: cannot read the graph file (${code})`]);
  }
}

async function readAtRevision(rev: string, path: string): Promise<GraphSource> {
  const run = promisify(execFile);

  try {
    // `REV:./NAME` is relative to git's cwd, which git resolves itself: a
    // path through a symlink (macOS /tmp, CI checkouts) still matches.
    const spec = `${rev}:./${basename(path)}`;
    const { stdout } = await run('git', ['show', spec], {
      cwd: dirname(path),
      maxBuffer: 64 * 1024 * 1024,
    });
    // Labelled with the path itself, so annotations point at the file.
    return { label: path, text: stdout };
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? error);
    const reason = stderr.trim().split('\n')[0] ?? 'git failed';
    throw new ConfigError([`diff --git ${rev}: ${path}: ${reason}`]);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseOrThrow(source: GraphSource): DataGraph {
  const { graph, diagnostics } = parseGraph(source.text, source.label);
  if (graph === null) {
    throw new GraphError(diagnostics);
  }
  return graph;
}

function consumersFor(
  config: MonitorConfig | null,
  oldGraph: DataGraph,
): readonly Consumer[] {
  if (config === null) return [];
  // Consumers are resolved against OLD: NEW lacking one is the news.
  const problems = checkConsumerUses(config.consumers, listSubjects(oldGraph), {
    file: config.consumersPath ?? config.configPath,
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return config.consumers;
}

async function checkAgainstWarehouse(
  report: DiffReport,
  newGraph: DataGraph,
  config: MonitorConfig | null,
): Promise<DiffReport> {
  if (config === null) {
    throw new ConfigError(['diff --check-warehouse needs a config (--config)']);
  }
  const { result, usage } = await checkGraphOnce(config, newGraph);
  return refineWithWarehouse(report, result, usage);
}

function render(
  report: DiffReport,
  options: DiffOptions,
  oldSource: GraphSource,
  newSource: GraphSource,
): string {
  const format = options.json ? 'json' : (options.format ?? 'text');
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  if (format === 'github') {
    return formatDiffGithub(report, oldSource.label, newSource.label);
  }
  return formatDiffText(report);
}

function failsOn(report: DiffReport, failOn: DiffOptions['failOn']): boolean {
  if (!failOn) return false;
  return failOn === 'potential'
    ? report.summary.definite + report.summary.potential > 0
    : report.summary.definite > 0;
}
