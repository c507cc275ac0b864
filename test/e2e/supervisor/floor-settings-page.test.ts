/**
 * The floor-settings page (admins) in headless Chromium against the daemon on the simulated media
 * server: the supervisors' strip gets its indicators (a fifth cannot be ticked) and thresholds per
 * media, a negative threshold is marked and cannot be saved, the saved settings are what the daemon
 * stores; a wallboard link is made (shown once), opens the wallboard with no login, and once revoked
 * is refused. English and Chinese; screenshots under test-artifacts/wallboard/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { startSupervisorFloor } from './supervisor-floor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/wallboard');
const SCREEN = { width: 1280, height: 720 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.runIf(haveTools('floor settings page in Chromium', [CHROMIUM]))('the floor settings page in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  let wall: AgentTab;
  let link: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ d } = await startSupervisorFloor());
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
    wall = await openTab(browser, d.base, { width: 1920, height: 1080 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const editor = (page: Page) => page.locator('.audience-editor[data-audience="supervisor"]');

  it('given an admin when four indicators are chosen for supervisors then a fifth cannot be ticked, a negative threshold blocks saving, and the saved settings are stored', async () => {
    const page = en.page;
    await signIn(page, 'toolbar-admin', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/floor-settings');
    await page.click('button[role="tab"][data-audience="supervisor"]');
    const box = (key: string) => editor(page).locator(`input[name="indicator"][value="${key}"]`);
    for (const key of ['waiting', 'longestWait', 'available', 'notReady']) if (!(await box(key).isChecked())) await box(key).check();
    for (const key of await editor(page).locator('input[name="indicator"]:checked').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))) {
      if (!['waiting', 'longestWait', 'available', 'notReady'].includes(key)) await box(key).uncheck();
    }
    expect(await box('online').isDisabled()).toBe(true);
    await editor(page).locator('input[name="waiting.voice"]').fill('-1');
    expect(await editor(page).locator('input[name="waiting.voice"]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('button[data-action="save-settings"]').isDisabled()).toBe(true);
    await shot(page, '20-floor-settings-invalid-en');
    await editor(page).locator('input[name="waiting.voice"]').fill('3');
    await editor(page).locator('input[name="waiting.chat"]').fill('1');
    await editor(page).locator('input[name="longestWait.voice"]').fill('120');
    await editor(page).locator('input[name="limit.not_ready"]').fill('15');
    await page.click('button[data-action="save-settings"]');
    await page.waitForSelector('.toast-success');
    const stored = await d.api<{ audiences: Record<string, { indicators: string[]; thresholds: Record<string, Record<string, number | null>>; stateLimits?: Record<string, number | null> }> }>('GET', '/api/supervision/indicator-settings');
    const sup = stored.audiences.supervisor;
    expect([...(sup?.indicators ?? [])].sort()).toEqual(['available', 'longestWait', 'notReady', 'waiting']);
    expect(sup?.thresholds.waiting).toMatchObject({ voice: 3, chat: 1 });
    expect(sup?.thresholds.longestWait).toMatchObject({ voice: 120 });
    expect(sup?.stateLimits?.not_ready).toBe(900);
    await shot(page, '21-floor-settings-saved-en');
    expect(en.problems).toEqual([]);
  });

  it('given an admin when a wallboard link is made then it is shown once, opens the wallboard with no login, and is refused once revoked', async () => {
    const page = en.page;
    await page.fill('#token-name', 'Floor 2 wall');
    await page.click('button[data-action="create-token"]');
    await page.waitForSelector('#token-link');
    link = await page.inputValue('#token-link');
    expect(link).toMatch(/\/app\/wallboard\?token=/);
    await page.locator('.wallboard-tokens tbody tr').filter({ hasText: 'Floor 2 wall' }).waitFor();
    await shot(page, '22-wallboard-link-en');
    await wall.page.goto(link);
    await wall.page.waitForSelector('.wb-figure');
    await page.click('button[data-action="revoke-token"]');
    await page.locator('.wallboard-tokens tbody tr').filter({ hasText: 'Revoked' }).waitFor();
    const refused = await d.app().server.inject({ method: 'GET', url: '/api/wallboard', headers: { authorization: `Bearer ${decodeURIComponent(link.split('token=')[1] ?? '')}` } });
    expect(refused.statusCode).toBe(401);
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese then the audiences, indicators and links read in Chinese', async () => {
    const page = zh.page;
    await signIn(page, 'toolbar-admin', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/floor-settings');
    await page.click('button[role="tab"][data-audience="supervisor"]');
    await editor(page).locator('tr[data-indicator="waiting"]').waitFor();
    expect(await page.textContent('button[role="tab"][data-audience="supervisor"]')).toBe('主管');
    expect(await page.textContent('#tokens-title')).toBe('大屏链接');
    expect(await page.textContent('.wallboard-tokens tbody')).toContain('已于');
    await shot(page, '23-floor-settings-zh-CN');
    expect(zh.problems).toEqual([]);
  });
});
