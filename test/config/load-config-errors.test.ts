import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/model/errors.js';
import { makeFolder, MINIMAL, problemsOf } from './support.js';

describe('loadConfig refusing a config', () => {
  it('names file, line and column of a YAML syntax error', async () => {
    const problems = await problemsOf('graph: ./g.hcl\nwarehouse: [duckdb\n');

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config\.yaml:3:1: invalid YAML: /);
  });

  it('names a key written twice where it is written again', async () => {
    const problems = await problemsOf(
      `${MINIMAL}log_level: info\nlog_level: warn\n`,
    );

    expect(problems).toEqual([
      'config.yaml:6:1: this key is already set above',
    ]);
  });

  it('names a missing variable, its key path and its line', async () => {
    const problems = await problemsOf(
      `${MINIMAL}notify:\n  slack:\n    webhook_url: "\${SLACK_HOOK}"\n`,
    );

    expect(problems).toEqual([
      'config.yaml:7: notify.slack.webhook_url: environment variable ' +
        'SLACK_HOOK is not set (set it, or write ${SLACK_HOOK:-default})',
    ]);
  });

  it('refuses a malformed reference rather than keeping it as text', async () => {
    const problems = await problemsOf(`${MINIMAL}log_level: \${LEVEL\n`);

    expect(problems[0]).toMatch(
      /^config\.yaml:5: log_level: malformed environment reference/,
    );
  });

  it('names an unknown warehouse type with the closest one', async () => {
    const problems = await problemsOf(
      'graph: ./g.hcl\nwarehouse:\n  type: snowflak\n',
    );

    expect(problems).toEqual([
      'config.yaml:3: warehouse.type: expected one of duckdb, postgres, ' +
        'redshift, snowflake, bigquery, databricks, got "snowflak" ' +
        '(did you mean "snowflake"?)',
    ]);
  });

  it('explains a bad cron expression', async () => {
    const problems = await problemsOf(
      `${MINIMAL}schedule: "61 * * * *"\nchecks:\n` +
        `  primary_key_uniqueness_schedule: every day\n`,
    );

    expect(problems).toEqual([
      'config.yaml:5: schedule: expected a cron expression like ' +
        '"*/15 * * * *", got "61 * * * *" (61 is a invalid expression for minute)',
      'config.yaml:7: checks.primary_key_uniqueness_schedule: expected a ' +
        'cron expression like "*/15 * * * *", got "every day" ' +
        '(expected 5 or 6 fields but got 2)',
    ]);
  });

  it('says what a duration looks like', async () => {
    const problems = await problemsOf(
      MINIMAL.replace(
        'path: ./wh.duckdb',
        'path: ./wh.duckdb\n  query_timeout: soon',
      ) + 'state_retention: 90\nalerts:\n  delivery_timeout: 0s\n',
    );

    expect(problems).toEqual([
      'config.yaml:5: warehouse.query_timeout: expected a duration like 60s ' +
        '(units ms, s, m, h, d), got "soon"',
      'config.yaml:6: state_retention: expected a duration like 60s ' +
        '(units ms, s, m, h, d), got 90 (add a unit)',
      'config.yaml:8: alerts.delivery_timeout: expected at least 1ms, got "0s"',
    ]);
  });

  it('accepts a null repeat_interval but not one shorter than a minute', async () => {
    const problems = await problemsOf(
      `${MINIMAL}alerts:\n  repeat_interval: 10s\n`,
    );

    expect(problems).toEqual([
      'config.yaml:6: alerts.repeat_interval: expected at least 1m, got "10s"',
    ]);
  });

  it('names an unknown time zone with the closest one', async () => {
    const problems = await problemsOf(`${MINIMAL}timezone: Europe/Pari\n`);

    expect(problems).toEqual([
      'config.yaml:5: timezone: unknown time zone "Europe/Pari" ' +
        '(did you mean "Europe/Paris"?)',
    ]);
  });

  it('stops alias expansion that would grow without bound', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    const problems = await problemsOf(`${MINIMAL}${bomb}\n`);

    expect(problems.filter((p) => p.includes('too many aliases'))).toHaveLength(
      1,
    );
  });

  it('refuses unknown keys with the closest known one', async () => {
    const problems = await problemsOf(
      `${MINIMAL}shedule: "* * * * *"\nchecks:\n  max_probe: 3\n`,
    );

    expect(problems).toEqual([
      'config.yaml:5: shedule: unknown key (did you mean "schedule"?)',
      'config.yaml:7: checks.max_probe: unknown key (did you mean "max_probes"?)',
    ]);
  });

  it('checks numbers, ratios, booleans and words', async () => {
    const problems = await problemsOf(
      `${MINIMAL}checks:\n  confirm_after: 0\n  max_missing_ratio: 1.5\n` +
        `  primary_key_uniqueness: "yes"\n  max_probes: 2.5\n` +
        `alerts: { max_attempts: many }\nlog_level: verbose\n`,
    );

    expect(problems).toEqual([
      'config.yaml:6: checks.confirm_after: expected a whole number 1 or more, got 0',
      'config.yaml:7: checks.max_missing_ratio: expected a number above 0 ' +
        'and at most 1, got 1.5',
      'config.yaml:8: checks.primary_key_uniqueness: expected true or false, got "yes"',
      'config.yaml:9: checks.max_probes: expected a whole number 0 or more, got 2.5',
      'config.yaml:10: alerts.max_attempts: expected a whole number 1 or more, ' +
        'got "many"',
      'config.yaml:11: log_level: expected one of trace, debug, info, warn, ' +
        'error, fatal, got "verbose"',
    ]);
  });

  it('requires the graph and the warehouse', async () => {
    const problems = await problemsOf('log_level: info\n');

    expect(problems).toEqual([
      'config.yaml: graph: required: the path of the Data Graph file',
      'config.yaml: warehouse: required',
      'config.yaml: warehouse.type: required: one of duckdb, postgres, ' +
        'redshift, snowflake, bigquery, databricks',
    ]);
  });

  it('refuses an empty file and a file that is not a mapping', async () => {
    expect(await problemsOf('')).toContain('config.yaml: the file is empty');
    expect(await problemsOf('- a\n- b\n')).toContain(
      'config.yaml: expected a mapping of keys at the top',
    );
  });

  it('refuses a non-loopback listen address without a token', async () => {
    const problems = await problemsOf(
      `${MINIMAL}server:\n  listen: 0.0.0.0:8080\n  token: "\${MONITOR_TOKEN:-}"\n`,
    );

    expect(problems).toEqual([
      'config.yaml:6: server.listen: "0.0.0.0:8080" is reachable from other ' +
        'hosts, so server.token must be set (or listen on 127.0.0.1)',
    ]);
  });

  it('allows loopback addresses without a token', async () => {
    for (const listen of ['127.0.0.1:0', 'localhost:8080', '[::1]:8080']) {
      const cwd = await makeFolder({
        'config.yaml': `${MINIMAL}server: { listen: "${listen}" }\n`,
      });
      const config = await loadConfig({ env: {}, cwd });
      expect(config.server.token, listen).toBeNull();
    }
  });

  it('refuses a listen address that is not host:port, and a short token', async () => {
    const problems = await problemsOf(
      `${MINIMAL}server:\n  listen: 8080\n  token: abc\n  public_url: ftp://x\n`,
    );

    expect(problems).toEqual([
      'config.yaml:6: server.listen: expected host:port like 127.0.0.1:8080 ' +
        'or [::1]:8080, got "8080"',
      'config.yaml:7: server.token: expected at least 8 characters',
      'config.yaml:8: server.public_url: expected a URL like ' +
        'https://monitor.example.com, got "ftp://x"',
    ]);
  });

  it('says when the config file is missing, and how to name another', async () => {
    const cwd = await makeFolder({});
    const error = await loadConfig({ env: {}, cwd }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'config.yaml: no such config file (pass --config PATH or set MONITOR_CONFIG)',
    ]);
  });

  it('names the config file by its absolute path when outside the cwd', async () => {
    const dir = await makeFolder({ 'c.yaml': 'graph: [\n' });
    const cwd = await makeFolder({});
    const path = join(dir, 'c.yaml');
    const error = await loadConfig({ path, env: {}, cwd }).catch((e) => e);

    expect((error as ConfigError).problems[0]).toMatch(
      new RegExp(`^${path}:2:1: invalid YAML`),
    );
  });

  it('reports every problem of a file at once', async () => {
    const problems = await problemsOf(
      [
        'graph: ./g.hcl',
        'consumers:',
        '  - { id: a, name: A, type: audience, uses: [entity:x] }',
        'warehouse:',
        '  type: postgres',
        '  path: ./x.duckdb',
        '  query_timeout: 5x',
        'schedule: "* *"',
        'timezone: Mars/Olympus',
        'state_retention: forever',
        'checks: { max_probes: -1 }',
        'alerts: { repeat_interval: weekly }',
        'notify:',
        '  slack: { webhook_url: "${HOOK}" }',
        '  email: { smtp_url: "http://mail", from: nobody }',
        'server: { listen: "0.0.0.0:80" }',
        'log_level: loud',
        'extra: 1',
      ].join('\n'),
    );

    const keys = problems.map(
      (p) => /^config\.yaml(?::\d+)?: ([^:]+):/.exec(p)?.[1],
    );
    // In line order, each naming its key path.
    expect(keys).toEqual([
      'consumers[0].type',
      'warehouse.url',
      'warehouse.path',
      'warehouse.query_timeout',
      'schedule',
      'timezone',
      'state_retention',
      'checks.max_probes',
      'alerts.repeat_interval',
      'notify.slack.webhook_url',
      'notify.email.smtp_url',
      'notify.email.from',
      'server.listen',
      'log_level',
      'extra',
    ]);
  });
});
