// Runs fuzzed graphs through the built CLI (`monitor validate`): a broken
// graph exits 2 with file:line:column messages, never a stack trace or
// "this is a bug". Replay with FUZZ_SEED=<seed> (FUZZ_CLI_CASES=<n>).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGraph } from '../../src/graph/parse-graph.js';
import { runMonitor, type CliRun } from '../support/cli.js';
import { describeFailure } from './check-parse.js';
import {
  buildBytes,
  buildCase,
  HUGE_CASES,
  UNICODE_CASE_COUNT,
} from './fuzz-cases.js';
import type { FuzzCase } from './graph-mutations.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20260506);
const CASES = Number(process.env['FUZZ_CLI_CASES'] ?? 200);
const PARALLEL = 3;
const dir = mkdtempSync(join(tmpdir(), 'dgm-cli-fuzz-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe(`monitor validate on fuzzed graphs (FUZZ_SEED=${SEED})`, () => {
  it('exits 2 with a file:line:column message for every broken graph', async () => {
    const cases = pickCases(CASES);
    const failures: string[] = [];
    let broken = 0;

    await forEachLimited(cases, PARALLEL, async (item, n) => {
      const graphPath = join(dir, `graph-${n}.hcl`);
      const isValid = parseGraph(item.text, graphPath).graph !== null;
      if (!isValid) broken += 1;
      const run = await validate(n, item.bytes ?? item.text);
      const problems = checkRun(run, graphPath, isValid, item.text);
      if (problems.length > 0) {
        const detail = { seed: SEED, index: item.index, steps: item.steps };
        failures.push(describeFailure(detail, item.text, problems));
      }
    });

    expect(failures.slice(0, 3).join('\n\n')).toBe('');
    expect(broken).toBeGreaterThan(CASES * 0.8);
    console.info(
      `fuzz cli: seed ${SEED}, ${cases.length} runs of monitor validate, ` +
        `${broken} broken graphs`,
    );
  }, 120_000);
});

interface CliCase extends FuzzCase {
  readonly index: number;
  /** Written instead of the text: damaged UTF-8 as it was on disk. */
  readonly bytes?: Buffer;
}

// Mostly mutations, a slice of the odd-unicode cases, damaged bytes and
// two huge files.
function pickCases(count: number): CliCase[] {
  const cases: CliCase[] = [];
  for (let index = 0; index < 20; index++) {
    const { bytes, steps } = buildBytes(SEED, index);
    cases.push({ text: bytes.toString('utf8'), steps, index, bytes });
  }
  for (let i = 0; i < 20; i++) {
    const index = (i * 37) % UNICODE_CASE_COUNT;
    cases.push({ ...buildCase('unicode', SEED, index), index });
  }
  for (const index of [1, 6]) {
    cases.push({ ...buildCase('huge', SEED, index), index });
  }
  for (let index = 0; cases.length < count; index++) {
    cases.push({ ...buildCase('mutation', SEED, index), index });
  }
  expect(HUGE_CASES.length).toBeGreaterThan(6);
  return cases;
}

async function validate(n: number, text: string | Buffer): Promise<CliRun> {
  writeFileSync(join(dir, `graph-${n}.hcl`), text);
  const config = join(dir, `config-${n}.yaml`);
  writeFileSync(
    config,
    [
      `graph: ./graph-${n}.hcl`,
      'consumers: []',
      'warehouse:',
      '  type: duckdb',
      '  path: ./none.duckdb',
      `state: ./state-${n}.db`,
    ].join('\n'),
  );
  return runMonitor(['validate', '--config', config]);
}

function checkRun(
  run: CliRun,
  graphPath: string,
  isValid: boolean,
  text: string,
): string[] {
  const problems: string[] = [];
  const all = run.stdout + run.stderr;
  if (/this is a bug|\n\s+at .+:\d+:\d+\)?$/m.test(all)) {
    problems.push(`a bug or stack trace:\n${all.slice(0, 2000)}`);
  }
  if (run.code !== (isValid ? 0 : 2)) {
    problems.push(`exit ${run.code}, expected ${isValid ? 0 : 2}`);
  }
  if (isValid) return problems;

  const lines = run.stderr.split('\n').filter((line) => line !== '');
  const counts = text.split('\n');
  const place = new RegExp(
    `^(?:monitor: )?${escapeRegExp(graphPath)}:(\\d+):(\\d+): ` +
      '(?:error|warning): [^\\s]',
  );
  for (const line of lines) {
    const match = place.exec(line);
    const lineNo = Number(match?.[1]);
    const column = Number(match?.[2]);
    const length = counts[lineNo - 1]?.length ?? -1;
    if (!match || lineNo < 1 || column < 1 || column > length + 1) {
      problems.push(
        `unplaced stderr line: ${JSON.stringify(line.slice(0, 300))}`,
      );
    }
  }
  if (lines.length === 0) problems.push('no message on stderr');
  if (run.stdout !== '') problems.push(`stdout: ${run.stdout.slice(0, 300)}`);
  return problems;
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
