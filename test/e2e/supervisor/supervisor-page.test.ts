/**
 * The supervisor console in real headless Chromium (1920x1080, a wall-sized screen) against the
 * daemon on the simulated media server, on real time: a scripted floor (an agent goes on break, a
 * call waits, is answered, is held; a supervisor listens) and at each step the page's counts match
 * the engine's state. A second supervisor's listen on the monitored agent shows the coded error.
 * Screenshots in English and Chinese under test-artifacts/supervisor/. Waits are for what the page
 * or the daemon shows, never for a fixed time.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, waitFor, type Headers, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { DID } from '../toolbar/toolbar-world.js';
import { SCREEN, shot, startSupervisorFloor } from './supervisor-floor.js';

const CALLER = '+4930555666';

/** The value each floor tile shows, by tile id. */
async function tiles(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-tile]', (els) => Object.fromEntries(els.map((el) => [el.getAttribute('data-tile') ?? '', el.querySelector('.tile-value')?.textContent ?? ''])));
}

/** Waits until the tiles show `expected` (live updates arrive by the event stream), then asserts them. */
async function tilesShow(page: Page, expected: Record<string, number>): Promise<void> {
  const want = Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, String(v)]));
  await page
    .waitForFunction((w) => Object.entries(w).every(([k, v]) => document.querySelector(`[data-tile="${k}"] .tile-value`)?.textContent === v), want, { timeout: 15_000 })
    .catch((err: unknown) => console.info('the tiles did not reach the expected counts; the assertion below shows the difference', err));
  expect(await tiles(page)).toMatchObject(want);
}

