/** Headless Chromium for the toolbar tests, and a screenshot per step under test-artifacts/toolbar/. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/toolbar');

/** extraArgs: e.g. fake media devices for the browser phone. */
export async function launch(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    // --autoplay-policy: the ring tone may start without a click, as on an agent's own PC after the first day.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required', ...extraArgs],
  });
}

export interface AgentTab {
  context: BrowserContext;
  page: Page;
  /** Console errors and refused CSP loads: a clean run has none. */
  problems: string[];
}

export async function openTab(browser: Browser, base: string, viewport = { width: 1280, height: 720 }, locale = 'en-US'): Promise<AgentTab> {
  const context = await browser.newContext({ viewport, locale, baseURL: base });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // Failed requests while the daemon restarts are expected; everything else is a finding.
    if (m.type() === 'error' && !/ERR_CONNECTION_REFUSED|Failed to load resource|WebSocket connection/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));
  return { context, page, problems };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/app/');
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('button[type=submit]');
}
