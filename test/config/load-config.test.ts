import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { loadText, makeFolder, MINIMAL } from './support.js';

const FULL = `
graph: ./graphs/data-graph.hcl
consumers:
  - id: aud-premium-carts
    name: Premium shoppers with open carts
    type: linked_audience
    uses: [relationship:user-carts, entity:cart-entity]
    owner: growth@example.com
warehouse:
  type: duckdb
  path: ./production.duckdb
  database: prod
  attach: [./other.duckdb, /abs/third.duckdb]
  query_timeout: 45s
schedule: "0 */2 * * *"
timezone: Europe/Paris
state: ./state/monitor.db
state_retention: 30d
checks:
  confirm_after: 2
  max_missing_ratio: 0.25
  suspect_syncs_before_open: 4
  max_probes: 0
  primary_key_uniqueness: true
  primary_key_uniqueness_schedule: "30 4 * * 1"
alerts:
  failed_syncs_before_alert: 5
  repeat_interval: 24h
  delivery_timeout: 2m
  max_attempts: 3
notify:
  slack: { webhook_url: "\${SLACK_WEBHOOK_URL}", channel: "#data-graph" }
  email:
    smtp_url: "\${SMTP_URL}"
    from: Monitor <monitor@example.com>
    to: [data@example.com, oncall@example.com]
server:
  listen: 0.0.0.0:9090
  token: "\${MONITOR_TOKEN}"
  public_url: https://monitor.example.com/
log_level: debug
`;

const FULL_ENV = {
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/abcdefsecret',
  SMTP_URL: 'smtps://mailer:sm%40tp-pass@smtp.example.com:465',
  MONITOR_TOKEN: 'a-long-server-token',
};

