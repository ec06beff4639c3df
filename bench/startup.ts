/**
 * CLI start-up time: spawns `node dist/src/cli/bin.js …` ten times and
 * takes the median wall time, beside plain `node` for reference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

/** One command's start-up time. */
export interface StartupResult {
  readonly label: string;
  readonly medianMs: number;
  readonly runs: number;
  /** The exit code of the last run. */
  readonly exitCode: number | null;
  /** Whether the start-up target applies to this command. */
  readonly isTarget: boolean;
}

const SPAWNS = 10;

/** Measures start-up from the repository root (dist/ must be built). */
export function measureStartup(root: string): StartupResult[] {
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  const results = [
    spawnMedian('node (no script, for reference)', ['-e', ''], root, false),
    spawnMedian('monitor --version', [bin, '--version'], root, true),
  ];

  // The demo config ships with the repository; validate reads it, its
  // graph and consumers, and connects to nothing.
  const demoConfig = join(root, 'config.example.yaml');
  if (existsSync(demoConfig)) {
    const args = [bin, 'validate', '--config', demoConfig];
    results.push(
      spawnMedian('monitor validate (demo config)', args, root, true),
    );
  }
  return results;
}

function spawnMedian(
  label: string,
  args: readonly string[],
  cwd: string,
  isTarget: boolean,
): StartupResult {
  const times: number[] = [];
  let exitCode: number | null = null;

  for (let run = 0; run < SPAWNS; run += 1) {
    const start = performance.now();
    const child = spawnSync(process.execPath, args, { cwd, stdio: 'ignore' });
    times.push(performance.now() - start);
    exitCode = child.status;
  }
  return { label, medianMs: median(times), runs: SPAWNS, exitCode, isTarget };
}
