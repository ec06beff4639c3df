// The cases graph as text, and the edits the CLI and reload tests make to
// it: a replacement that must find its target, a block taken out whole,
// the line of an element.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMonitor, type CliRun } from '../../support/cli.js';
import { CASES_DIR } from '../../support/production-db.js';

/** The cases graph with its table_refs in `database` (upper case). */
export function casesGraph(database = 'PRODUCTION'): string {
  const text = readFileSync(join(CASES_DIR, 'graph.hcl'), 'utf8');
  return text.replaceAll('"PRODUCTION.', `"${database.toUpperCase()}.`);
}

/** `text` with each `[from, to]` replaced once; throws if `from` is absent. */
export function edit(
  text: string,
  ...replacements: [string, string][]
): string {
  let out = text;
  for (const [from, to] of replacements) {
    if (!out.includes(from)) throw new Error(`the graph lacks ${from}`);
    out = out.replace(from, to);
  }
  return out;
}

/**
 * `text` without the block whose opening line holds `header` (through its
 * matching closing brace), as someone deleting an element would leave it.
 */
export function removeBlock(text: string, header: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.includes(header));
  if (start < 0) throw new Error(`the graph lacks ${header}`);

  let depth = 0;
  for (let end = start; end < lines.length; end += 1) {
    const line = lines[end] ?? '';
    depth += count(line, '{') - count(line, '}');
    if (depth === 0) {
      lines.splice(start, end - start + 1);
      return lines.join('\n');
    }
  }
  throw new Error(`the block of ${header} never closes`);
}

/** The 1-based line of the first line of `text` holding `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`the graph lacks ${needle}`);
  return index + 1;
}

/** A temp folder with a config naming the cases consumers. */
export interface DiffFolder {
  readonly dir: string;
  readonly configPath: string;
  /** Writes `name` in the folder; returns its path. */
  write(name: string, text: string): string;
  /** Runs `monitor diff ARGS` in the folder, with `--config` added. */
  diff(args: readonly string[], input?: string): Promise<CliRun>;
  /** Runs `monitor diff ARGS` in an empty subfolder, with no config. */
  diffWithoutConfig(args: readonly string[], input?: string): Promise<CliRun>;
}

/**
 * A folder whose config points at a warehouse that is never reached: a
 * plain diff reads only the files and the consumers.
 */
export function makeDiffFolder(): DiffFolder {
  const dir = mkdtempSync(join(tmpdir(), 'dgm-diff-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(
    configPath,
    [
      'graph: ./graph.hcl',
      `consumers: ${join(CASES_DIR, 'consumers.yaml')}`,
      'warehouse:',
      '  type: postgres',
      '  url: postgres://nobody@127.0.0.1:9/production',
      'state: ./monitor.db',
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'graph.hcl'), casesGraph());
  const bare = join(dir, 'bare');
  mkdirSync(bare);

  return {
    dir,
    configPath,
    write: (name, text) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    },
    diff: (args, input) =>
      runMonitor(['diff', ...args, '--config', configPath], {
        cwd: dir,
        input,
      }),
    diffWithoutConfig: (args, input) =>
      runMonitor(['diff', ...args], { cwd: bare, input }),
  };
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