describe('loadConfig', () => {
  it('reads every key of a complete config', async () => {
    const config = await loadText(FULL, FULL_ENV);
    const dir = config.configPath.replace(/\/config\.yaml$/, '');

    expect(config.graphPath).toBe(join(dir, 'graphs/data-graph.hcl'));
    expect(config.consumersPath).toBeNull();
    expect(config.consumers).toEqual([
      {
        id: 'aud-premium-carts',
        name: 'Premium shoppers with open carts',
        type: 'linked_audience',
        uses: ['relationship:user-carts', 'entity:cart-entity'],
        owner: 'growth@example.com',
      },
    ]);
    expect(config.warehouse).toEqual({
      type: 'duckdb',
      path: join(dir, 'production.duckdb'),
      database: 'prod',
      attach: [join(dir, 'other.duckdb'), '/abs/third.duckdb'],
      queryTimeoutMs: 45_000,
      url: null,
      snowflake: null,
      bigquery: null,
      databricks: null,
    });
    expect(config.schedule).toBe('0 */2 * * *');
    expect(config.timezone).toBe('Europe/Paris');
    expect(config.statePath).toBe(join(dir, 'state/monitor.db'));
    expect(config.stateRetentionMs).toBe(30 * 86_400_000);
    expect(config.checks).toEqual({
      confirmAfter: 2,
      maxMissingRatio: 0.25,
      suspectSyncsBeforeOpen: 4,
      maxProbes: 0,
      primaryKeyUniqueness: true,
      primaryKeyUniquenessSchedule: '30 4 * * 1',
    });
    expect(config.alerts).toEqual({
      failedSyncsBeforeAlert: 5,
      repeatIntervalMs: 86_400_000,
      deliveryTimeoutMs: 120_000,
      maxAttempts: 3,
    });
    expect(config.notify).toEqual({
      slack: { webhookUrl: FULL_ENV.SLACK_WEBHOOK_URL, channel: '#data-graph' },
      email: {
        smtpUrl: FULL_ENV.SMTP_URL,
        from: 'Monitor <monitor@example.com>',
        to: ['data@example.com', 'oncall@example.com'],
      },
    });
    expect(config.server).toEqual({
      host: '0.0.0.0',
      port: 9090,
      token: 'a-long-server-token',
      publicUrl: 'https://monitor.example.com',
    });
    expect(config.logLevel).toBe('debug');
  });

  it('lists every secret, URLs with credentials whole and their passwords', async () => {
    const config = await loadText(FULL, FULL_ENV);

    expect([...config.secrets].sort()).toEqual(
      [
        FULL_ENV.SLACK_WEBHOOK_URL,
        new URL(FULL_ENV.SLACK_WEBHOOK_URL).pathname,
        FULL_ENV.SMTP_URL,
        'sm%40tp-pass',
        'sm@tp-pass',
        FULL_ENV.MONITOR_TOKEN,
      ].sort(),
    );
  });

  it('fills in the defaults of SPEC §9 for a minimal config', async () => {
    const config = await loadText(MINIMAL);
    const dir = config.configPath.replace(/\/config\.yaml$/, '');

    expect(config.consumers).toEqual([]);
    expect(config.consumersPath).toBeNull();
    expect(config.warehouse.database).toBe('wh');
    expect(config.warehouse.queryTimeoutMs).toBe(60_000);
    expect(config.warehouse.attach).toEqual([]);
    expect(config.schedule).toBe('*/15 * * * *');
    expect(config.timezone).toBe('UTC');
    expect(config.statePath).toBe(join(dir, 'monitor.db'));
    expect(config.stateRetentionMs).toBe(90 * 86_400_000);
    expect(config.checks).toEqual({
      confirmAfter: 1,
      maxMissingRatio: 0.5,
      suspectSyncsBeforeOpen: 3,
      maxProbes: 50,
      primaryKeyUniqueness: false,
      primaryKeyUniquenessSchedule: '0 3 * * *',
    });
    expect(config.alerts).toEqual({
      failedSyncsBeforeAlert: 3,
      repeatIntervalMs: null,
      deliveryTimeoutMs: 30_000,
      maxAttempts: 8,
    });
    expect(config.notify.slack).toEqual({ webhookUrl: null, channel: null });
    expect(config.notify.email.smtpUrl).toBeNull();
    expect(config.notify.email.to).toEqual([]);
    expect(config.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      token: null,
      publicUrl: 'http://localhost:8080',
    });
    expect(config.logLevel).toBe('info');
    expect(config.secrets).toEqual([]);
  });

  it('reads empty webhook, SMTP URL and token as turned off', async () => {
    const config = await loadText(
      `${MINIMAL}notify:\n` +
        `  slack: { webhook_url: "\${SLACK_WEBHOOK_URL:-}" }\n` +
        `  email: { smtp_url: "", to: "" }\n` +
        `server: { token: "\${MONITOR_TOKEN:-}" }\n`,
    );

    expect(config.notify.slack.webhookUrl).toBeNull();
    expect(config.notify.email.smtpUrl).toBeNull();
    expect(config.notify.email.to).toEqual([]);
    expect(config.server.token).toBeNull();
  });

  it('resolves paths against the config file folder, not the cwd', async () => {
    const cwd = await makeFolder({ 'etc/monitor/config.yaml': MINIMAL });
    const config = await loadConfig({
      path: 'etc/monitor/config.yaml',
      env: {},
      cwd,
    });

    expect(config.configPath).toBe(join(cwd, 'etc/monitor/config.yaml'));
    expect(config.graphPath).toBe(join(cwd, 'etc/monitor/graph.hcl'));
    expect(config.warehouse.path).toBe(join(cwd, 'etc/monitor/wh.duckdb'));
    expect(config.statePath).toBe(join(cwd, 'etc/monitor/monitor.db'));
  });

  it('takes --config first, then MONITOR_CONFIG, then ./config.yaml', async () => {
    const cwd = await makeFolder({
      'config.yaml': `${MINIMAL}log_level: info\n`,
      'from-env.yaml': `${MINIMAL}log_level: warn\n`,
      'from-flag.yaml': `${MINIMAL}log_level: error\n`,
    });
    const env = { MONITOR_CONFIG: 'from-env.yaml' };

    const flag = await loadConfig({ path: 'from-flag.yaml', env, cwd });
    const fromEnv = await loadConfig({ env, cwd });
    const fallback = await loadConfig({ env: { MONITOR_CONFIG: '' }, cwd });

    expect(flag.logLevel).toBe('error');
    expect(fromEnv.logLevel).toBe('warn');
    expect(fallback.logLevel).toBe('info');
  });

  it('gives an expanded unquoted value the type it would have had', async () => {
    const config = await loadText(
      `${MINIMAL}checks:\n  max_probes: \${PROBES:-20}\n` +
        `  primary_key_uniqueness: \${PK:-true}\n` +
        `alerts:\n  repeat_interval: \${REPEAT:-null}\n`,
    );

    expect(config.checks.maxProbes).toBe(20);
    expect(config.checks.primaryKeyUniqueness).toBe(true);
    expect(config.alerts.repeatIntervalMs).toBeNull();
  });

  it('keeps a value with YAML syntax in it as plain text', async () => {
    const token = 'x: [y] # not a comment, & not an anchor';
    const config = await loadText(`${MINIMAL}server:\n  token: \${TOKEN}\n`, {
      TOKEN: token,
    });

    expect(config.server.token).toBe(token);
  });

  it('keeps the written digits of a numeric password', async () => {
    const config = await loadText(
      [
        'graph: ./g.hcl',
        'warehouse:',
        '  type: snowflake',
        '  snowflake:',
        '    account: myorg-acct',
        '    username: MONITOR',
        '    password: 00123456',
      ].join('\n'),
    );

    expect(config.warehouse.snowflake?.password).toBe('00123456');
  });

  it('writes a literal ${ for $${', async () => {
    const config = await loadText(
      `${MINIMAL}notify:\n  slack: { channel: "$\${HOME}" }\n`,
    );

    expect(config.notify.slack.channel).toBe('${HOME}');
  });

  it('accepts recipients as one comma-separated text, as env gives them', async () => {
    const config = await loadText(
      `${MINIMAL}notify:\n  email:\n    smtp_url: smtp://127.0.0.1:2525\n` +
        `    from: m@example.com\n    to: \${TO}\n`,
      { TO: 'a@example.com, b@example.com' },
    );

    expect(config.notify.email.to).toEqual(['a@example.com', 'b@example.com']);
    expect(config.secrets).toEqual([]);
  });

  it('merges anchored mappings with <<, keys written here winning', async () => {
    const config = await loadText(
      `${MINIMAL}consumers:\n` +
        `  - &base { id: a, name: Shared, type: other, uses: [entity:a] }\n` +
        `  - <<: *base\n    id: b\n    type: linked_event\n`,
    );

    expect(config.consumers).toEqual([
      {
        id: 'a',
        name: 'Shared',
        type: 'other',
        uses: ['entity:a'],
        owner: null,
      },
      {
        id: 'b',
        name: 'Shared',
        type: 'linked_event',
        uses: ['entity:a'],
        owner: null,
      },
    ]);
  });

  it('returns a frozen config', async () => {
    const config = await loadText(MINIMAL);

    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.warehouse)).toBe(true);
    expect(Object.isFrozen(config.notify.email.to)).toBe(true);
  });

  it('loads config.example.yaml as shipped, with the example graph and consumers', async () => {
    const root = process.cwd();

    const config = await loadConfig({
      path: 'config.example.yaml',
      env: {},
      cwd: root,
    });

    expect(config.graphPath).toBe(join(root, 'examples/data-graph.hcl'));
    expect(config.consumersPath).toBe(join(root, 'examples/consumers.yaml'));
    expect(config.consumers.map((c) => c.id)).toContain('aud-premium-carts');
    expect(config.warehouse).toMatchObject({
      type: 'duckdb',
      path: join(root, 'demo/production.duckdb'),
      database: 'production',
    });
    expect(config.statePath).toBe(join(root, 'demo/monitor.db'));
    expect(config.notify.slack.webhookUrl).toBeNull();
    expect(config.notify.email.smtpUrl).toBeNull();
    expect(config.server).toMatchObject({ host: '127.0.0.1', port: 8080 });
    expect(config.server.token).toBeNull();
  });
});
