/**
 * The wallboard in real headless Chromium at 1920x1080, opened as a wall PC opens it: with a
 * read-only wallboard token in the address, no login. A caller waiting past the wallboard's
 * threshold turns the waiting figure and the queue's tile red (English and Chinese); when the
 * daemon restarts (its sockets drop) the page says it is reconnecting, comes back by itself
 * without a reload, reads the figures again and follows the floor live. Screenshots under
 * test-artifacts/wallboard/. Waits are for what the page or the daemon shows, never a fixed time.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, type AgentTab } from '../toolbar/browser.js';
import { waitFor, type Headers, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { DID } from '../toolbar/toolbar-world.js';
import { SCREEN, startSupervisorFloor } from './supervisor-floor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/wallboard');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

const figure = (page: Page, key: string) => page.locator(`.wb-figure[data-indicator="${key}"]`);

describe.runIf(haveTools('wallboard in Chromium', [CHROMIUM]))('the wallboard in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  let alice: Headers;
  let queueId: string;
  let address: string;
  let caller: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ d, alice } = await startSupervisorFloor());
    queueId = (await d.api<{ items: { id: string }[] }>('GET', '/api/queues')).items[0]?.id ?? '';
    // Alice on break, Bob not logged in: a caller waits.
    await d.api('POST', '/api/agent/login', { state: 'not_ready', reason: 'meeting' }, alice);
    await d.api('PUT', '/api/supervision/indicator-settings/wallboard', {
      indicators: ['waiting', 'longestWait', 'available', 'notReady'],
      thresholds: { waiting: { voice: 0, chat: 0 }, longestWait: { voice: 600 } },
    });
    const token = await d.api<{ token: string }>('POST', '/api/wallboard/tokens', { name: 'Floor wall' });
    address = `/app/wallboard?token=${encodeURIComponent(token.token)}`;
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('given the wall PC opens the token address when nobody waits then the figures, the bars and the queue tile show, none red', async () => {
    await en.page.goto(address);
    await figure(en.page, 'waiting').waitFor();
    expect(await figure(en.page, 'waiting').getAttribute('data-past')).toBe('false');
    expect(await figure(en.page, 'notReady').locator('.wb-figure-value').textContent()).toBe('1');
    expect(await en.page.getAttribute('.wb-online', 'data-online')).toBe('1');
    expect(await en.page.locator('.wb-bar[data-group="consulted"] dt').textContent()).toBe('Consulted');
    expect(await en.page.locator(`.wb-queue[data-queue="${queueId}"] h3`).textContent()).toBe('support');
    await shot(en.page, '01-wallboard-quiet-en');
  });

  it('given a caller waiting past the threshold of 0 when the floor changes then the waiting figure and the queue tile turn red, in English and Chinese', async () => {
    caller = await d.pbx.control.placeInboundCall({ from: '+4930111222', to: DID });
    await waitFor('the caller waits', () => d.app().deps.contactCenter.acd.liveForRealtime().waiting.length === 1);
    await en.page.waitForSelector('.wb-figure[data-indicator="waiting"][data-past="true"]');
    await en.page.waitForSelector(`.wb-queue.past[data-queue="${queueId}"] [data-figure="waiting"][data-past="true"]`);
    expect(await figure(en.page, 'waiting').locator('.wb-figure-value').textContent()).toBe('1');
    await shot(en.page, '02-caller-waiting-red-en');

    await zh.page.goto(address);
    await zh.page.waitForSelector('.wb-figure[data-indicator="waiting"][data-past="true"]');
    expect(await figure(zh.page, 'waiting').locator('.wb-figure-label').textContent()).toBe('排队中');
    expect(await zh.page.locator('.wb-bar[data-group="consulted"] dt').textContent()).toBe('被咨询');
    await shot(zh.page, '03-caller-waiting-red-zh-CN');
    expect(en.problems).toEqual([]);
    expect(zh.problems).toEqual([]);
  });

  it('given the daemon restarts when its sockets drop then the page says so, recovers by itself without a reload, reads again and follows the floor live', async () => {
    await en.page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });
    let reads = 0;
    en.page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/wallboard') reads++;
    });
    const restarted = d.restart();
    await en.page.waitForSelector('.wb-banner[role="status"]');
    await shot(en.page, '04-reconnecting-en');
    await restarted;
    await en.page.waitForSelector('.wallboard[data-stream="open"]');
    await en.page.waitForSelector('.wb-banner', { state: 'detached' });
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(await en.page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');

    await d.pbx.control.farEndHangup(caller);
    await en.page.waitForSelector('.wb-figure[data-indicator="waiting"][data-past="false"]');
    await en.page.waitForSelector(`.wb-queue[data-queue="${queueId}"]:not(.past)`);
    expect(await figure(en.page, 'waiting').locator('.wb-figure-value').textContent()).toBe('0');
    await shot(en.page, '05-after-restart-caller-gone-en');
    expect(en.problems).toEqual([]);
  });
});
