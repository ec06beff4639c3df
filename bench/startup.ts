/**
 * CLI start-up time: spawns `node dist/src/cli/bin.js …` ten times and
 * takes the median wall time, beside plain `node` for reference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

/** What a start-up row measures. */
export type StartupKind = 'node' | 'version' | 'validate-imports' | 'validate';

/** One command's start-up time. */
export interface StartupResult {
  readonly kind: StartupKind;
  readonly label: string;
  readonly medianMs: number;
  readonly runs: number;
  /** The exit code of the last run. */
  readonly exitCode: number | null;
}

const SPAWNS = 10;

/** Measures start-up from the repository root (dist/ must be built). */
export function measureStartup(root: string): StartupResult[] {
  const bin = join(root, 'dist', 'src', 'cli', 'bin.js');
  const commands: Command[] = [
    { kind: 'node', label: 'node, no script', args: ['-e', ''] },
    { kind: 'version', label: 'monitor --version', args: [bin, '--version'] },
  ];

  // The demo config ships with the repository; validate reads it, its
  // graph and consumers, and connects to nothing. Importing validate.js
  // alone tells module loading from the work.
  const demoConfig = join(root, 'config.example.yaml');
  if (existsSync(demoConfig)) {
    const validate = pathToFileURL(join(root, 'dist/src/cli/validate.js'));
    commands.push(
      {
        kind: 'validate-imports',
        label: 'import validate.js only',
        args: ['--input-type=module', '-e', `await import('${validate.href}')`],
      },
      {
        kind: 'validate',
        label: 'monitor validate (demo config)',
        args: [bin, 'validate', '--config', demoConfig],
      },
    );
  }
  return spawnInTurn(commands, root);
}

interface Command {
  readonly kind: StartupKind;
  readonly label: string;
  readonly args: readonly string[];
}

// One spawn of each command in turn, ten rounds: a busy moment of a
// shared machine then slows every command alike.
function spawnInTurn(
  commands: readonly Command[],
  cwd: string,
): StartupResult[] {
  const times = commands.map((): number[] => []);
  const exitCodes = commands.map((): number | null => null);

  for (let round = 0; round < SPAWNS; round += 1) {
    commands.forEach((command, i) => {
      const start = performance.now();
      const child = spawnSync(process.execPath, command.args, {
        cwd,
        stdio: 'ignore',
      });
      times[i]?.push(performance.now() - start);
      exitCodes[i] = child.status;
    });
  }
  return commands.map((command, i) => ({
    kind: command.kind,
    label: command.label,
    medianMs: median(times[i] ?? []),
    runs: SPAWNS,
    exitCode: exitCodes[i] ?? null,
  }));
}
