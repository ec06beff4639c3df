// Compares a `sync-now --json` run with a case's expect.json, by the rules
// of the cases' README.
import { expect } from 'vitest';
import type { CliRun } from '../support/cli.js';

/** The shape of expect.json. */
export interface CaseExpectation {
  readonly exitCode: number;
  readonly onlyThese?: boolean;
  readonly summary?: Record<string, unknown>;
  readonly findings: readonly ExpectedFinding[];
}

interface ExpectedFinding {
  readonly kind: string;
  readonly severity: string;
  readonly status: string;
  readonly tableRef: string;
  readonly column: string | null;
  readonly uses?: readonly { subject: string; role: string }[];
  readonly affectedConsumers?: readonly string[];
}

interface ReportedFinding extends Omit<ExpectedFinding, 'affectedConsumers'> {
  readonly affectedConsumers: readonly { id: string }[];
}

/** Asserts the run against the expectation, with readable failures. */
export function expectCaseReport(run: CliRun, expected: CaseExpectation): void {
  expect(run.stderr).not.toContain('this is a bug');
  expect(run.code, run.stderr).toBe(expected.exitCode);
  const report = JSON.parse(run.stdout) as {
    findings: ReportedFinding[];
    summary: Record<string, unknown>;
  };

  for (const want of expected.findings) {
    const got = report.findings.find((f) => isSameFinding(f, want));
    expect(got, `missing ${describe(want)} in ${run.stdout}`).toBeDefined();
    if (!got) continue;
    for (const use of want.uses ?? []) expect(got.uses).toContainEqual(use);
    if (want.affectedConsumers) {
      expect(got.affectedConsumers.map((c) => c.id).sort()).toEqual(
        [...want.affectedConsumers].sort(),
      );
    }
  }

  if (expected.onlyThese) {
    expect(report.findings.map(describe)).toEqual(
      expected.findings.map(describe),
    );
  }
  if (expected.summary) expect(report.summary).toMatchObject(expected.summary);
}

function isSameFinding(got: ExpectedFinding, want: ExpectedFinding): boolean {
  const same = (a: string | null, b: string | null): boolean =>
    (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
  return (
    got.kind === want.kind &&
    got.severity === want.severity &&
    got.status === want.status &&
    same(got.tableRef, want.tableRef) &&
    same(got.column, want.column)
  );
}

function describe(f: ExpectedFinding): string {
  const where = [f.tableRef, f.column].filter(Boolean).join('.');
  return `${f.kind} ${f.severity} ${f.status} ${where}`.toLowerCase();
}
