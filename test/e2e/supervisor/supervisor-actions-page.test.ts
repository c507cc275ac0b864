/**
 * The supervisor console's contact actions in real headless Chromium (1920x1080) against the
 * daemon on the simulated media server, on real time: a call waits with nobody free, the supervisor
 * assigns it to an agent from the waiting list and that agent's phone rings; the supervisor
 * force-transfers the talking agent's call to a colleague, whose phone rings; a barge shows the
 * agent's contact as a three-way call. The assign picker lists only agents free to take the
 * contact; a refused listen shows the daemon's coded error, in Chinese. Screenshots under test-artifacts/supervisor/. Waits are for what the page or the daemon
 * shows, never for a fixed time.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, waitFor, type Headers, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { DID } from '../toolbar/toolbar-world.js';
import { SCREEN, shot, startSupervisorFloor } from './supervisor-floor.js';

const VIP = '+4930100200';
const SECOND = '+4930300400';

describe.runIf(haveTools('supervisor actions in Chromium', [CHROMIUM]))('the supervisor console, contact actions, in Chromium', () => {
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
    // Both in a meeting: a caller finds nobody free.
    await d.api('POST', '/api/agent/login', { state: 'not_ready', reason: 'meeting' }, alice);
    await d.api('POST', '/api/agent/login', { state: 'not_ready', reason: 'meeting' }, bob);
    d.pbx.control.setPhoneBehaviour('agent1', 'manual');
    d.pbx.control.setPhoneBehaviour('agent2', 'manual');
    browser = await launch();
    sue = await openTab(browser, d.base, SCREEN);
    sam = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const cc = () => d.app().deps.contactCenter;
  const liveCalls = () => cc().callHandling.calls.service.activeCalls();
  const callOf = (agentId: string) => cc().callHandling.calls.control.callOfAgent(agentId);
  const row = (page: Page, agentId: string) => page.locator(`tr[data-agent="${agentId}"]`);

  it('given nobody free when a caller dials then the console lists them as waiting, with their number and queue', async () => {
    await signIn(sue.page, 'sue', PASSWORD);
    await sue.page.waitForURL(/\/app\/supervisor$/);
    await sue.page.waitForSelector('.none-waiting');
    await d.pbx.control.placeInboundCall({ from: VIP, to: DID });
    await waitFor('the caller waits', () => cc().acd.liveForRealtime().waiting.length === 1);
    const contactId = cc().acd.liveForRealtime().waiting[0]?.contactId as string;
    await sue.page.waitForSelector(`.waiting-table tr[data-contact="${contactId}"]`);
    expect(await sue.page.textContent(`tr[data-contact="${contactId}"] .waiting-caller`)).toBe(VIP);
    expect(await sue.page.textContent(`tr[data-contact="${contactId}"] .waiting-queue`)).toBe('support');
    await shot(sue.page, '11-waiting-en');
  });

  it("given the caller waiting when the supervisor assigns them to Alice then Alice's phone rings, she answers and her row shows the caller", async () => {
    const contactId = cc().acd.liveForRealtime().waiting[0]?.contactId as string;
    await sue.page.selectOption(`tr[data-contact="${contactId}"] select.assign-to`, aliceAgent);
    await waitFor("Alice's phone rings", () => callOf(aliceAgent)?.state === 'offering');
    expect(cc().acd.openOffers(aliceAgent).map((o) => o.contactId)).toEqual([contactId]);
    await d.pbx.control.answerPhone('agent1');
    await waitFor('Alice talks with the caller', () => callOf(aliceAgent)?.state === 'connected');
    callId = callOf(aliceAgent)?.id as string;
    await sue.page.waitForSelector('.none-waiting');
    await row(sue.page, aliceAgent).locator('.contact-caller').filter({ hasText: VIP }).waitFor();
    expect(await row(sue.page, aliceAgent).getAttribute('data-state')).toBe('on_contact');
    expect(sue.problems).toEqual([]);
  });

  it("given Alice talking when the supervisor force-transfers her call to Bob then Bob's phone rings, he answers, and the call is his", async () => {
    await row(sue.page, aliceAgent).locator('select.transfer-to').selectOption(`agent:${bobAgent}`);
    await waitFor("Bob's phone rings with Alice's caller", () => callOf(bobAgent)?.id === callId && liveCalls()[0]?.state === 'offering');
    await d.pbx.control.answerPhone('agent2');
    await waitFor('Bob talks with the caller', () => callOf(bobAgent)?.id === callId && liveCalls()[0]?.state === 'connected');
    expect(callOf(aliceAgent)).toBeUndefined();
    await row(sue.page, bobAgent).locator('.contact-caller').filter({ hasText: VIP }).waitFor();
    await row(sue.page, aliceAgent).locator('.agent-contact').waitFor({ state: 'detached' });
    expect(await row(sue.page, aliceAgent).getAttribute('data-state')).toBe('wrap_up');
    expect(sue.problems).toEqual([]);
  });

  it("given Bob on the call when the supervisor barges then her phone joins and Bob's contact is marked as a three-way call", async () => {
    await row(sue.page, bobAgent).locator('button[data-action="barge"]').click();
    const supervision = cc().callHandling.supervision;
    await waitFor("Sue's phone joins the call", () => supervision.list().some((s) => s.callId === callId && s.mode === 'barge' && s.state === 'active'));
    await row(sue.page, bobAgent).locator('.badge.three-way').waitFor();
    expect(await row(sue.page, bobAgent).locator('.badge.three-way').textContent()).toBe('Three-way');
    expect(await sue.page.textContent('[data-tile="monitoring"] .tile-value')).toBe('1');
    expect(sue.problems).toEqual([]);
    await shot(sue.page, '12-three-way-en');
  });

  it('given Bob on the call and Alice wrapping up when a second caller waits then the assign picker offers neither (busy agents are not listed), in Chinese, and the caller keeps waiting', async () => {
    // Alice's wrap-up runs on real time: an hour more keeps her busy however slow the machine.
    await d.api('POST', '/api/agent/wrap-up/extend', { ms: 3_600_000 }, alice);
    await d.pbx.control.placeInboundCall({ from: SECOND, to: DID });
    await waitFor('the second caller waits', () => cc().acd.liveForRealtime().waiting.length === 1);
    const contactId = cc().acd.liveForRealtime().waiting[0]?.contactId as string;
    await signIn(sam.page, 'sam', PASSWORD);
    await sam.page.waitForURL(/\/app\/supervisor$/);
    await sam.page.waitForSelector(`tr[data-contact="${contactId}"]`);
    expect(await row(sam.page, bobAgent).locator('.badge.three-way').textContent()).toBe('三方通话');
    const offered = await sam.page.locator(`tr[data-contact="${contactId}"] select.assign-to option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['']);
    expect(cc().acd.liveForRealtime().waiting.map((w) => w.contactId)).toEqual([contactId]);
    await shot(sam.page, '13-assign-nobody-free-zh-CN');
  });

  it('given Sue barging on Bob when Sam tries to listen to Bob then the page shows the coded error ALREADY_MONITORED in Chinese and no second session starts', async () => {
    await row(sam.page, bobAgent).locator('button[data-action="listen"]').click();
    await sam.page.waitForSelector('.toast-error[data-code="ALREADY_MONITORED"]');
    expect(await sam.page.textContent('.toast-error .toast-text')).toBe('监听：该坐席已被其他主管监控。');
    expect(cc().callHandling.supervision.list().map((s) => s.mode)).toEqual(['barge']);
    await sam.page.click('.toast-error button');
    await sam.page.waitForSelector('.toast-error', { state: 'detached' });
    expect(await sam.page.textContent('.waiting-contacts h2')).toBe('排队中的客户');
    expect(sam.problems).toEqual([]);
    await shot(sam.page, '14-console-actions-zh-CN');
  });
});
