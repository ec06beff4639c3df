// Helpers for the config tests: a temp folder of files, and the problems
// of a config that must not load.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import type { MonitorConfig } from '../../src/config/types.js';
import { ConfigError } from '../../src/model/errors.js';

type Env = Record<string, string | undefined>;

/** Writes files (relative path → text) into a new temp folder. */
export async function makeFolder(
  files: Record<string, string>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'monitor-config-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

/** Loads `config.yaml` with this text from a new temp folder. */
export async function loadText(
  text: string,
  env: Env = {},
  files: Record<string, string> = {},
): Promise<MonitorConfig> {
  const cwd = await makeFolder({ ...files, 'config.yaml': text });
  return loadConfig({ env, cwd });
}

/** The problems of a config that must be refused. */
export async function problemsOf(
  text: string,
  env: Env = {},
  files: Record<string, string> = {},
): Promise<readonly string[]> {
  const error: unknown = await loadText(text, env, files).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  const configError = error as ConfigError;
  expect(configError.exitCode).toBe(2);
  expect(configError.message).toBe(configError.problems.join('\n'));
  return configError.problems;
}

/** A valid DuckDB config, to which a test appends or in which it swaps lines. */
export const MINIMAL = [
  'graph: ./graph.hcl',
  'warehouse:',
  '  type: duckdb',
  '  path: ./wh.duckdb',
  '',
].join('\n');
