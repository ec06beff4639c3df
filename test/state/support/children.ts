// Real child processes for the lock and crash tests. The state modules
// and the child scripts are transpiled (no type check) into a folder under
// node_modules/.cache, so plain `node` runs them and finds better-sqlite3.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SOURCES = ['src/model', 'src/state', 'test/state/support'];

/** A compiled copy of the state code and the child scripts. */
export interface ChildBuild {
  readonly folder: string;
  remove(): void;
}

/** Transpiles the state code and child scripts for `node` to run. */
export function buildChildren(): ChildBuild {
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const folder = join(ROOT, 'node_modules/.cache/state-tests', stamp);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');

  for (const source of SOURCES) {
    for (const name of readdirSync(join(ROOT, source))) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
      const file = join(ROOT, source, name);
      const out = join(folder, relative(ROOT, file)).replace(/\.ts$/, '.js');
      const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: false,
        },
      });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, outputText);
    }
  }
  return {
    folder,
    remove: () => rmSync(folder, { recursive: true, force: true }),
  };
}

/** A running child script whose stdout lines are JSON events. */
export interface Child {
  readonly process: ChildProcess;
  /** Every event so far. */
  readonly events: Record<string, unknown>[];
  /** Resolves with the first event of this name. */
  waitFor(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code or signal. */
  readonly exited: Promise<number | string>;
}

/** Starts `test/state/support/<script>.js` of a build with arguments. */
export function startChild(
  build: ChildBuild,
  script: string,
  args: readonly string[],
): Child {
  const file = join(build.folder, 'test/state/support', `${script}.js`);
  const child = spawn(process.execPath, [file, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  createInterface({ input: child.stdout! }).on('line', (line) => {
    events.push(JSON.parse(line) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  // `close` comes after the last stdout line, unlike `exit`.
  let isClosed = false;
  const exited = new Promise<number | string>((done) =>
    child.on('close', (code, signal) => {
      isClosed = true;
      for (const wake of waiters.splice(0)) wake();
      done(code ?? signal ?? -1);
    }),
  );

  const waitFor = (event: string, timeoutMs = 20_000) =>
    new Promise<Record<string, unknown>>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`no "${event}" from ${script}: ${stderr}`)),
        timeoutMs,
      );
      const look = (): void => {
        const hit = events.find((e) => e.event === event);
        if (hit) {
          clearTimeout(timer);
          done(hit);
        } else if (isClosed) {
          clearTimeout(timer);
          fail(new Error(`${script} ended before "${event}": ${stderr}`));
        } else {
          waiters.push(look);
        }
      };
      look();
    });
  return { process: child, events, waitFor, exited };
}
