import { existsSync } from 'node:fs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import {
  HOSTILE_COLUMN,
  HOSTILE_CONSUMER,
  HOSTILE_TABLE,
  acknowledgedKindChange,
  consumerInsights,
  hostileTypeChange,
  joinColumnMissing,
} from './support/findings.js';
import { startTestServer, type TestServer } from './support/http.js';

const TOKEN = 'page-test-token-0123456789';
const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let t: TestServer;
let consoleErrors: string[];

beforeAll(async () => {
  expect(existsSync(CHROMIUM), 'Debian chromium is installed').toBe(true);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  t = await startTestServer({ token: TOKEN });
  t.monitor.findings = [
    joinColumnMissing(),
    hostileTypeChange(),
    acknowledgedKindChange(),
  ];
  t.monitor.consumerList = consumerInsights();
  t.monitor.notify(
    'column HOUSEHOLD_ID went missing',
    'relationship user-subscriptions',
  );
  t.monitor.notify(
    `table ${HOSTILE_TABLE} changed`,
    `*bold* <i>not italic</i>`,
  );
  t.monitor.notify('sync 41 failed');

  context = await browser.newContext({
    viewport: { width: 1200, height: 900 },
  });
  // Shorter than the test's own timeout, so a miss names what it awaited.
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('dialog', (dialog) => {
    consoleErrors.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
});

afterEach(async () => {
  await context.close();
  await t.server.close();
});

async function signIn(): Promise<void> {
  await page.goto(t.server.url);
  await page.getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#banner .finding').first().waitFor();
}

function findingNode(key: string) {
  return page.locator(`[data-key="${key.replace(/["\\]/g, '\\$&')}"]`);
}

describe('the page', () => {
  it('signs in and shows the banner, with hostile names rendered as text', async () => {
    await page.goto(t.server.url);
    expect(await page.locator('#banner').count()).toBe(0);
    await signIn();

    const head = page.locator('.banner-head');
    expect(await head.textContent()).toBe(
      '1 definite and 2 potential breaking changes open',
    );
    expect(
      await page.evaluate(
        "getComputedStyle(document.querySelector('.banner-head')).backgroundColor",
      ),
    ).toBe('rgb(180, 35, 24)');
    expect(await page.locator('#banner').getAttribute('aria-live')).toBe(
      'polite',
    );

    const definite = findingNode(joinColumnMissing().key);
    const text = await definite.textContent();
    expect(text).toContain('PRODUCTION.CUST.SUBSCRIPTION');
    expect(text).toContain('HOUSEHOLD_ID');
    expect(text).toContain('bigint (number)');
    expect(text).toContain('relationship:user-subscriptions (join_on)');
    expect(text).toContain('Households with a subscription (aud-households)');
    expect(text).toContain('may have been renamed to HOUSEHOLD');

    const hostile = await findingNode(hostileTypeChange().key).textContent();
    expect(hostile).toContain(HOSTILE_TABLE);
    expect(hostile).toContain(HOSTILE_COLUMN);
    expect(hostile).toContain(HOSTILE_CONSUMER);
    expect(await page.locator('#consumers').textContent()).toContain(
      HOSTILE_CONSUMER,
    );
    const injected = page.locator(
      'main img, main script, main b, main strong, main em, #feed i',
    );
    expect(await injected.count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();

    const acknowledged = findingNode(acknowledgedKindChange().key);
    expect(await acknowledged.evaluate((n) => n.tagName)).toBe('DETAILS');
    expect(await acknowledged.getAttribute('open')).toBeNull();
    expect(await acknowledged.locator('summary').textContent()).toContain(
      'acknowledged',
    );

    await page.screenshot({ path: '/tmp/page.png', fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('opens the bell, lists the notifications and marks them read', async () => {
    await signIn();
    const bell = page.getByRole('button', { name: 'Notifications, 3 unread' });
    await bell.waitFor();

    await bell.click();
    await page.locator('#feed-list li').nth(2).waitFor();
    const titles = await page
      .locator('#feed-list .feed-title')
      .allTextContents();
    expect(titles).toEqual([
      'sync 41 failed',
      `table ${HOSTILE_TABLE} changed`,
      'column HOUSEHOLD_ID went missing',
    ]);
    await page
      .getByRole('button', { name: 'Notifications, 0 unread' })
      .waitFor();
    expect(await page.locator('#unread').isHidden()).toBe(true);
    expect(await page.locator('#bell').getAttribute('aria-expanded')).toBe(
      'true',
    );
    expect(t.monitor.unreadCount()).toBe(0);

    await page.keyboard.press('Escape');
    expect(await page.locator('#feed').isHidden()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it('presses Sync now, calls the API and waits for the sync to finish', async () => {
    await signIn();
    const request = page.waitForRequest(
      (r) => r.url().endsWith('/api/sync') && r.method() === 'POST',
    );

    await page.getByRole('button', { name: 'Sync now' }).click();
    await request;
    await page.getByText('Sync #1 finished: ok.').waitFor();
    expect(t.monitor.syncRequests).toBe(1);
    const sync = await page.locator('#sync').textContent();
    expect(sync).toContain('#1');
    expect(sync).not.toContain('running');
    expect(
      await page.getByRole('button', { name: 'Sync now' }).isEnabled(),
    ).toBe(true);
  });

  it('acknowledges and snoozes findings with their buttons', async () => {
    await signIn();
    const definite = findingNode(joinColumnMissing().key);

    await definite.getByRole('button', { name: 'Acknowledge' }).click();
    await vi.waitFor(() =>
      expect(t.monitor.findings[0]?.acknowledged).toBe(true),
    );
    await page.locator(`details${'.finding.definite'}`).waitFor();

    const hostile = findingNode(hostileTypeChange().key);
    await hostile.getByRole('button', { name: 'Snooze 24 h' }).click();
    await vi.waitFor(() =>
      expect(t.monitor.findings[1]?.snoozedUntil).not.toBeNull(),
    );
    const until = Date.parse(t.monitor.findings[1]?.snoozedUntil ?? '');
    expect(Math.abs(until - Date.now() - 86_400_000)).toBeLessThan(60_000);
    expect(consoleErrors).toEqual([]);
  });

  it('removes the banner once the findings are resolved', async () => {
    await signIn();
    t.monitor.findings = [];

    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('Sync #1 finished: ok.').waitFor();
    expect(await page.locator('#banner').isHidden()).toBe(true);
    expect(await page.locator('#banner .finding').count()).toBe(0);
  });
});
