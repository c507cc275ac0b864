/**
 * The agent toolbar in real headless Chromium against the daemon on the simulated media server:
 * a working shift end to end, one step per test, a screenshot per step (test-artifacts/toolbar/).
 * Waits are for what the page or the daemon shows, never for a fixed time.
 */
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, shot, signIn, type AgentTab } from './browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from './toolbar-daemon.js';

const LINE = `description: toolbar test line
numbers: ["+15550100"]
timezone: UTC
start: menu
nodes:
  menu:
    type: menu
    prompt: { sound: hello-world }
    choices:
      "2": support
    timeout: 20s
    retries: 1
    onFail: support
  support:
    type: queue
    queue: support
`;

const CALLER = '+4930111222';

describe.runIf(haveTools('agent toolbar in Chromium', [CHROMIUM]))('the agent toolbar in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let alice: AgentTab;
  let bob: AgentTab;
  let aliceAgent: string;
  let bobAgent: string;
  let caller: string;

  beforeAll(async () => {
    d = await startToolbarDaemon({ line: LINE }, { callerIds: ['+15550100', '+15550199'] });
    const aliceUser = await d.createUser('alice', ['agent']);
    const bobUser = await d.createUser('bob', ['agent']);
    aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' } })).id;
    bobAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: bobUser, number: '1002', displayName: 'Bob Li', phone: { mode: 'chosen_at_login' } })).id;
    await d.api('POST', '/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: aliceAgent }, { agentId: bobAgent }], wrapUpSeconds: 90, noAnswerTimeoutSeconds: 120 });
    await d.api('POST', '/api/customers', { name: 'Zhang Wei', phones: [CALLER], tags: ['invoice'], level: 'gold' });
    await d.api('POST', '/api/dispositions', { code: 'resolved', label: 'Resolved' });
    await d.api('POST', '/api/dispositions', { code: 'callback', label: 'Call back later' });
    await waitFor('the line flow runs', () => d.app().deps.contactCenter.ivr.registry.runningVersion('line') !== undefined);
    // Earlier today the same customer gave up waiting (nobody was working yet): the pop lists it.
    const earlier = await d.pbx.control.placeInboundCall({ from: CALLER, to: '+15550100' });
    await waitFor('the earlier caller hears the menu', () => d.pbx.control.farSide(earlier).heardPrompts.length > 0);
    await d.pbx.control.pressDigits(earlier, '2');
    await waitFor('the earlier caller waits', () => d.app().deps.contactCenter.acd.liveForRealtime().waiting.length === 1);
    await d.pbx.control.farEndHangup(earlier);
    await waitFor('the earlier call is stored as ended', async () => (await d.api<{ calls: { state: string }[] }>('GET', '/api/call-records')).calls.some((c) => c.state === 'ended'));
    browser = await launch();
    alice = await openTab(browser, d.base);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const desk = async (who: string) => (await d.app().deps.contactCenter.acd.agentSnapshot(who)).state;
  const stateShown = (page: Page, state: string) => page.waitForSelector(`.state-now[data-state="${state}"]`);

  it('given a browser opening the daemon when nobody is signed in then the sign-in page shows, in English', async () => {
    await alice.page.goto('/');
    await alice.page.waitForSelector('#login-username');
    expect(alice.page.url()).toMatch(/\/app\/login/);
    expect(await alice.page.textContent('h1')).toBe('Sign in');
    await shot(alice.page, '01-login');
  });

  it('given the agent signs in when the toolbar opens then they choose to start "not ready: meeting" and their fixed phone is shown', async () => {
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    expect(await alice.page.textContent('.fixed-phone')).toContain('agent1');
    await alice.page.check('input[name=first-state][value=not_ready]');
    await alice.page.selectOption('#first-reason', 'meeting');
    await shot(alice.page, '02-start-work');
    await alice.page.click('.agent-login button[type=submit]');
    await stateShown(alice.page, 'not_ready');
    expect(await alice.page.textContent('.state-reason')).toBe('Meeting');
    expect(await desk(aliceAgent)).toBe('not_ready');
    await shot(alice.page, '03-not-ready-meeting');
  });

  it('given not ready when the agent chooses available then the state and its timer change', async () => {
    await alice.page.selectOption('.state-menu select', 'available');
    await stateShown(alice.page, 'available');
    expect(await desk(aliceAgent)).toBe('available');
    await shot(alice.page, '04-available');
  });

  it('given an available agent when a caller picks 2 in the IVR then the offer rings with the screen-pop (caller, IVR path with the key, queue, wait) before answering', async () => {
    d.pbx.control.setPhoneBehaviour('agent1', 'manual');
    caller = await d.pbx.control.placeInboundCall({ from: CALLER, fromName: 'ZHANG WEI', to: '+15550100' });
    await waitFor('the menu prompt plays', () => d.pbx.control.farSide(caller).heardPrompts.length > 0);
    await d.pbx.control.pressDigits(caller, '2');
    await alice.page.waitForSelector('.offer-card[data-tone="playing"]');
    await alice.page.waitForSelector('.offer-card .ivr-digits');
    expect(await alice.page.textContent('.offer-card .pop-name')).toBe('Zhang Wei');
    expect(await alice.page.textContent('.offer-card .pop-number')).toBe(CALLER);
    expect(await alice.page.locator('.offer-card .ivr-path li').allTextContents()).toEqual(['menu2', 'support']);
    expect(await alice.page.textContent('.offer-card [data-pop="queue"]')).toBe('support');
    expect(await alice.page.getAttribute('.offer-card .pop-link', 'href')).toMatch(/^\/app\/customers\//);
    // The earlier call of this number, which hung up within seconds of waiting.
    expect(await alice.page.locator('.offer-card table tbody tr').allTextContents()).toEqual([expect.stringMatching(/InboundCaller hung up at oncesupport$/)]);
    expect(await alice.page.textContent('.pickup-hint')).toContain('agent1');
    await shot(alice.page, '05-offer-screen-pop');
  });

  it('given the offer ringing when the agent picks up the phone then the toolbar shows the connected call with its controls, and the ringing stops', async () => {
    await d.pbx.control.answerPhone('agent1');
    await alice.page.waitForSelector('.call-panel[data-call-state="connected"]');
    await alice.page.waitForFunction(() => !document.title.startsWith('Ringing'));
    await stateShown(alice.page, 'on_contact');
    expect(await alice.page.locator('.offer-card').count()).toBe(0);
    expect(await alice.page.isEnabled('button:has-text("Hold")')).toBe(true);
    expect(await alice.page.isEnabled('button:has-text("Hang up")')).toBe(true);
    await shot(alice.page, '06-connected');
  });

  it('given the daemon refuses a control with a coded error when the agent clicks it then a toast says why in words, not a silent no-op', async () => {
    // The media server being away is hard to stage mid-call; the daemon's answer for it is not.
    await alice.page.route('**/hold', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'PBX_UNAVAILABLE', message: 'The media server is not connected' }) }),
    );
    await alice.page.click('button:has-text("Hold")');
    await alice.page.waitForSelector('.toast-error[data-code="PBX_UNAVAILABLE"]');
    expect(await alice.page.textContent('.toast-error .toast-text')).toBe('Hold: The phone system is not connected.');
    await shot(alice.page, '06b-coded-error-toast');
    await alice.page.unroute('**/hold');
    await alice.page.click('.toast-error button');
    await alice.page.waitForSelector('.toast-error', { state: 'detached' });
    expect(await alice.page.locator('.call-panel[data-call-state="connected"]').count()).toBe(1);
  });

  it('given a connected call when the agent holds then the call shows on hold with Resume, and the customer hears music', async () => {
    await alice.page.click('button:has-text("Hold")');
    await alice.page.waitForSelector('.call-panel[data-call-state="held"]');
    expect(await alice.page.isEnabled('button:has-text("Resume")')).toBe(true);
    expect(await alice.page.isDisabled('button:has-text("Mute")')).toBe(false);
    expect(d.pbx.control.farSide(caller).hearsMoh).toBe(true);
    await shot(alice.page, '07-on-hold');
  });

  it('given a second agent when Bob signs in in his own browser then he chooses his phone at login and starts available', async () => {
    bob = await openTab(browser, d.base);
    await signIn(bob.page, 'bob', PASSWORD);
    await bob.page.waitForSelector('#agent-phone');
    await bob.page.fill('#agent-phone', 'agent2');
    await bob.page.click('.agent-login button[type=submit]');
    await stateShown(bob.page, 'available');
    expect(d.app().deps.contactCenter.acd.agentSnapshot(bobAgent).phone).toBe('agent2');
    await shot(bob.page, '08-bob-available');
  });

  it('given the call on hold when Alice consults Bob from the transfer dialog (his live state shown) then Bob\'s toolbar rings with the caller\'s screen-pop', async () => {
    d.pbx.control.setPhoneBehaviour('agent2', 'manual');
    await alice.page.click('button:has-text("Transfer")');
    await alice.page.waitForSelector(`.target[data-agent="${bobAgent}"]`);
    expect(await alice.page.textContent(`.target[data-agent="${bobAgent}"] .badge`)).toBe('Available');
    await shot(alice.page, '09-transfer-dialog');
    await alice.page.click(`.target[data-agent="${bobAgent}"] button`);
    await alice.page.waitForSelector('.call-panel[data-call-state="consult_ringing"]');
    expect(await alice.page.textContent('.consult-box p')).toBe('Calling Bob Li while the customer waits…');
    await bob.page.waitForSelector('.offer-card[data-tone="playing"]');
    expect(await bob.page.textContent('.offer-card')).toContain(CALLER);
    await bob.page.waitForSelector('#offer-title:has-text("Alice Wang is consulting you")');
    await shot(alice.page, '10-alice-consult-ringing');
    await shot(bob.page, '11-bob-consulted-ringing');
  });

  it('given Bob picks up when Alice completes the transfer then the call is Bob\'s with every control, and Alice is free without wrap-up', async () => {
    await d.pbx.control.answerPhone('agent2');
    await alice.page.waitForSelector('.call-panel[data-call-state="consulting"]');
    await alice.page.waitForSelector('button:has-text("Complete transfer"):not([disabled])');
    await shot(alice.page, '12-alice-consulting');
    await alice.page.click('button:has-text("Complete transfer")');
    await bob.page.waitForSelector('.call-panel[data-call-state="connected"] button:has-text("Hold"):not([disabled])');
    await stateShown(bob.page, 'on_contact');
    await alice.page.waitForSelector('.idle');
    await stateShown(alice.page, 'available');
    expect(d.pbx.control.farSide(caller).hearsMoh).toBe(false);
    await shot(bob.page, '13-bob-has-the-call');
  });

  it('given Bob on the call when he mutes and pauses the recording (card details) then both show, the phone system did both, and resuming undoes them', async () => {
    await bob.page.click('.call-controls button:has-text("Mute")');
    await bob.page.waitForSelector('.flag-muted');
    await bob.page.click('button:has-text("Pause recording")');
    await bob.page.waitForSelector('.flag-rec:has-text("Recording paused")');
    const bobLeg = d.app().deps.contactCenter.callHandling.calls.service.activeCalls()[0]?.legs.find((l) => l.agentId === bobAgent && l.endedAt === undefined)?.id as string;
    expect(d.pbx.control.farSide(bobLeg).muted.in).toBe(true);
    await shot(bob.page, '13b-bob-muted-recording-paused');
    await bob.page.click('.call-controls button:has-text("Unmute")');
    await bob.page.click('button:has-text("Resume recording")');
    await bob.page.waitForSelector('.flag-rec:has-text("Recording")');
    await bob.page.waitForSelector('.flag-muted', { state: 'detached' });
    expect(d.pbx.control.farSide(bobLeg).muted.in).toBe(false);
  });

  it('given Bob on the call when he hangs up then wrap-up starts by itself and counts down; a note is saved and Finish makes him available', async () => {
    await bob.page.click('button:has-text("Hang up")');
    await bob.page.waitForSelector('.wrap-up .wrap-countdown');
    await stateShown(bob.page, 'wrap_up');
    const first = await bob.page.textContent('.wrap-countdown');
    // The countdown moves on by itself (waiting for the change, not for a time).
    await bob.page.waitForFunction((before) => document.querySelector('.wrap-countdown')?.textContent !== before, first);
    await bob.page.selectOption('#wrap-outcome', { label: 'Resolved' });
    await bob.page.fill('#wrap-note', 'Asked about the March invoice; copy sent by mail.');
    // One more minute: the countdown jumps up by about a minute.
    const before = await bob.page.textContent('.wrap-countdown');
    await bob.page.click('button:has-text("One more minute")');
    await bob.page.waitForFunction((b) => {
      const secs = (text: string | null | undefined) => (text ?? '0:0').split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
      return secs(document.querySelector('.wrap-countdown')?.textContent) > secs(b) + 30;
    }, before);
    // Saved by itself while Bob is still in wrap-up.
    await bob.page.waitForSelector('.wrap-saved');
    const [record] = (await d.api<{ calls: { from: string; wrapUp?: { disposition: { code: string } | null; note: string | null } }[] }>('GET', '/api/call-records')).calls.filter((c) => c.wrapUp);
    expect(record?.wrapUp).toMatchObject({ disposition: { code: 'resolved' }, note: 'Asked about the March invoice; copy sent by mail.' });
    await shot(bob.page, '14-bob-wrap-up');
    await bob.page.click('button:has-text("Finish wrap-up")');
    await stateShown(bob.page, 'available');
    expect(await desk(bobAgent)).toBe('available');
    // Today's figures count the call he just had: read again after the change of state (waited
    // for), its talk time in the figures (the call may last under a second: the page shows 0:00).
    await bob.page.waitForFunction(() => document.querySelector('.today [data-figure="handled"]')?.textContent === '1');
    const day = JSON.parse(await bob.page.evaluate(async () => (await fetch('/api/agent/today')).text())) as { handled: number; talkMs: number };
    expect(day.handled).toBe(1);
    expect(day.talkMs).toBeGreaterThan(0);
    await shot(bob.page, '15-bob-available-again');
  });

  it('given Alice available when she types part of a number, clicks the rest on the keypad and calls then her phone rings first and then the customer', async () => {
    await alice.page.click('#dial-number');
    await alice.page.keyboard.type('+49 30 555');
    for (const k of ['1', '2', '3']) await alice.page.click(`.dial-pad .key:has-text("${k}")`);
    expect(await alice.page.inputValue('#dial-number')).toBe('+4930555123');
    await alice.page.selectOption('#dial-caller-id', '+15550199');
    await shot(alice.page, '16-dial-pad');
    await alice.page.click('.dial-call');
    await alice.page.waitForSelector('.call-panel[data-call-state="dialing_agent"]');
    await d.pbx.control.answerPhone('agent1');
    await alice.page.waitForSelector('.call-panel[data-call-state="connected"]');
    expect(await alice.page.textContent('#call-title')).toContain('+4930555123');
    const dialed = d.app().deps.contactCenter.callHandling.calls.service.activeCalls().find((c) => c.direction === 'outbound');
    expect(dialed?.legs.find((l) => l.role === 'customer')?.endpoint).toBe('+4930555123');
    // The customer is shown the caller id Alice picked.
    expect(dialed?.variables.outbound_caller_id).toBe('+15550199');
    // Keypad tones reach the far end (an IVR Alice called, say).
    await alice.page.click('.call-controls button:has-text("Keypad")');
    await alice.page.click('.dtmf .key:has-text("5")');
    await alice.page.click('.dtmf .key:has-text("#")');
    await alice.page.waitForSelector('.dtmf-sent:has-text("5#")');
    const customerLeg = dialed?.legs.find((l) => l.role === 'customer')?.id as string;
    expect(d.pbx.control.farSide(customerLeg).receivedDtmf).toBe('5#');
    await shot(alice.page, '17-outbound-connected');
  });

  it('given an outbound call in progress when the daemon restarts then the page says it reconnects and shows the same call again without a reload', async () => {
    const callId = await alice.page.getAttribute('.call-panel', 'data-call');
    await alice.page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });
    const restarted = d.restart();
    await alice.page.waitForSelector('.connection-banner');
    await shot(alice.page, '18-daemon-restarting');
    await restarted;
    await alice.page.waitForSelector('.connection-banner', { state: 'detached' });
    await alice.page.waitForSelector(`.call-panel[data-call="${callId}"][data-call-state="connected"]`);
    expect(await alice.page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    await shot(alice.page, '19-after-restart');
    await alice.page.click('button:has-text("Hang up")');
    await alice.page.waitForSelector('.idle');
    // Click-to-dial leaves the agent "outbound" until they choose again (or the daemon does).
    await alice.page.selectOption('.state-menu select', 'available');
    await stateShown(alice.page, 'available');
    // The number just called heads the recent numbers, ready to call again.
    await alice.page.waitForSelector('.recent-number:has-text("+4930555123")');
  });

  it('given the language picker when Alice chooses 简体中文 then the toolbar is in Chinese and stays so after a reload', async () => {
    await alice.page.selectOption('.language-picker select', 'zh-CN');
    await alice.page.waitForSelector('text=签出');
    expect(await alice.page.getAttribute('html', 'lang')).toBe('zh-CN');
    await alice.page.reload();
    await alice.page.waitForSelector('.state-now');
    expect(await alice.page.textContent('.state-name')).toBe('空闲');
    await shot(alice.page, '20-chinese');
  });

  it('given a phone-sized screen (375 px) when the toolbar opens then nothing is cut off sideways', async () => {
    const small = await alice.context.newPage();
    await small.setViewportSize({ width: 375, height: 740 });
    await small.goto('/app/toolbar');
    await small.waitForSelector('.state-now');
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await shot(small, '21-phone-375');
    await small.close();
  });

  it('given Alice available when she signs out of the page then her work ends first and the sign-in page says she signed out', async () => {
    await alice.page.click('.shell-head button[aria-label="退出登录"]');
    await alice.page.waitForSelector('.login-notice');
    expect(await alice.page.textContent('.login-notice')).toBe('您已退出登录。');
    expect(await desk(aliceAgent)).toBe('logged_out');
    await shot(alice.page, '21b-signed-out');
  });

  it('given the session ended elsewhere then the page goes to sign-in saying the session ended (the event stream closes with 4401 at once)', async () => {
    await bob.page.evaluate(() => fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }));
    await bob.page.waitForSelector('.login-notice');
    expect(await bob.page.textContent('.login-notice')).toBe('Your session has ended. Please sign in again.');
    await shot(bob.page, '22-session-ended');
  });

  it('given the whole shift when the browser\'s console is read then nothing failed and the CSP refused nothing', () => {
    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  });
});
