// The cases' warehouse (test/fixtures/cases/warehouse.sql) as a fresh
// `production` database on the test server, read by a non-superuser role,
// with a monitor config in a temp folder.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT, runMonitor, type CliRun } from './cli.js';
import { runSql } from './postgres.js';

export const CASES_DIR = join(REPO_ROOT, 'test', 'fixtures', 'cases');
export const MONITOR_ROLE = 'case_monitor';
export const MONITOR_PASSWORD = 'case-pw-7731';

/** A production database and a config folder for one scenario. */
export interface ProductionSetup {
  readonly superUrl: string;
  readonly dir: string;
  readonly configPath: string;
  /** Runs `monitor ARGS --config …` with the password in the environment. */
  monitor(args: readonly string[]): Promise<CliRun>;
  /** `sync-now --json --no-notify`, parsed. */
  syncJson(extra?: readonly string[]): Promise<{ run: CliRun; report: SyncJson }>;
  sql(text: string): Promise<void>;
}

/** The parts of `sync-now --json` tests read. */
export interface SyncJson {
  sync: { id: number | null; status: string; error: string | null; metadataQueries: number; unknown: { database: string; reason: string }[] };
  findings: {
    key: string; kind: string; severity: string; status: string; new: boolean;
    tableRef: string; column: string | null; suggestion: string | null;
    uses: { subject: string; role: string }[];
    affectedConsumers: { id: string; name: string }[];
    before: unknown; after: unknown;
  }[];
  summary: { open: { definite: number; potential: number }; opened: number; worsened: number; resolved: number };
}

/** Recreates `production` from warehouse.sql; one test at a time uses it. */
export async function setUpProduction(
  options: {
    /** Another name lets test files run in parallel; the graph follows. */
    database?: string;
    port?: number;
    password?: string;
    extraConfig?: string;
  } = {},
): Promise<ProductionSetup> {
  const adminUrl = inject('pgAdminUrl');
  const database = options.database ?? 'production';
  await ensureMonitorRole(adminUrl);
  await runSql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await runSql(adminUrl, `CREATE DATABASE ${database}`);

  const superUrl = new URL(adminUrl);
  superUrl.pathname = `/${database}`;
  const sql = readFileSync(join(CASES_DIR, 'warehouse.sql'), 'utf8')
    .replaceAll('TO monitor', `TO ${MONITOR_ROLE}`);
  await runSql(superUrl.toString(), sql);

  const dir = mkdtempSync(join(tmpdir(), 'dgm-prod-'));
  const configPath = join(dir, 'config.yaml');
  const graph = readFileSync(join(CASES_DIR, 'graph.hcl'), 'utf8').replaceAll(
    '"PRODUCTION.',
    `"${database.toUpperCase()}.`,
  );
  writeFileSync(join(dir, 'graph.hcl'), graph);
  const host = `127.0.0.1:${options.port ?? superUrl.port}`;
  writeFileSync(configPath, [
    'graph: ./graph.hcl',
    `consumers: ${join(CASES_DIR, 'consumers.yaml')}`,
    'warehouse:',
    '  type: postgres',
    `  url: postgres://${MONITOR_ROLE}:\${CASE_PASSWORD}@${host}/${database}`,
    '  query_timeout: 20s',
    'state: ./monitor.db',
    options.extraConfig ?? '',
  ].join('\n'));

  const env = { CASE_PASSWORD: options.password ?? MONITOR_PASSWORD };
  const monitor = (args: readonly string[]) =>
    runMonitor([...args, '--config', configPath], { env });
  return {
    superUrl: superUrl.toString(),
    dir,
    configPath,
    monitor,
    sql: (text) => runSql(superUrl.toString(), text),
    syncJson: async (extra = []) => {
      const run = await monitor(['sync-now', '--json', '--no-notify', ...extra]);
      if (run.stdout.trim() === '') {
        throw new Error(`no report (exit ${run.code}): ${run.stderr}`);
      }
      return { run, report: JSON.parse(run.stdout) as SyncJson };
    },
  };
}

async function ensureMonitorRole(adminUrl: string): Promise<void> {
  await runSql(
    adminUrl,
    `DO $$ BEGIN
       IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${MONITOR_ROLE}') THEN
         CREATE ROLE ${MONITOR_ROLE} LOGIN PASSWORD '${MONITOR_PASSWORD}';
       END IF;
     END $$;`,
  );
}
