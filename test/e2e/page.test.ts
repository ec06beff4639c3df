// The page in headless Chromium against the real daemon: the banner shows
// the dropped table until "Sync now" after the repair, and the bell lists
// the resolution.
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
} from 'vitest';
import { findLeaks } from './support/leaks.js';
import { stopCleanly, syncViaApi } from './support/steps.js';
import { createWorld, TOKEN, type World } from './support/world.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = '/tmp/e2e-page.png';
let browser: Browser;
let context: BrowserContext;
let page: Page;
let world: World;
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
  world = await createWorld({ database: 'production_e2e_page' });
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
});

afterEach(async () => {
  await context.close();
  await world.close();
});

// A daemon whose first good sync saw the table, and then its drop.
async function startWithDroppedTable() {
  const daemon = await world.startDaemon();
  await daemon.waitForLog('sync finished');
  await world.dropProductTable();
  await syncViaApi(world);
  return daemon;
}

async function signIn(): Promise<void> {
  await page.goto(world.baseUrl);
  await page.getByLabel('Access token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the page', () => {
  it('shows the dropped table until Sync now after the repair, then its resolution', async () => {
    const daemon = await startWithDroppedTable();
    await signIn();

    const finding = page.locator(`[data-key="${world.findingKey}"]`);
    await finding.waitFor();
    expect(await page.locator('.banner-head').textContent()).toBe(
      '1 definite breaking change open',
    );
    const text = await finding.textContent();
    expect(text).toContain(world.tableRef);
    expect(text).toContain('entity:product-entity (table_ref)');
    expect(text).toContain('Bought a product (aud-product-buyers)');
    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor();
    const withBanner = await page.content();

    await world.repairProductTable();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText(/^Sync #\d+ finished: ok\.$/).waitFor();
    await page.locator('#banner').waitFor({ state: 'hidden' });
    expect(await page.locator('#banner .finding').count()).toBe(0);

    await page.getByRole('button', { name: 'Notifications, 2 unread' }).click();
    await page.locator('#feed-list li').nth(1).waitFor();
    expect(
      await page.locator('#feed-list .feed-title').allTextContents(),
    ).toEqual([
      `Resolved: table_missing ${world.tableRef}`,
      `Opened: table_missing ${world.tableRef}`,
    ]);
    const resolved = await page.locator('#feed-list li').first().textContent();
    expect(resolved).toContain('aud-product-buyers');
    expect(resolved).toMatch(/lasted \d+s/);
    await page
      .getByRole('button', { name: 'Notifications, 0 unread' })
      .waitFor();

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    const pages = [withBanner, await page.content()];
    const artifacts = pages.map((html) => ({ where: 'page', text: html }));
    expect(findLeaks(artifacts, world.secrets)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await stopCleanly(world, daemon);
  });

  it('wraps a long table name inside the notification panel', async () => {
    const daemon = await startWithDroppedTable();
    await signIn();

    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const title = page.locator('#feed-list .feed-title').first();
    await title.waitFor();
    const widths = await page.locator('#feed').evaluate((panel) => ({
      panel: panel.clientWidth,
      content: panel.scrollWidth,
    }));

    expect(await title.textContent()).toContain(world.tableRef);
    expect(widths.content).toBeLessThanOrEqual(widths.panel);
    await stopCleanly(world, daemon);
  });
});
