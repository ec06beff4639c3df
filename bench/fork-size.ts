/** Runs one measurement in a fresh child process (see child.ts). */
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SizeResult } from './bench-row.js';
import type { ChildMessage } from './child.js';
import type { SizeOptions } from './measure-size.js';

const childPath = join(dirname(fileURLToPath(import.meta.url)), 'child.js');

/** Measures one size in a child; rejects with the child's error. */
export function runInChild(options: SizeOptions): Promise<SizeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(childPath, [JSON.stringify(options)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: ['--expose-gc'],
    });
    let answer: ChildMessage | null = null;

    child.on('message', (message) => {
      answer = message as ChildMessage;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (answer !== null && 'result' in answer) resolve(answer.result);
      else if (answer !== null) reject(new Error(answer.error));
      else reject(new Error(`measurement ended (${signal ?? code}) silently`));
    });
  });
}