describe.runIf(haveTools('supervisor console in Chromium', [CHROMIUM]))('the supervisor console in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let sue: AgentTab;
  let sam: AgentTab;
  let aliceAgent: string;
  let bobAgent: string;
  let alice: Headers;
  let bob: Headers;
  let callId: string;

  beforeAll(async () => {
    ({ d, aliceAgent, bobAgent, alice, bob } = await startSupervisorFloor());
    await d.api('POST', '/api/agent/login', { state: 'available' }, alice);
    await d.api('POST', '/api/agent/login', { state: 'available' }, bob);
    browser = await launch();
    sue = await openTab(browser, d.base, SCREEN);
    sam = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const engineState = (agentId: string) => d.app().deps.contactCenter.acd.agentSnapshot(agentId).state;
  const liveCall = () => d.app().deps.contactCenter.callHandling.calls.service.activeCalls()[0];
  const row = (page: Page, agentId: string) => page.locator(`tr[data-agent="${agentId}"]`);

  it('given two agents available when a supervisor opens the console then it shows both online and available', async () => {
    await signIn(sue.page, 'sue', PASSWORD);
    // A supervisor lands on the console.
    await sue.page.waitForURL(/\/app\/supervisor$/);
    await sue.page.waitForSelector('[data-tile="online"]');
    expect([engineState(aliceAgent), engineState(bobAgent)]).toEqual(['available', 'available']);
    await tilesShow(sue.page, { online: 2, available: 2, notReady: 0, handling: 0, waiting: 0, monitoring: 0 });
    expect(await sue.page.textContent('h1')).toBe('Supervisor console');
  });

  it('given the console open when Alice goes on a short break then not ready counts her, by reason, and her row says so', async () => {
    await d.api('POST', '/api/agent/state', { state: 'not_ready', reason: 'short_break' }, alice);
    expect(engineState(aliceAgent)).toBe('not_ready');
    await tilesShow(sue.page, { online: 2, available: 1, notReady: 1 });
    expect(await sue.page.textContent('[data-tile="notReady"] [data-part="notReady.short_break"] dd')).toBe('1');
    expect(await row(sue.page, aliceAgent).getAttribute('data-state')).toBe('not_ready');
    expect(await row(sue.page, aliceAgent).locator('.agent-reason').textContent()).toBe('Short break');
  });

  it('given nobody available when a caller dials then the call waits in queue and the waiting tile counts it', async () => {
    await d.api('POST', '/api/agent/state', { state: 'not_ready', reason: 'meeting' }, bob);
    d.pbx.control.setPhoneBehaviour('agent2', 'manual');
    await d.pbx.control.placeInboundCall({ from: CALLER, to: DID });
    await waitFor('the caller waits', () => d.app().deps.contactCenter.acd.liveForRealtime().waiting.length === 1);
    expect(liveCall()?.state).toBe('queued');
    await tilesShow(sue.page, { online: 2, available: 0, notReady: 2, waiting: 1, inProgress: 0 });
    expect(await sue.page.textContent('[data-queue] [data-figure="waiting"]')).toBe('1');
  });

  it('given the call waiting when Bob becomes available and answers then he counts as handling, talking, and the call is in progress', async () => {
    await d.api('POST', '/api/agent/state', { state: 'available' }, bob);
    await waitFor("the offer rings at Bob's phone", () => liveCall()?.state === 'offering');
    await tilesShow(sue.page, { handling: 1, waiting: 1 });
    expect(await sue.page.textContent('[data-tile="handling"] [data-part="handling.ringing"] dd')).toBe('1');
    await d.pbx.control.answerPhone('agent2');
    await waitFor('Bob talks with the caller', () => liveCall()?.state === 'connected');
    callId = liveCall()?.id as string;
    expect(engineState(bobAgent)).toBe('on_contact');
    await tilesShow(sue.page, { online: 2, handling: 1, waiting: 0, inProgress: 1 });
    expect(await sue.page.textContent('[data-tile="handling"] [data-part="handling.talking"] dd')).toBe('1');
    expect(await row(sue.page, bobAgent).locator('.contact-caller').textContent()).toContain(CALLER);
    expect(await row(sue.page, bobAgent).locator('.contact-queue').textContent()).toBe('support');
  });

  it('given Bob on the call when he holds it then handling counts him on hold', async () => {
    await d.api('POST', `/api/calls/${callId}/hold`, undefined, bob);
    expect(liveCall()?.state).toBe('held');
    await sue.page.waitForFunction(() => document.querySelector('[data-tile="handling"] [data-part="handling.onHold"] dd')?.textContent === '1');
    await tilesShow(sue.page, { handling: 1, inProgress: 1 });
    expect(await row(sue.page, bobAgent).locator('.agent-activity').textContent()).toBe('On hold');
  });

  it('given the held call when the supervisor clicks Listen on Bob then her phone joins, the monitoring tile counts her and Bob shows as monitored', async () => {
    await row(sue.page, bobAgent).locator('button[data-action="listen"]').click();
    const supervision = d.app().deps.contactCenter.callHandling.supervision;
    await waitFor("Sue's phone joins the call", () => supervision.list().some((s) => s.callId === callId && s.state === 'active'));
    await tilesShow(sue.page, { monitoring: 1, handling: 1, notReady: 1 });
    expect(await sue.page.textContent('[data-tile="monitoring"] [data-part="listening"] dd')).toBe('1');
    expect(await row(sue.page, bobAgent).locator('.badge.monitored').textContent()).toBe('Monitored by you');
    expect(sue.problems).toEqual([]);
    await shot(sue.page, '01-console-en');
    await sue.page.focus('[data-tile="handling"]');
    await shot(sue.page, '02-tile-breakdown-en');
  });

  it('given Bob monitored by Sue when a second supervisor clicks Listen on him then the page shows the coded error ALREADY_MONITORED, in Chinese', async () => {
    await signIn(sam.page, 'sam', PASSWORD);
    await sam.page.waitForURL(/\/app\/supervisor$/);
    await sam.page.waitForSelector(`tr[data-agent="${bobAgent}"] .badge.monitored`);
    expect(await row(sam.page, bobAgent).locator('.badge.monitored').textContent()).toBe('被监控');
    // The seeded reason is shown in the reader's language.
    expect(await row(sam.page, aliceAgent).locator('.agent-reason').textContent()).toBe('短暂休息');
    await row(sam.page, bobAgent).locator('button[data-action="listen"]').click();
    await sam.page.waitForSelector('.toast-error[data-code="ALREADY_MONITORED"]');
    expect(await sam.page.textContent('.toast-error .toast-text')).toBe('监听：该坐席已被其他主管监控。');
    expect(d.app().deps.contactCenter.callHandling.supervision.list()).toHaveLength(1);
    await shot(sam.page, '03-already-monitored-zh-CN');
    await sam.page.click('.toast-error button');
    await sam.page.waitForSelector('.toast-error', { state: 'detached' });
    await tilesShow(sam.page, { online: 2, monitoring: 1, handling: 1, notReady: 1 });
    expect(await sam.page.textContent('h1')).toBe('主管控制台');
    expect(sam.problems).toEqual([]);
    await shot(sam.page, '04-console-zh-CN');
  });
});
