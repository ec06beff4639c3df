// Starts parse-child.ts over a range of cases and reads its report; a
// child that starts no new case for `stallMs` is killed and its last case
// reported as hung.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaseFamily } from './fuzz-cases.js';

/** A range of cases of one family. */
export interface ChildJob {
  readonly family: CaseFamily;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  /** A case slower than this is a failure. */
  readonly limitMs: number;
  /** No new case for this long: the case is hung. */
  readonly stallMs: number;
}

/** What the child reported. */
export interface ChildReport {
  readonly failures: { index: number; problems: string[] }[];
  readonly started: number;
  readonly valid: number;
  readonly diagnostics: number;
  readonly slowest: { index: number; ms: number };
  /** The case running when the child was killed or died, if any. */
  readonly stuckAt: { index: number; why: string } | null;
}

const register = fileURLToPath(
  new URL('../notifiers/support/ts-register.mjs', import.meta.url),
);
const child = fileURLToPath(new URL('./parse-child.ts', import.meta.url));

/** Runs one job in a child process. */
export function runFuzzChild(job: ChildJob): Promise<ChildReport> {
  const args = [job.family, job.seed, job.from, job.to, job.limitMs];
  const proc = spawn(
    process.execPath,
    ['--import', register, child, ...args.map(String)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const state = newState();
  let buffer = '';
  let stderr = '';
  let watchdog = setTimeout(() => kill('no case started'), 20_000);

  const kill = (why: string): void => {
    state.stuckAt = { index: state.current, why };
    proc.kill('SIGKILL');
  };
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) readLine(state, line);
    clearTimeout(watchdog);
    watchdog = setTimeout(
      () => kill(`no progress in ${job.stallMs} ms`),
      job.stallMs,
    );
  });

  return new Promise((resolve) => {
    proc.on('close', (code) => {
      clearTimeout(watchdog);
      if (!state.isDone && state.stuckAt === null) {
        const why = `the child exited ${code}: ${stderr.slice(-2000)}`;
        state.stuckAt = { index: state.current, why };
      }
      resolve(state);
    });
  });
}

interface State {
  failures: { index: number; problems: string[] }[];
  started: number;
  valid: number;
  diagnostics: number;
  slowest: { index: number; ms: number };
  stuckAt: { index: number; why: string } | null;
  current: number;
  isDone: boolean;
}

function newState(): State {
  return {
    failures: [],
    started: 0,
    valid: 0,
    diagnostics: 0,
    slowest: { index: -1, ms: 0 },
    stuckAt: null,
    current: -1,
    isDone: false,
  };
}

function readLine(state: State, line: string): void {
  const event = JSON.parse(line) as ChildEvent;
  if (event.t === 'start') {
    state.current = event.index;
    state.started += 1;
  } else if (event.t === 'fail') {
    state.failures.push({ index: event.index, problems: event.problems });
  } else {
    state.valid = event.valid;
    state.diagnostics = event.diagnostics;
    state.slowest = event.slowest;
    state.isDone = true;
  }
}

type ChildEvent =
  | { t: 'start'; index: number }
  | { t: 'fail'; index: number; problems: string[] }
  | {
      t: 'done';
      valid: number;
      diagnostics: number;
      slowest: { index: number; ms: number };
    };
