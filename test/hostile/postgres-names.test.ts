// Hostile table, column and consumer names in a real PostgreSQL warehouse,
// through the built CLI and the real daemon: SQL never breaks or injects,
// reports keep the names exactly, and Slack, email and the page show them
// as text.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMonitor } from '../support/cli.js';
import { createTestDatabase, runSql, withClient } from '../support/postgres.js';
import {
  startSlackReceiver,
  type SlackReceiver,
} from '../notifiers/support/slack-receiver.js';
import {
  startSmtpReceiver,
  type SmtpReceiver,
} from '../notifiers/support/smtp-receiver.js';
import { findFreePort, startDaemonProcess } from '../e2e/support/daemon.js';
import { htmlProblems, slackProblems } from './check-output.js';
import {
  breakWarehouseSql,
  CONSUMER_NAME,
  DROPPED_TABLE,
  hostileConsumers,
  hostileGraph,
  hostileWarehouseSql,
  IMG_COLUMN,
  OWNER,
  quoted,
  SCHEMA,
  SCRIPT_TABLE,
} from './names.js';

const TOKEN = 'hostile-token-5512';
let url: string;
let database: string;
let dir: string;
let config: string;
let publicUrl: string;
let slack: SlackReceiver;
let smtp: SmtpReceiver;

beforeAll(async () => {
  url = await createTestDatabase('hostile');
  database = new URL(url).pathname.slice(1);
  await runSql(url, hostileWarehouseSql());
  slack = await startSlackReceiver();
  smtp = await startSmtpReceiver();
  publicUrl = `http://127.0.0.1:${await findFreePort()}`;
  dir = mkdtempSync(join(tmpdir(), 'dgm-hostile-pg-'));
  config = writeConfig();
});

afterAll(async () => {
  await slack?.close();
  await smtp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hostile names in a PostgreSQL warehouse', () => {
  it('reads every hostile table and column on the first sync', async () => {
    const report = await syncNow();

    expect(report.sync.status, report.sync.error ?? '').toBe('ok');
    expect(report.findings).toEqual([]);
    expect(report.sync.metadataQueries).toBeLessThanOrEqual(2);
    expect(slack.requests).toHaveLength(0);
  });

  it('opens findings that carry the names exactly and injects nothing', async () => {
    await runSql(url, breakWarehouseSql());
    const report = await syncNow();
    const db = database.toUpperCase();
    const dropped = `${db}.${SCHEMA.toUpperCase()}.${quoted(DROPPED_TABLE)}`;
    const script = `${db}.${SCHEMA.toUpperCase()}.${quoted(SCRIPT_TABLE)}`;

    expect(report.findings.map((f) => [f.key, f.tableRef, f.column])).toEqual([
      [
        `column_missing:${script}:${quoted(IMG_COLUMN)}`,
        script,
        quoted(IMG_COLUMN),
      ],
      [`table_missing:${dropped}`, dropped, null],
    ]);
    for (const finding of report.findings) {
      expect(finding.affectedConsumers).toEqual([
        { id: 'aud-hostile', name: CONSUMER_NAME },
      ]);
    }
    expect(await victimRows()).toBe(1);
    expect(await hostileTables()).toBe(6);
  });

  it('escapes the names in the Slack message', async () => {
    await slack.waitForRequests(1);
    const [post] = slack.requests;

    expect(post).toBeDefined();
    expect(slackProblems(post!.payload, publicUrl)).toEqual([]);
    const text = JSON.stringify(post!.payload);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;script&gt;');
  });

  it('escapes the names in both emails and keeps their headers', async () => {
    expect(smtp.mails.map((m) => m.recipients)).toEqual(
      expect.arrayContaining([['team@example.com'], [OWNER]]),
    );
    expect(smtp.mails).toHaveLength(2);

    for (const mail of smtp.mails) {
      expect(htmlProblems(mail.html, true)).toEqual([]);
      expect(mail.html).toContain('&lt;script&gt;alert(');
      expect(mail.text).toContain(SCRIPT_TABLE);
      expect(mail.text).toContain(CONSUMER_NAME);
      const head = mail.raw.slice(0, mail.raw.indexOf('\r\n\r\n'));
      expect(head).not.toMatch(/^bcc:|evil@example/im);
      expect(mail.recipients).not.toContain('evil@example.com');
    }
  });

  it('shows the names as text in the API and on the page', async () => {
    const daemon = await startDaemonProcess(config, {});
    try {
      await daemon.waitForLog('sync finished', 15_000);
      const status = (await api('/api/status')) as StatusJson;
      expect(status.findings.map((f) => f.tableRef)).toContain(
        `${database.toUpperCase()}.HOSTILE.${quoted(DROPPED_TABLE)}`,
      );
      const feed = (await api('/api/notifications?limit=50')) as FeedJson;
      expect(feed.items.map((item) => item.body).join('\n')).toContain(
        CONSUMER_NAME,
      );

      const html = await fetchText('/');
      expect(htmlProblems(html, false)).toEqual([]);
      await expectPageShowsText();
    } finally {
      expect((await daemon.stop()).code).toBe(0);
    }
  });
});

