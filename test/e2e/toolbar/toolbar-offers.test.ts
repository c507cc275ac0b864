/**
 * Offers on the agent toolbar in Chromium: a collapsed toolbar only signals, an offer survives a
 * daemon restart on the page without a reload, every control is named and reachable by keyboard,
 * and a call is declined from the keyboard (the phone stops ringing, the caller keeps their place).
 * This agent's browser prefers Chinese: the page opens in Simplified Chinese without being asked.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, shot, signIn, type AgentTab } from './browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from './toolbar-daemon.js';

const LINE = `description: toolbar offers line
numbers: ["+15550100"]
timezone: UTC
start: support
nodes:
  support:
    type: queue
    queue: support
`;

/** Buttons, fields and links on screen without a name a screen reader could say. */
const UNNAMED_CONTROLS = () =>
  Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]'))
    .filter((el) => el.offsetParent !== null)
    .filter((el) => {
      const id = el.id;
      const byLabel = id ? document.querySelector(`label[for="${id}"]`)?.textContent : undefined;
      const byLabelledBy = el.getAttribute('aria-labelledby')?.split(' ').map((x: string) => document.getElementById(x)?.textContent ?? '').join(' ');
      const name = el.getAttribute('aria-label') ?? byLabelledBy ?? byLabel ?? el.closest('label')?.textContent ?? el.textContent ?? el.getAttribute('title') ?? '';
      return name.trim() === '' || el.tabIndex < 0;
    })
    .map((el) => el.outerHTML.slice(0, 120));

describe.runIf(haveTools('toolbar offers in Chromium', [CHROMIUM]))('offers on the agent toolbar in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let alice: AgentTab;
  let caller: string;
  let ringingLeg: string;

  beforeAll(async () => {
    d = await startToolbarDaemon({ line: LINE });
    const user = await d.createUser('alice', ['agent']);
    const agentId = (await d.api<{ id: string }>('POST', '/api/agents', { userId: user, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' } })).id;
    await d.api('POST', '/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId }], noAnswerTimeoutSeconds: 300 });
    await waitFor('the line flow runs', () => d.app().deps.contactCenter.ivr.registry.runningVersion('line') !== undefined);
    browser = await launch();
    alice = await openTab(browser, d.base, { width: 1280, height: 720 }, 'zh-CN');
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    await alice.page.click('.agent-login button[type=submit]');
    await alice.page.waitForSelector('.state-now[data-state="available"]');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('given a Chinese-speaking agent who collapsed the toolbar when a call is offered then the bar signals the call in Chinese and stays collapsed', async () => {
    await alice.page.click('.collapse-toggle');
    await alice.page.waitForSelector('.collapsed-bar');
    d.pbx.control.setPhoneBehaviour('agent1', 'manual');
    caller = await d.pbx.control.placeInboundCall({ from: '+4930999888', fromName: 'LI NA', to: '+15550100' });
    await alice.page.waitForSelector('.collapsed-ringing[data-ringing="true"]');
    await waitFor('the phone rings', () => d.pbx.control.ringingAt('agent1').length === 1);
    ringingLeg = d.pbx.control.ringingAt('agent1')[0] as string;
    expect(await alice.page.locator('.offer-card').count()).toBe(0);
    expect(await alice.page.title()).toMatch(/^振铃 · /);
    expect(await alice.page.textContent('.collapsed-ringing')).toBe('有来电');
    await shot(alice.page, '30-collapsed-ringing');
  });

  it('given the call ringing when the daemon restarts then the page, without a reload, still shows the offer once it is back', async () => {
    const restarted = d.restart();
    await alice.page.waitForSelector('.connection-banner');
    await restarted;
    await alice.page.waitForSelector('.connection-banner', { state: 'detached' });
    await alice.page.waitForSelector('.collapsed-ringing[data-ringing="true"]');
    expect(d.pbx.control.ringingAt('agent1')).toEqual([ringingLeg]);
    await shot(alice.page, '31-ringing-after-restart');
  });

  it('given the offer when the agent expands the toolbar then the screen-pop shows and every control on screen has a name and is reachable by keyboard', async () => {
    await alice.page.click('.collapse-toggle');
    await alice.page.waitForSelector('.offer-card');
    expect(await alice.page.textContent('.offer-card')).toContain('+4930999888');
    expect(await alice.page.textContent('#offer-title')).toBe('来电');
    expect(await alice.page.evaluate(UNNAMED_CONTROLS)).toEqual([]);
    await shot(alice.page, '32-offer-expanded');
  });

  it('given a phone-sized screen when the offer rings then the screen-pop and its buttons fit the width', async () => {
    const small = await alice.context.newPage();
    await small.setViewportSize({ width: 375, height: 740 });
    await small.goto('/app/toolbar');
    await small.waitForSelector('.offer-card');
    expect(await small.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await shot(small, '33-offer-phone-375');
    await small.close();
  });

  it('given the offer when the agent tabs to Reject (拒接) and presses Enter then the phone stops ringing and the caller keeps waiting; a second tab of hers shows the same', async () => {
    const second = await alice.context.newPage();
    await second.goto('/app/toolbar');
    await second.waitForSelector('.offer-card');
    await alice.page.focus('.offer-card');
    let focused = '';
    for (let i = 0; i < 40 && focused !== '拒接'; i++) {
      await alice.page.keyboard.press('Tab');
      focused = await alice.page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    }
    expect(focused).toBe('拒接');
    await alice.page.keyboard.press('Enter');
    await waitFor('the rejected leg stops ringing', () => !d.pbx.control.ringingAt('agent1').includes(ringingLeg));
    expect(d.pbx.control.liveChannelIds()).toContain(caller);
    // The other tab hears it from the event stream: no offer card, no ringing title, same state.
    await second.waitForSelector('.offer-card', { state: 'detached' });
    await alice.page.waitForSelector('.offer-card', { state: 'detached' });
    expect(await second.getAttribute('.state-now', 'data-state')).toBe(await alice.page.getAttribute('.state-now', 'data-state'));
    expect(await second.title()).not.toMatch(/^振铃/);
    await shot(second, '34-second-tab-after-reject');
    await second.close();
    expect(alice.problems).toEqual([]);
  });
});
