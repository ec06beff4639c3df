// Every scenario case of ../shared/cases (copied to test/fixtures/cases)
// against a real PostgreSQL server, through the built CLI: a baseline sync,
// the change, a sync whose --json report must match expect.json, and the
// fix where there is one.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { REPO_ROOT, runMonitor } from '../support/cli.js';
import { runSql } from '../support/postgres.js';
import { expectCaseReport, type CaseExpectation } from './expect-case.js';

const CASES = join(REPO_ROOT, 'test', 'fixtures', 'cases');
const ROLE = 'case_monitor';
const PASSWORD = 'case-pw-7731';

const caseNames = readdirSync(CASES).filter((n) =>
  existsSync(join(CASES, n, 'expect.json')),
);

describe('scenario cases against PostgreSQL', () => {
  let adminUrl = '';

  beforeAll(async () => {
    adminUrl = inject('pgAdminUrl');
    await runSql(
      adminUrl,
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${ROLE}') THEN
           CREATE ROLE ${ROLE} LOGIN PASSWORD '${PASSWORD}';
         END IF;
       END $$;`,
    );
  });

  it('has the four shared cases', () => {
    expect(caseNames.length).toBeGreaterThanOrEqual(4);
  });

  for (const name of caseNames) {
    it(`${name}: the report after the change matches expect.json`, async () => {
      const productionUrl = await resetProduction(adminUrl);
      const dir = writeCaseConfig(productionUrl);
      const env = { CASE_PASSWORD: PASSWORD };
      const sync = () =>
        runMonitor(['sync-now', '--json', '--no-notify', '--config', join(dir, 'config.yaml')], { env });

      const baseline = await sync();
      expect(baseline.stderr).not.toContain('this is a bug');
      expect(JSON.parse(baseline.stdout).findings).toEqual([]);
      expect(baseline.code).toBe(0);

      await runSql(productionUrl, readCaseFile(name, 'change.sql'));
      const after = await sync();
      expectCaseReport(after, readExpectation(name, 'expect.json'));

      if (existsSync(join(CASES, name, 'fix.sql'))) {
        await runSql(productionUrl, readCaseFile(name, 'fix.sql'));
        const fixed = await sync();
        expectCaseReport(fixed, readExpectation(name, 'expect-after-fix.json'));
      }
    });
  }
});

async function resetProduction(adminUrl: string): Promise<string> {
  await runSql(adminUrl, 'DROP DATABASE IF EXISTS production WITH (FORCE)');
  await runSql(adminUrl, 'CREATE DATABASE production');
  const url = new URL(adminUrl);
  url.pathname = '/production';
  const sql = readFileSync(join(CASES, 'warehouse.sql'), 'utf8').replaceAll(
    'TO monitor',
    `TO ${ROLE}`,
  );
  await runSql(url.toString(), sql);
  return url.toString();
}

function writeCaseConfig(productionUrl: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dgm-case-'));
  const url = new URL(productionUrl);
  const config = [
    `graph: ${join(CASES, 'graph.hcl')}`,
    `consumers: ${join(CASES, 'consumers.yaml')}`,
    'warehouse:',
    '  type: postgres',
    `  url: postgres://${ROLE}:\${CASE_PASSWORD}@${url.host}/production`,
    '  query_timeout: 20s',
    'state: ./monitor.db',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config.yaml'), config);
  return dir;
}

function readCaseFile(name: string, file: string): string {
  return readFileSync(join(CASES, name, file), 'utf8');
}

function readExpectation(name: string, file: string): CaseExpectation {
  return JSON.parse(readCaseFile(name, file)) as CaseExpectation;
}
