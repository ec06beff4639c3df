// One end-to-end world: the reference warehouse on PostgreSQL, a Slack
// receiver and an SMTP server on 127.0.0.1, and a monitor config that
// points the real daemon at all of them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMonitor, type CliRun } from '../../support/cli.js';
import {
  MONITOR_PASSWORD,
  setUpProduction,
  type ProductionSetup,
} from '../../support/production-db.js';
import {
  startSlackReceiver,
  type SlackReceiver,
} from '../../notifiers/support/slack-receiver.js';
import {
  startSmtpReceiver,
  type SmtpReceiver,
} from '../../notifiers/support/smtp-receiver.js';
import {
  findFreePort,
  startDaemonProcess,
  type DaemonProcess,
} from './daemon.js';

/** The server token: a secret no output may show. */
export const TOKEN = 'e2e-token-Qm7Zx41Lw9';

/** The SMTP password, another such secret. */
export const SMTP_PASSWORD = 'smtp-pw-Hn42Kd8';

/** The `notify.email.to` address: gets every alert. */
export const TEAM = 'oncall@example.com';

/** The owner of aud-product-buyers: gets the alerts about it. */
export const OWNER = 'buyers-owner@example.com';

/** An HTTP answer of the daemon's API. */
export interface ApiReply {
  readonly status: number;
  readonly text: string;
  json<T = unknown>(): T;
}

/** Everything one end-to-end test drives. */
export interface World {
  readonly production: ProductionSetup;
  /** `<DATABASE>.PROD.PRODUCT_SKUS`, the table the tests drop. */
  readonly tableRef: string;
  /** The key of its `table_missing` finding. */
  readonly findingKey: string;
  readonly slack: SlackReceiver;
  readonly smtp: SmtpReceiver;
  readonly baseUrl: string;
  /** The environment the monitor runs with (it carries the secrets). */
  readonly env: Record<string, string>;
  /** Every secret of this world, each a string no output may contain. */
  readonly secrets: readonly string[];
  /** Starts `monitor start`; `close` kills it if a test did not stop it. */
  startDaemon(): Promise<DaemonProcess>;
  /** SIGTERM; the exit code and how long the exit took. */
  stopDaemon(
    daemon: DaemonProcess,
  ): Promise<{ code: number | null; ms: number }>;
  /** SIGKILL, as a crash would end it. */
  killDaemon(daemon: DaemonProcess): Promise<void>;
  /** Runs `monitor ARGS --config …` as a second process. */
  cli(args: readonly string[]): Promise<CliRun>;
  /** Calls the daemon's HTTP API with the bearer token. */
  api(method: string, path: string, body?: unknown): Promise<ApiReply>;
  /** Drops `prod.product_skus`, as someone in the warehouse would. */
  dropProductTable(): Promise<void>;
  /** Creates it again with its columns and the monitor's grant. */
  repairProductTable(): Promise<void>;
  /** Kills leftover daemons, stops the receivers. */
  close(): Promise<void>;
}

/** How a world differs between test files. */
export interface WorldOptions {
  /** A database of its own, so that test files can run side by side. */
  readonly database: string;
  /** The daemon's `log_level`; debug shows more that could leak. */
  readonly logLevel?: 'debug' | 'info';
}

/** Builds a fresh world: new database, new receivers, new state file. */
export async function createWorld(options: WorldOptions): Promise<World> {
  const slack = await startSlackReceiver();
  const smtp = await startSmtpReceiver({
    auth: { user: 'mailer', pass: SMTP_PASSWORD },
  });
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const production = await setUpProduction({
    database: options.database,
    extraConfig: extraConfig(port, options.logLevel ?? 'info'),
  });
  useOwnConsumers(production);

  const env = {
    CASE_PASSWORD: MONITOR_PASSWORD,
    SLACK_WEBHOOK_URL: slack.url,
    SMTP_URL: smtp.url,
    MONITOR_TOKEN: TOKEN,
  };
  const webhookPath = new URL(slack.url).pathname;
  const tableRef = `${options.database.toUpperCase()}.PROD.PRODUCT_SKUS`;
  const running = new Set<DaemonProcess>();
  return {
    production,
    tableRef,
    findingKey: `table_missing:${tableRef}`,
    slack,
    smtp,
    baseUrl,
    env,
    secrets: [
      TOKEN,
      SMTP_PASSWORD,
      MONITOR_PASSWORD,
      webhookPath,
      slack.secret,
    ],
    startDaemon: async () => {
      const daemon = await startDaemonProcess(production.configPath, env);
      running.add(daemon);
      return daemon;
    },
    stopDaemon: (daemon) => {
      running.delete(daemon);
      return daemon.stop();
    },
    killDaemon: (daemon) => {
      running.delete(daemon);
      return daemon.kill();
    },
    cli: (args) =>
      runMonitor([...args, '--config', production.configPath], { env }),
    api: (method, path, body) => callApi(baseUrl, method, path, body),
    dropProductTable: () => production.sql('DROP TABLE prod.product_skus'),
    repairProductTable: () =>
      production.sql(
        'CREATE TABLE prod.product_skus ' +
          '(sku text PRIMARY KEY, title text, price numeric(10,2)); ' +
          'GRANT SELECT ON prod.product_skus TO case_monitor',
      ),
    close: async () => {
      // Only a failed test leaves a daemon running.
      for (const daemon of running) await daemon.kill();
      await slack.close();
      await smtp.close();
      rmSync(production.dir, { recursive: true, force: true });
    },
  };
}

async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<ApiReply> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

// A cron that practically never fires: the tests trigger every sync.
function extraConfig(port: number, logLevel: string): string {
  return `schedule: "0 0 1 1 *"
timezone: UTC
alerts:
  delivery_timeout: 2s
notify:
  slack:
    webhook_url: \${SLACK_WEBHOOK_URL}
    channel: "#data-graph"
  email:
    smtp_url: \${SMTP_URL}
    from: monitor@example.com
    to: [${TEAM}]
server:
  listen: 127.0.0.1:${port}
  token: \${MONITOR_TOKEN}
  public_url: http://127.0.0.1:${port}
log_level: ${logLevel}
`;
}

// The cases' consumers, with an owner for the product buyers audience.
function useOwnConsumers(production: ProductionSetup): void {
  const consumers = `- id: aud-premium-carts
  name: Premium shoppers with open carts
  type: linked_audience
  uses: [relationship:user-carts]
- id: aud-product-buyers
  name: Bought a product
  type: linked_audience
  uses: [relationship:products]
  owner: ${OWNER}
- id: aud-households
  name: Households with a subscription
  type: linked_audience
  uses: [relationship:user-subscriptions]
`;
  writeFileSync(join(production.dir, 'consumers.yaml'), consumers);
  const config = readFileSync(production.configPath, 'utf8').replace(
    /^consumers: .*$/m,
    'consumers: ./consumers.yaml',
  );
  writeFileSync(production.configPath, config);
}
