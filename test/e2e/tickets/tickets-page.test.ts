/**
 * The tickets page in headless Chromium against the daemon on the simulated media server: Alice
 * (agent, no tickets.close) creates a ticket, replies to the customer and adds an internal note
 * (marked as internal), solves it and finds "Close" disabled with the reason; the API refuses her
 * too. Sue (supervisor) reads the same ticket in Chinese, closes it and sees the history.
 * Screenshots in both languages under test-artifacts/tickets/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../../fixtures/upload-samples.js';
import { haveTools } from '../../helpers/tools.js';
import { startSupervisorFloor, type SupervisorFloor } from '../supervisor/supervisor-floor.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/tickets');
const SCREEN = { width: 1280, height: 800 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.runIf(haveTools('tickets page in Chromium', [CHROMIUM]))('the tickets page in Chromium', () => {
  let floor: SupervisorFloor;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  let ticketId = '';

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    floor = await startSupervisorFloor();
    browser = await launch();
    en = await openTab(browser, floor.d.base, SCREEN);
    zh = await openTab(browser, floor.d.base, SCREEN, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await floor?.d.close();
  });

  it('given an agent without the close permission when she works a ticket then internal notes are marked, and Close is disabled on the page and refused by the API', async () => {
    const page = en.page;
    await signIn(page, 'alice', PASSWORD);
    await page.waitForURL(/\/app\/toolbar$/);
    // From her toolbar through the header's page menu (she never sees the home page).
    await page.click('.shell-head .page-menu summary');
    await shot(page, '00-toolbar-page-menu-en');
    await page.click('.shell-head .page-menu a[data-menu-page="tickets"]');
    await page.waitForURL(/\/app\/tickets$/);
    expect(await page.locator('.shell-head .page-menu a[data-menu-page="tickets"]').count()).toBe(0);
    await page.waitForSelector('.ticket-list .table-empty');
    await page.fill('#new-ticket-subject', 'Invoice shows the wrong address');
    await page.selectOption('select[name="new-priority"]', 'high');
    await page.click('button[data-action="create-ticket"]');
    await page.waitForSelector('#ticket-subject');
    expect(await page.textContent('#ticket-subject')).toBe('Invoice shows the wrong address');
    ticketId = (await page.getAttribute('article.ticket', 'data-ticket')) ?? '';

    await page.fill('#reply-text', 'We are correcting the invoice and will send it again.');
    await page.click('button[data-action="reply-public"]');
    await page.locator('.reply[data-visibility="public"]').waitFor();
    await page.fill('#reply-text', 'Billing system had the old address cached.');
    await page.click('button[data-action="reply-internal"]');
    await page.locator('.reply[data-visibility="internal"]').waitFor();
    expect(await page.textContent('.reply[data-visibility="internal"] .badge')).toBe('Internal');

    await page.click('button[data-action="to-solved"]');
    await page.waitForSelector('article.ticket[data-status="solved"]');
    expect(await page.locator('button[data-action="to-closed"]').isDisabled()).toBe(true);
    expect(await page.textContent('.close-hint')).toBe('Closing needs the close-tickets permission.');
    await shot(page, '01-agent-solved-close-disabled-en');

    const refused = await floor.d.app().server.inject({ method: 'POST', url: `/api/tickets/${ticketId}/transitions`, headers: floor.alice, payload: { to: 'closed' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('TICKET_CLOSE_FORBIDDEN');
    expect(await page.locator('article.ticket[data-status="solved"]').count()).toBe(1);

    await page.click('button[data-view="mine"]');
    await page.waitForSelector('.ticket-list .table-empty');
    await page.click('button[data-view="unassigned"]');
    await page.locator(`.ticket-rows li[data-ticket="${ticketId}"]`).waitFor();
    await shot(page, '02-agent-unassigned-view-en');
    expect(en.problems).toEqual([]);
  });

  it('given a supervisor reading in Chinese when she closes the solved ticket then it is closed and the history names every change', async () => {
    const page = zh.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/tickets');
    await page.locator(`.ticket-rows li[data-ticket="${ticketId}"] button`).click();
    await page.waitForSelector('article.ticket[data-status="solved"]');
    expect(await page.textContent('.reply[data-visibility="internal"] .badge')).toBe('内部');
    expect(await page.locator('button[data-action="to-closed"]').isDisabled()).toBe(false);
    await page.click('button[data-action="to-closed"]');
    await page.waitForSelector('article.ticket[data-status="closed"]');
    expect(await page.textContent('article.ticket .ticket-meta [data-status]')).toBe('已关闭');
    const history = await page.locator('.ticket-history li').allTextContents();
    // Created, two replies, solved, closed.
    expect(history.length).toBe(5);
    expect(history.at(-1)).toContain('状态：已解决 → 已关闭');
    expect(history[0]).toContain('操作人 alice');
    expect(history.at(-1)).toContain('操作人 sue');
    expect(await page.locator('#reply-text').count()).toBe(0);
    await shot(page, '03-supervisor-closed-zh-CN');
    expect(zh.problems).toEqual([]);
  });

  it('given a ticket made from a voicemail when a supervisor and then an agent open it then the supervisor plays the message on the ticket and the agent is told listening needs the right', async () => {
    const d = floor.d;
    const ticket = await d.api<{ id: string }>('POST', '/api/tickets', { subject: 'Voicemail (sales) from +8613800138000' });
    // As the IVR's voicemail node leaves it: a recording in the recordings folder, the message tied to the ticket.
    const { deps: { config }, store } = d.app();
    mkdirSync(config.recordingsDir, { recursive: true });
    writeFileSync(path.join(config.recordingsDir, 'voicemail-page-1.wav'), wav(8000 * 4));
    await store.db
      .insertInto('ivr_messages')
      .values({ id: 'vm-page-1', call_id: 'call-vm-1', flow: 'after-hours', mailbox: 'sales', caller_number: '+8613800138000', recording_name: 'voicemail-page-1', duration_ms: 4000, variables: '{}', created_at: new Date(), status: 'ticketed', ticket_id: ticket.id })
      .execute();

    // Fresh browser sessions: the tabs of the tests before are signed in as others.
    const sue = await openTab(browser, d.base, SCREEN);
    const alice = await openTab(browser, d.base, SCREEN, 'zh-CN');
    const page = sue.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/tickets');
    await page.locator(`.ticket-rows li[data-ticket="${ticket.id}"] button`).click();
    await page.waitForSelector('.ticket-voicemail audio');
    expect(await page.textContent('#ticket-voicemail-title')).toBe('Voicemail');
    expect(await page.textContent('.ticket-voicemail .muted')).toBe('Length 0:04');
    // The browser reads the message itself: four seconds of audio through the ticket's voicemail route.
    await page.waitForFunction(() => (document.querySelector('.ticket-voicemail audio') as HTMLAudioElement | null)?.readyState !== 0);
    expect(await page.evaluate(() => Math.round((document.querySelector('.ticket-voicemail audio') as HTMLAudioElement).duration))).toBe(4);
    await shot(page, '04-voicemail-ticket-en');

    // Alice (an agent) sees the ticket (no team) but may not hear recordings.
    const agent = alice.page;
    await signIn(agent, 'alice', PASSWORD);
    await agent.waitForURL(/\/app\/toolbar$/);
    await agent.goto('/app/tickets');
    await agent.locator(`.ticket-rows li[data-ticket="${ticket.id}"] button`).click();
    await agent.waitForSelector('.ticket-voicemail');
    expect(await agent.locator('.ticket-voicemail audio').count()).toBe(0);
    expect(await agent.textContent('.ticket-voicemail p')).toBe('收听需要查听录音的权限，请联系主管。');
    await shot(agent, '05-voicemail-ticket-agent-zh-CN');
    expect(sue.problems).toEqual([]);
    expect(alice.problems).toEqual([]);
  });
});
