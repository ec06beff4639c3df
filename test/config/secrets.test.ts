import { describe, expect, it } from 'vitest';
import { collectSecrets } from '../../src/config/secrets.js';
import { loadText, problemsOf } from './support.js';

const SECRETS = {
  PG_URL: 'jdbc:postgresql://monitor:Pg-Secret-991@db.example.com/prod',
  SNOW_PW: 'Snow-Secret-992',
  HOOK: 'ftp://hooks.example.com/services/Hook-Secret-993',
  SMTP: 'http://mailer:Smtp-Secret-994@mail.example.com',
  TOKEN: 'Token-Secret-995',
  PASSPHRASE: 'Pass-Secret-996',
};

describe('secrets in config messages', () => {
  it('never quotes a secret, however many problems surround it', async () => {
    const problems = await problemsOf(
      [
        'graph: ./g.hcl',
        'warehouse:',
        '  type: postgres',
        '  url: "${PG_URL}"',
        '  snowflake:',
        '    pasword: "${SNOW_PW}"',
        '    private_key_passphrase: "${PASSPHRASE}"',
        'notify:',
        '  slack: { webhook_url: "${HOOK}", channel: 12 }',
        '  email: { smtp_url: "${SMTP}" }',
        'server:',
        '  listen: 0.0.0.0:80',
        '  token: "${TOKEN}"',
        'log_level: "${TOKEN}"',
        'timezone: "${SNOW_PW}"',
      ].join('\n'),
      SECRETS,
    );

    expect(problems.length).toBeGreaterThanOrEqual(6);
    for (const problem of problems) {
      for (const secret of Object.values(SECRETS)) {
        expect(problem).not.toContain(secret);
      }
      expect(problem).not.toMatch(/Secret-99\d/);
    }
    // A secret pasted under an ordinary key is masked, not dropped.
    expect(problems).toContain(
      'config.yaml:14: log_level: expected one of trace, debug, info, ' +
        'warn, error, fatal, got "[redacted]"',
    );
  });

  it('does not quote the source line of a YAML syntax error', async () => {
    const problems = await problemsOf(
      'graph: g\nwarehouse:\n  url: Pw-Secret-997: oops\n',
    );

    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain('Pw-Secret-997');
  });

  it('reads an unquoted numeric token as written, and hides a list', async () => {
    const config = await loadText(
      [
        'graph: g',
        'warehouse:',
        '  type: databricks',
        '  databricks: { host: h, http_path: /p, token: 0099887766 }',
      ].join('\n'),
    );
    const problems = await problemsOf(
      [
        'graph: g',
        'warehouse:',
        '  type: snowflake',
        '  snowflake: { account: a, username: u, password: [Pw-998] }',
      ].join('\n'),
    );

    expect(config.warehouse.databricks?.token).toBe('0099887766');
    expect(problems).toEqual([
      'config.yaml:4: warehouse.snowflake.password: expected text',
    ]);
  });
});

describe('collectSecrets', () => {
  it('leaves out URLs without credentials', async () => {
    const config = await loadText(
      [
        'graph: g',
        'warehouse: { type: postgres, url: "postgres://db.example.com/prod" }',
        'notify:',
        '  email: { smtp_url: "smtp://127.0.0.1:2525", from: a@example.com }',
      ].join('\n'),
    );

    expect(collectSecrets(config)).toEqual([]);
  });
});

describe('the webhook path as a secret', () => {
  it('counts the path of the Slack webhook URL as a secret of its own', async () => {
    const { loadConfig } = await import('../../src/config/load-config.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'dgm-hook-'));
    writeFileSync(join(dir, 'g.hcl'), 'data_graph {}\n');
    writeFileSync(
      join(dir, 'config.yaml'),
      [
        'graph: ./g.hcl',
        'consumers: []',
        'warehouse: { type: duckdb, path: ./w.duckdb }',
        'notify:',
        '  slack: { webhook_url: "${HOOK}" }',
      ].join('\n'),
    );

    const config = await loadConfig({
      path: 'config.yaml',
      cwd: dir,
      env: { HOOK: 'http://127.0.0.1:9/services/T000/B000/SECRETHOOK' },
    });

    expect(config.secrets).toContain('/services/T000/B000/SECRETHOOK');
  });
});
