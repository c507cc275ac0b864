/**
 * The supervisor console's "Today so far" in real headless Chromium against the daemon on the
 * simulated media server, on real time: one call answered and one caller waiting in the queue
 * show in the Today table (center, queue, team) and in both trend charts, in English and in
 * Chinese. Screenshots at 1920x1080 (and the English page at 1280x720) in test-artifacts/supervisor/.
 * Waits are for what the page or the daemon shows, never for a fixed time.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { DID } from '../toolbar/toolbar-world.js';
import { ARTIFACTS, SCREEN, shot, startSupervisorFloor } from './supervisor-floor.js';

/** The Today table's cells, row by row. */
async function todayRows(page: Page): Promise<string[][]> {
  return page.$$eval('.sup-today-table tbody tr', (rows) => rows.map((r) => Array.from((r as HTMLTableRowElement).cells).map((c) => c.textContent ?? '')));
}

async function showsOffered(page: Page, centerLabel: string, offered: string): Promise<void> {
  await page.waitForFunction(
    ([label, n]) => Array.from(document.querySelectorAll('.sup-today-table tbody tr')).some((r) => (r as HTMLTableRowElement).cells[0]?.textContent === label && (r as HTMLTableRowElement).cells[1]?.textContent === n),
    [centerLabel, offered],
    { timeout: 15_000 },
  ).catch(async (err: unknown) => {
    await shot(page, 'today-debug');
    throw new Error(`the Today table shows ${JSON.stringify(await todayRows(page))}: ${String(err)}`);
  });
}

describe.runIf(haveTools('supervisor Today section in Chromium', [CHROMIUM]))("the supervisor console's Today section in Chromium", () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let sue: AgentTab;
  let sam: AgentTab;
  let waiting: string | undefined;

  beforeAll(async () => {
    const floor = await startSupervisorFloor();
    d = floor.d;
    const cc = () => d.app().deps.contactCenter;
    // One caller answered by Alice and hung up; one still waiting while nobody is available (a
    // caller who gave up within seconds would be a quick hang-up, not offered: the API test
    // covers abandons on the fake clock).
    await d.api('POST', '/api/agent/login', { state: 'available' }, floor.alice);
    const first = await d.pbx.control.placeInboundCall({ from: '+4930111', to: DID });
    await waitFor('Alice talks with the first caller', () => cc().callHandling.calls.service.activeCalls()[0]?.state === 'connected');
    await d.pbx.control.farEndHangup(first);
    await waitFor('the first call ended', () => cc().callHandling.calls.service.activeCalls().length === 0);
    await d.api('POST', '/api/agent/wrap-up/finish', {}, floor.alice);
    await d.api('POST', '/api/agent/state', { state: 'not_ready', reason: 'meeting' }, floor.alice);
    const second = await d.pbx.control.placeInboundCall({ from: '+4930222', to: DID });
    await waitFor('the second caller waits', () => cc().acd.liveForRealtime().waiting.length === 1);
    waiting = second;
    browser = await launch();
    sue = await openTab(browser, d.base, SCREEN);
    sam = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    if (waiting) await d.pbx.control.farEndHangup(waiting);
    await browser?.close();
    await d?.close();
  });

  it('given an answered call and a caller waiting when a supervisor opens the console then the Today table shows them for the center, the queue and the team, with the service level defined', async () => {
    await signIn(sue.page, 'sue', PASSWORD);
    await sue.page.waitForURL(/\/app\/supervisor$/);
    await showsOffered(sue.page, 'Whole center', '2');
    const rows = await todayRows(sue.page);
    expect(rows.map((r) => r[0])).toEqual(['Whole center', 'Queue support', 'Team Sales']);
    // offered, answered, abandoned in queue, abandoned in IVR, answer rate
    expect(rows[0]?.slice(1, 6)).toEqual(['2', '1', '0', '0', '50%']);
    expect(rows[1]?.slice(1, 6)).toEqual(['2', '1', '0', '–', '50%']);
    expect(rows[2]?.slice(1, 6)).toEqual(['2', '1', '0', '–', '50%']);
    expect(await sue.page.textContent('[data-testid="sl-definition"]')).toContain('answered within the queue');
    await sue.page.waitForSelector('[data-chart="calls"] canvas');
    await sue.page.waitForSelector('[data-chart="agents"] canvas');
    expect(await sue.page.getAttribute('[data-chart="calls"] [role="img"]', 'aria-label')).toContain('2 offered, 1 answered, 0 abandoned');
    await sue.page.locator('section.sup-today').scrollIntoViewIfNeeded();
    await sue.page.locator('section.sup-today').screenshot({ path: path.join(ARTIFACTS, '10-today-en.png') });
    await shot(sue.page, '11-console-with-today-en');
    expect(sue.problems).toEqual([]);
  });

  it('given the console in Chinese when it opens then the Today table and the charts are in Chinese', async () => {
    await signIn(sam.page, 'sam', PASSWORD);
    await sam.page.waitForURL(/\/app\/supervisor$/);
    await showsOffered(sam.page, '全中心', '2');
    expect((await todayRows(sam.page)).map((r) => r[0])).toEqual(['全中心', '队列 support', '团队 Sales']);
    expect(await sam.page.textContent('.sup-today h2')).toBe('今日累计');
    expect(await sam.page.textContent('[data-chart="calls"] figcaption')).toBe('每 15 分钟呼叫量');
    await sam.page.waitForSelector('[data-chart="agents"] canvas');
    await sam.page.locator('section.sup-today').scrollIntoViewIfNeeded();
    await sam.page.locator('section.sup-today').screenshot({ path: path.join(ARTIFACTS, '12-today-zh-CN.png') });
    expect(sam.problems).toEqual([]);
  });

  it('given a 1280x720 screen when the console shows the Today section then the charts fit the width of the page', async () => {
    await sue.page.setViewportSize({ width: 1280, height: 720 });
    await sue.page.waitForFunction(() => {
      const c = document.querySelector('[data-chart="calls"] canvas');
      return c !== null && c.getBoundingClientRect().right <= document.documentElement.clientWidth;
    });
    await sue.page.locator('section.sup-today').screenshot({ path: path.join(ARTIFACTS, '13-today-1280-en.png') });
    const overflow = await sue.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
