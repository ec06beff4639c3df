// Runs the built `monitor` binary, as a user would.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The compiled CLI; `npm test` builds it first. */
export const MONITOR_BIN = join(REPO_ROOT, 'dist', 'src', 'cli', 'bin.js');

/** What one run printed and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `monitor ARGS`; rejects only when the binary is missing. */
export function runMonitor(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; input?: string } = {},
): Promise<CliRun> {
  if (!existsSync(MONITOR_BIN)) {
    return Promise.reject(
      new Error(`${MONITOR_BIN} is missing: run npm run build (npm test does)`),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MONITOR_BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
