// One fault test's world: a PostgreSQL server of its own holding the
// reference warehouse (and, when asked, a second database `analytics`),
// a monitor config in a temp folder, and the built `monitor` binary run
// as real child processes.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSql } from '../../support/postgres.js';
import { CASES_DIR } from '../../support/production-db.js';
import { MONITOR_ROLE } from './breakables.js';
import { startFaultServer, type FaultServer } from './fault-server.js';
import {
  spawnMonitor,
  type MonitorProcess,
  type MonitorRun,
  type SpawnOptions,
} from './monitor-process.js';

/** The monitor role's password; a secret no output may show. */
export const MONITOR_PASSWORD = 'fault-pw-Jq83Lx2';

/** The owner of aud-product-buyers: gets an email of its own. */
export const OWNER = 'buyers-owner@example.com';

/** How a world differs between test files. */
export interface FaultWorldOptions {
  /** Adds database `analytics` with two entities of the graph. */
  readonly withAnalytics?: boolean;
  /** More top-level YAML for the config (alerts, notify, server). */
  readonly extraConfig?: string;
  /** More environment for the monitor (webhook and SMTP URLs). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The parts of `sync-now --json` the fault tests read. */
export interface SyncReportJson {
  readonly sync: {
    readonly id: number | null;
    readonly status: string;
    readonly error: string | null;
    readonly unknown: readonly { database: string; reason: string }[];
  };
  readonly findings: readonly { key: string; status: string; new: boolean }[];
  readonly summary: { opened: number; resolved: number; worsened: number };
}

/** How to run the monitor; another config file may be named. */
export interface WorldSpawnOptions extends SpawnOptions {
  readonly configPath?: string;
}

/** Everything one fault test drives. */
export interface FaultWorld {
  readonly server: FaultServer;
  readonly dir: string;
  readonly configPath: string;
  /** The state file, in a folder of its own (`state/`). */
  readonly statePath: string;
  readonly env: Readonly<Record<string, string>>;
  /** Runs SQL as the superuser in one of the warehouse's databases. */
  sql(database: 'production' | 'analytics', text: string): Promise<void>;
  /** Starts `monitor ARGS --config …`; the caller may kill it. */
  spawn(args: readonly string[], options?: WorldSpawnOptions): MonitorProcess;
  /** Runs `monitor ARGS --config …` to its end. */
  run(
    args: readonly string[],
    options?: WorldSpawnOptions,
  ): Promise<MonitorRun>;
  /** Writes an edited copy of the config; returns its path. */
  configVariant(edit: (text: string) => string): string;
  /** `sync-now --json --no-notify`, parsed; throws when nothing printed. */
  syncJson(): Promise<{ run: MonitorRun; report: SyncReportJson }>;
  close(): Promise<void>;
}

/** Starts a server, loads the warehouse, writes the config. */
export async function createFaultWorld(
  options: FaultWorldOptions = {},
): Promise<FaultWorld> {
  const server = await startFaultServer();
  const dir = mkdtempSync(join(tmpdir(), 'dgm-fault-'));
  mkdirSync(join(dir, 'state'));
  const configPath = join(dir, 'config.yaml');
  const isAnalytics = options.withAnalytics === true;

  await loadWarehouse(server.adminUrl, isAnalytics);
  writeFileSync(join(dir, 'graph.hcl'), graphText(isAnalytics));
  writeFileSync(join(dir, 'consumers.yaml'), consumersText(isAnalytics));
  writeFileSync(configPath, configText(server.port, options.extraConfig));

  const env = { FAULT_PASSWORD: MONITOR_PASSWORD, ...options.env };
  let variants = 0;
  const spawn = (args: readonly string[], opts?: WorldSpawnOptions) =>
    spawnMonitor(
      [...args, '--config', opts?.configPath ?? configPath],
      env,
      opts,
    );
  return {
    server,
    dir,
    configPath,
    statePath: join(dir, 'state', 'monitor.db'),
    env,
    sql: (database, text) => runSql(databaseUrl(server, database), text),
    spawn,
    run: (args, opts) => spawn(args, opts).result,
    configVariant: (edit) => {
      variants += 1;
      const path = join(dir, `config-${variants}.yaml`);
      writeFileSync(path, edit(readFileSync(configPath, 'utf8')));
      return path;
    },
    syncJson: async () => {
      const run = await spawn(['sync-now', '--json', '--no-notify']).result;
      if (run.stdout.trim() === '') {
        throw new Error(`no report (exit ${run.code}): ${run.stderr}`);
      }
      return { run, report: JSON.parse(run.stdout) as SyncReportJson };
    },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The superuser URL of one database of the world's server. */
export function databaseUrl(server: FaultServer, database: string): string {
  const url = new URL(server.adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function loadWarehouse(
  adminUrl: string,
  isAnalytics: boolean,
): Promise<void> {
  await runSql(
    adminUrl,
    `CREATE ROLE ${MONITOR_ROLE} LOGIN PASSWORD '${MONITOR_PASSWORD}'`,
  );
  // CREATE DATABASE refuses to share a statement string with others.
  await runSql(adminUrl, 'CREATE DATABASE production');
  if (isAnalytics) await runSql(adminUrl, 'CREATE DATABASE analytics');
  const production = new URL(adminUrl);
  production.pathname = '/production';
  const sql = readFileSync(join(CASES_DIR, 'warehouse.sql'), 'utf8').replaceAll(
    'TO monitor',
    `TO ${MONITOR_ROLE}`,
  );
  await runSql(production.toString(), sql);
  if (!isAnalytics) return;

  const analytics = new URL(adminUrl);
  analytics.pathname = '/analytics';
  await runSql(
    analytics.toString(),
    'CREATE SCHEMA mkt; ' +
      'CREATE TABLE mkt.campaign (id bigint PRIMARY KEY, channel_id bigint); ' +
      'CREATE TABLE mkt.channel (id bigint PRIMARY KEY, name text); ' +
      `GRANT USAGE ON SCHEMA mkt TO ${MONITOR_ROLE}; ` +
      `GRANT SELECT ON ALL TABLES IN SCHEMA mkt TO ${MONITOR_ROLE}`,
  );
}

function graphText(isAnalytics: boolean): string {
  const graph = readFileSync(join(CASES_DIR, 'graph.hcl'), 'utf8');
  if (!isAnalytics) return graph;
  const entities = [
    ['campaign-entity', 'campaign', 'ANALYTICS.MKT.CAMPAIGN'],
    ['channel-entity', 'channel', 'ANALYTICS.MKT.CHANNEL'],
  ].map(
    ([slug, name, ref]) =>
      `  entity "${slug}" {\n    name = "${name}"\n` +
      `    table_ref = "${ref}"\n    primary_key = "ID"\n  }\n`,
  );
  return graph.replace(
    '  # profile tables',
    `${entities.join('')}\n  # profile tables`,
  );
}

function consumersText(isAnalytics: boolean): string {
  const consumers = [
    '- id: aud-premium-carts',
    '  name: Premium shoppers with open carts',
    '  type: linked_audience',
    '  uses: [relationship:user-carts]',
    '- id: aud-product-buyers',
    '  name: Bought a product',
    '  type: linked_audience',
    '  uses: [relationship:products]',
    `  owner: ${OWNER}`,
    '- id: aud-households',
    '  name: Households with a subscription',
    '  type: linked_audience',
    '  uses: [relationship:user-subscriptions]',
  ];
  const analytics = [
    '- id: aud-campaigns',
    '  name: Reached by a campaign',
    '  type: other',
    '  uses: [entity:campaign-entity, entity:channel-entity]',
  ];
  return [...consumers, ...(isAnalytics ? analytics : []), ''].join('\n');
}

// A cron that practically never fires: the tests start every sync.
function configText(port: number, extra = ''): string {
  return [
    'graph: ./graph.hcl',
    'consumers: ./consumers.yaml',
    'warehouse:',
    '  type: postgres',
    `  url: postgres://${MONITOR_ROLE}:\${FAULT_PASSWORD}@` +
      `127.0.0.1:${port}/production`,
    '  query_timeout: 20s',
    'state: ./state/monitor.db',
    'schedule: "0 0 1 1 *"',
    'timezone: UTC',
    extra,
    '',
  ].join('\n');
}
