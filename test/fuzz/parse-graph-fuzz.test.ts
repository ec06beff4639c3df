// Fuzzes the graph parser with thousands of seeded mutations of the
// reference graph, odd Unicode at every kind of place and files of a few
// megabytes. Replay a run with FUZZ_SEED=<seed> (and FUZZ_CASES=<n>).
import { describe, expect, it } from 'vitest';
import { describeFailure } from './check-parse.js';
import {
  buildCase,
  HUGE_CASES,
  UNICODE_CASE_COUNT,
  type CaseFamily,
} from './fuzz-cases.js';
import { runFuzzChild, type ChildReport } from './run-child.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20260506);
const CASES = Number(process.env['FUZZ_CASES'] ?? 6000);
const BYTE_CASES = 1000;

describe(`the graph parser under fuzzing (FUZZ_SEED=${SEED})`, () => {
  it('ends every mutated reference graph in a graph or placed errors, quickly', async () => {
    const half = Math.ceil(CASES / 2);
    const job = { family: 'mutation' as const, seed: SEED, limitMs: 500 };
    const reports = await Promise.all([
      runFuzzChild({ ...job, from: 0, to: half, stallMs: 5_000 }),
      runFuzzChild({ ...job, from: half, to: CASES, stallMs: 5_000 }),
    ]);

    for (const report of reports) expectClean('mutation', report);
    const started = reports.reduce((n, r) => n + r.started, 0);
    const valid = reports.reduce((n, r) => n + r.valid, 0);
    expect(started).toBe(CASES);
    // Some mutations (a comment, a swapped line) keep the graph valid.
    expect(valid).toBeGreaterThan(0);
    expect(valid).toBeLessThan(CASES);
    report('mutation', reports);
  }, 60_000);

  it('places every diagnostic of odd unicode anywhere in the file', async () => {
    const result = await runFuzzChild({
      family: 'unicode',
      seed: SEED,
      from: 0,
      to: UNICODE_CASE_COUNT,
      limitMs: 500,
      stallMs: 5_000,
    });

    expectClean('unicode', result);
    expect(result.started).toBe(UNICODE_CASE_COUNT);
    report('unicode', [result]);
  }, 30_000);

  it('places every diagnostic of a file whose UTF-8 bytes are damaged', async () => {
    const result = await runFuzzChild({
      family: 'bytes',
      seed: SEED,
      from: 0,
      to: BYTE_CASES,
      limitMs: 500,
      stallMs: 5_000,
    });

    expectClean('bytes', result);
    expect(result.started).toBe(BYTE_CASES);
    report('bytes', [result]);
  }, 30_000);

  it('reads files of a few megabytes without a hang or a stack overflow', async () => {
    const result = await runFuzzChild({
      family: 'huge',
      seed: SEED,
      from: 0,
      to: HUGE_CASES.length,
      // Linear but large: 300,000 errors take about 3 s on a busy machine.
      limitMs: 10_000,
      stallMs: 20_000,
    });

    expectClean('huge', result);
    expect(result.started).toBe(HUGE_CASES.length);
    // Valid: the 3 MB graph, the 2 MB string, the 2 MB line comment and
    // the 200,000 unknown attributes (warnings only).
    expect(result.valid).toBe(4);
    report('huge', [result]);
  }, 60_000);
});

function expectClean(family: CaseFamily, report: ChildReport): void {
  const messages = report.failures.slice(0, 3).map((failure) => {
    const { text, steps } = buildCase(family, SEED, failure.index);
    const detail = { seed: SEED, index: failure.index, steps };
    return describeFailure(detail, text, failure.problems);
  });
  if (report.stuckAt !== null) {
    const { index, why } = report.stuckAt;
    const { text, steps } = buildCase(family, SEED, index);
    const detail = { seed: SEED, index, steps };
    messages.unshift(describeFailure(detail, text, [`stuck: ${why}`]));
  }
  expect(messages.join('\n\n'), `${family} cases`).toBe('');
}

function report(family: CaseFamily, reports: readonly ChildReport[]): void {
  const slowest = reports
    .map((r) => r.slowest)
    .reduce((a, b) => (b.ms > a.ms ? b : a));
  const steps = buildCase(family, SEED, slowest.index).steps.join(', ');
  const cases = reports.reduce((n, r) => n + r.started, 0);
  const valid = reports.reduce((n, r) => n + r.valid, 0);
  const diagnostics = reports.reduce((n, r) => n + r.diagnostics, 0);
  console.info(
    `fuzz ${family}: seed ${SEED}, ${cases} cases, ${valid} valid, ` +
      `${diagnostics} diagnostics; slowest case ${slowest.index} ` +
      `(${steps}) ${slowest.ms.toFixed(1)} ms`,
  );
}
