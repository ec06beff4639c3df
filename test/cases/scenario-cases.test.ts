// Every scenario case of ../shared/cases (copied to test/fixtures/cases)
// against a real PostgreSQL server, through the built CLI: a baseline sync,
// the change, a sync whose --json report must match expect.json, and the
// fix where there is one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES_DIR, setUpProduction } from '../support/production-db.js';
import { expectCaseReport, type CaseExpectation } from './expect-case.js';

const caseNames = readdirSync(CASES_DIR).filter((n) =>
  existsSync(join(CASES_DIR, n, 'expect.json')),
);

describe('scenario cases against PostgreSQL', () => {
  it('has the four shared cases', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of caseNames) {
    it(`${name}: the report after the change matches expect.json`, async () => {
      const production = await setUpProduction();

      const baseline = await production.syncJson();
      expect(baseline.report.findings).toEqual([]);
      expect(baseline.run.code).toBe(0);

      await production.sql(readCaseFile(name, 'change.sql'));
      expectCaseReport((await production.syncJson()).run, readExpectation(name, 'expect.json'));

      if (existsSync(join(CASES_DIR, name, 'fix.sql'))) {
        await production.sql(readCaseFile(name, 'fix.sql'));
        const fixed = (await production.syncJson()).run;
        expectCaseReport(fixed, readExpectation(name, 'expect-after-fix.json'));
      }
    });
  }
});

function readCaseFile(name: string, file: string): string {
  return readFileSync(join(CASES_DIR, name, file), 'utf8');
}

function readExpectation(name: string, file: string): CaseExpectation {
  return JSON.parse(readCaseFile(name, file)) as CaseExpectation;
}
