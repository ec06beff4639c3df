// `monitor start` as a real child process: its output kept, its exit timed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { MONITOR_BIN, REPO_ROOT } from '../../support/cli.js';

/** A running `monitor start` and what it printed so far. */
export interface DaemonProcess {
  readonly pid: number;
  readonly output: { stdout: string; stderr: string };
  /** SIGTERM; resolves with the exit code and how long the exit took. */
  stop(): Promise<{ code: number | null; ms: number }>;
  /** SIGKILL, as a crash would end it; resolves once it is gone. */
  kill(): Promise<void>;
  /** Resolves once a log line with this `msg` appears. */
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The parsed JSON log lines so far. */
  logLines(): Record<string, unknown>[];
}

/** Starts `monitor start --config PATH` and waits until it listens. */
export async function startDaemonProcess(
  configPath: string,
  env: Record<string, string>,
): Promise<DaemonProcess> {
  const child = spawn(
    process.execPath,
    [MONITOR_BIN, 'start', '--config', configPath],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => resolve(code)),
  );
  const daemon = describeDaemon(child, output, exited);

  await daemon.waitForLog('listening', 15_000);
  return daemon;
}

/** A port that was free a moment ago on 127.0.0.1. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error('no port was assigned');
  }
  return address.port;
}

/** Polls `probe` every 50 ms until it returns a value other than null. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | null | Promise<T | null>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;

  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function describeDaemon(
  child: ChildProcess,
  output: { stdout: string; stderr: string },
  exited: Promise<number | null>,
): DaemonProcess {
  const logLines = (): Record<string, unknown>[] =>
    output.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  return {
    pid: child.pid ?? -1,
    output,
    logLines,
    async stop() {
      const started = Date.now();
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        new Promise<'hung'>((r) => setTimeout(() => r('hung'), 12_000)),
      ]);
      if (code === 'hung') {
        child.kill('SIGKILL');
        throw new Error('the daemon did not exit within 12 s of SIGTERM');
      }
      return { code, ms: Date.now() - started };
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    waitForLog: (msg, timeoutMs = 10_000) =>
      waitUntil(
        `log line "${msg}" (stderr so far: ${output.stderr.slice(-600)})`,
        () => {
          if (child.exitCode !== null) {
            throw new Error(`the daemon exited: ${output.stderr.slice(-800)}`);
          }
          return logLines().find((line) => line['msg'] === msg) ?? null;
        },
        timeoutMs,
      ),
  };
}
