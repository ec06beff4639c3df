// The built `monitor` binary as a child process that a test may SIGKILL,
// optionally under a file-size limit or without root's power to write
// into read-only folders.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MONITOR_BIN as BUILT_BIN, REPO_ROOT } from '../../support/cli.js';

// FAULT_MONITOR_BIN points the suite at a private build, so that another
// build of dist/ running meanwhile cannot hand it half-written files.
const MONITOR_BIN = process.env['FAULT_MONITOR_BIN'] ?? BUILT_BIN;

/** How a run ended and what it printed, with its time span. */
export interface MonitorRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** `Date.now()` at spawn and at exit. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** A running `monitor` process. */
export interface MonitorProcess {
  readonly pid: number;
  readonly startedAt: number;
  /** Resolves when it has exited, however. */
  readonly result: Promise<MonitorRun>;
  /** SIGKILL now (if still running); resolves once it is gone. */
  kill(): Promise<MonitorRun>;
  /** Whether it has exited already. */
  hasExited(): boolean;
}

/** How to run it. */
export interface SpawnOptions {
  /** `ulimit -f` (KiB) in a child shell: writes past it fail with EFBIG. */
  readonly fileSizeLimitKb?: number;
  /**
   * Drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so that root, as the
   * tests run here, meets permission bits like any other user.
   */
  readonly isUnprivileged?: boolean;
}

/** Starts `monitor ARGS` with only PATH and `env` in its environment. */
export function spawnMonitor(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: SpawnOptions = {},
): MonitorProcess {
  if (!existsSync(MONITOR_BIN)) {
    throw new Error(`${MONITOR_BIN} is missing: run npx tsc -p . first`);
  }
  const [command, ...rest] = commandLine(args, options);
  const startedAt = Date.now();
  const child = spawn(command as string, rest, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  let hasExited = false;
  const result = new Promise<MonitorRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      hasExited = true;
      resolve({ code, signal, stdout, stderr, startedAt, endedAt: Date.now() });
    });
  });
  return {
    pid: child.pid ?? -1,
    startedAt,
    result,
    hasExited: () => hasExited,
    kill: () => {
      if (!hasExited) child.kill('SIGKILL');
      return result;
    },
  };
}

function commandLine(args: readonly string[], options: SpawnOptions): string[] {
  let line = [process.execPath, MONITOR_BIN, ...args];

  if (options.fileSizeLimitKb !== undefined) {
    // bash counts -f in KiB; `exec` keeps one process, so a kill hits it.
    const limit = Math.floor(options.fileSizeLimitKb);
    line = [
      'bash',
      '-c',
      `ulimit -f ${limit} && exec "$@"`,
      'limited',
      ...line,
    ];
  }
  if (options.isUnprivileged === true) {
    const caps = '-dac_override,-dac_read_search';
    line = ['setpriv', '--bounding-set', caps, '--', ...line];
  }
  return line;
}