interface StatusJson {
  findings: { key: string; tableRef: string; column: string | null }[];
}

interface FeedJson {
  items: { title: string; body: string }[];
}

interface ReportJson extends StatusJson {
  sync: { status: string; error: string | null; metadataQueries: number };
  findings: (StatusJson['findings'][number] & {
    affectedConsumers: { id: string; name: string }[];
  })[];
}

async function syncNow(): Promise<ReportJson> {
  const run = await runMonitor(['sync-now', '--json', '--config', config]);
  expect(run.stderr).not.toMatch(/this is a bug|syntax error/i);
  expect(run.stdout, run.stderr).not.toBe('');
  return JSON.parse(run.stdout) as ReportJson;
}

async function victimRows(): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query('SELECT count(*)::int AS n FROM victim');
    return Number(result.rows[0]?.n);
  });
}

async function hostileTables(): Promise<number> {
  return withClient(url, async (client) => {
    const result = await client.query(
      'SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1',
      [SCHEMA],
    );
    return Number(result.rows[0]?.n);
  });
}

async function api(path: string): Promise<unknown> {
  const response = await fetch(`${publicUrl}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

async function fetchText(path: string): Promise<string> {
  const response = await fetch(`${publicUrl}${path}`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return response.text();
}

// Signs in with headless Chromium: the names are text, no dialog opens
// and no element a name described exists.
async function expectPageShowsText(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(publicUrl);
    await page.getByLabel('Access token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#banner .finding').first().waitFor();

    const banner = (await page.locator('#banner').textContent()) ?? '';
    expect(banner).toContain(SCRIPT_TABLE);
    expect(banner).toContain(IMG_COLUMN);
    expect(banner).toContain(CONSUMER_NAME);
    expect(await page.locator('#banner img, #banner script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  } finally {
    await browser.close();
  }
}

function writeConfig(): string {
  writeFileSync(join(dir, 'graph.hcl'), hostileGraph(database));
  writeFileSync(join(dir, 'consumers.yaml'), hostileConsumers());
  const path = join(dir, 'config.yaml');
  writeFileSync(
    path,
    [
      'graph: ./graph.hcl',
      'consumers: ./consumers.yaml',
      'warehouse:',
      '  type: postgres',
      `  url: ${url}`,
      '  query_timeout: 20s',
      'state: ./monitor.db',
      'schedule: "0 0 1 1 *"',
      'alerts:',
      '  delivery_timeout: 5s',
      'notify:',
      `  slack: { webhook_url: "${slack.url}", channel: "#data-graph" }`,
      '  email:',
      `    smtp_url: "${smtp.url}"`,
      '    from: monitor@example.com',
      '    to: [team@example.com]',
      'server:',
      `  listen: ${publicUrl.replace('http://', '')}`,
      `  token: ${TOKEN}`,
      `  public_url: ${publicUrl}`,
    ].join('\n'),
  );
  return path;
}
