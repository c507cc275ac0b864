/**
 * Visitors before any chat, in headless Chromium: a visitor on a stranger's site with the widget
 * (no chat started) appears in the agent's workspace at once, navigates to a second page (a page
 * load) and within it (history.pushState), and the agent sees the current page, the pages count
 * and the trail with the time on each. Screenshots in English and Chinese: test-artifacts/chat/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { startHostSite, type HostSite } from './host-site.js';
import { openVisitor, type Visitor } from './visitor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.runIf(haveTools('visitors in Chromium', [CHROMIUM]))('visitors: the widget on a web site and the agent workspace, before any chat', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let bob: AgentTab;
  let visitor: Visitor;

  const startWork = async (tab: AgentTab, username: string) => {
    await signIn(tab.page, username, PASSWORD);
    await tab.page.waitForSelector('#agent-login-title');
    await tab.page.check('input[name=first-state][value=not_ready]');
    await tab.page.selectOption('#first-reason', 'meeting');
    await tab.page.click('.agent-login button[type=submit]');
    await tab.page.waitForSelector('.visitors');
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    const bobUser = await d.createUser('bob', ['agent']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    const bobAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: bobUser, number: '1002', displayName: 'Bob Li', phone: { mode: 'fixed', extension: 'agent2' }, chatCapacity: 2 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }, { agentId: bobAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    alice = await openTab(browser, d.base);
    bob = await openTab(browser, d.base, { width: 1280, height: 720 }, 'zh-CN');
    await startWork(alice, 'alice');
    await startWork(bob, 'bob');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given nobody on the site when the workspace opens then the visitors panel says so', async () => {
    await alice.page.waitForSelector('.visitors p.muted');
    expect(await alice.page.textContent('#visitors-title')).toBe('Visitors on the site (0)');
  });

  it('given a visitor opens a page with the widget and starts no chat when the agent looks then the visitor is listed with the page, at once', async () => {
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    await visitor.page.goto(site.url);
    await visitor.page.locator('switchboard-chat .launcher').waitFor();
    await alice.page.waitForSelector('.visitor-row .visitor-page:text-is("Acme Bikes")');
    expect(await alice.page.textContent('#visitors-title')).toBe('Visitors on the site (1)');
    expect(await alice.page.textContent('.visitor-row .visitor-meta')).toMatch(/1 pages/);
    // The socket was opened on load, before any chat: hello then the page.
    expect(visitor.sentFrames.map((f) => f.type)).toEqual(['hello', 'page_view']);
    expect(await d.app().store.db.selectFrom('chats').select('id').execute()).toEqual([]);
  });

  it('given the visitor loads a second page and then navigates within it when the agent opens the trail then three pages show, each with its time, the landing page first', async () => {
    await visitor.page.goto(`${site.url}pages/bikes`);
    await visitor.page.locator('switchboard-chat .launcher').waitFor();
    // The new page's socket is welcomed and has told its page (a navigation before that is told as the page then shown).
    await waitFor('the second page_view', () => visitor.sentFrames.filter((f) => f.type === 'page_view').length === 2);
    await visitor.page.evaluate(() => history.pushState({}, '', '/pages/bikes/42'));
    await alice.page.waitForSelector('.visitor-row .visitor-meta:has-text("3 pages")');
    expect(await alice.page.locator('.visitor-row').count()).toBe(1);
    await alice.page.click('.visitor-row');
    await alice.page.waitForSelector('.visitor-pages li:nth-child(3)');
    const pages = await alice.page.locator('.visitor-pages .visitor-page-url').allTextContents();
    expect(pages).toEqual([`Acme Bikes — ${site.url.replace('http://', '')}`, `Acme Bikes — ${site.url.replace('http://', '')}pages/bikes`, `Acme Bikes — ${site.url.replace('http://', '')}pages/bikes/42`]);
    expect(await alice.page.textContent('.visitor-trail dl')).toContain('Direct (no referrer)');
    await shot(alice.page, 'visitors-01-trail-en');
    await shot(visitor.page, 'visitors-02-site-en');
  });

  it('given a second agent in Chinese when they look then the same visitor shows in Chinese words', async () => {
    await bob.page.waitForSelector('.visitor-row .visitor-meta:has-text("3 个页面")');
    expect(await bob.page.textContent('#visitors-title')).toBe('网站访客（1）');
    await bob.page.click('.visitor-row');
    await bob.page.waitForSelector('.visitor-pages li:nth-child(3)');
    expect(await bob.page.textContent('.visitor-trail dl')).toContain('直接访问（无来源）');
    await shot(bob.page, 'visitors-03-trail-zh');
  });

  it('given a visitor in Chinese when the Chinese-speaking agent invites and the visitor declines then the widget showed the invitation in Chinese and the agent is told', async () => {
    const zh = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    await zh.page.goto(`${site.url}pages/help?lang=zh-CN`);
    await zh.page.locator('switchboard-chat .launcher').waitFor();
    await bob.page.waitForSelector('#visitors-title:text-is("网站访客（2）")');
    // The newest visit is listed first.
    const row = bob.page.locator('.visitor-list > li').first();
    await row.locator('.visitor-invite').click();
    await zh.page.waitForSelector('switchboard-chat .invitation');
    expect(await zh.page.textContent('switchboard-chat .invitation-title')).toBe('Bob Li 邀请您在线咨询');
    expect(await zh.page.textContent('switchboard-chat .invitation-message')).toBe('您好！有什么可以帮您的吗？');
    await shot(zh.page, 'visitors-04-invitation-zh');
    await zh.page.click('switchboard-chat .invitation-decline');
    await bob.page.waitForSelector('text=访客谢绝了您的邀请。');
    await shot(bob.page, 'visitors-05-declined-zh');
    expect(await zh.page.locator('switchboard-chat .invitation').count()).toBe(0);
    await zh.context.close();
    await alice.page.waitForSelector('#visitors-title:text-is("Visitors on the site (1)")');
  });

  it('given the visitor browsing when Alice invites and the visitor accepts then the chat connects with Alice, with no queue pick', async () => {
    await alice.page.locator('.visitor-list > li .visitor-invite').click();
    await visitor.page.waitForSelector('switchboard-chat .invitation');
    expect(await visitor.page.textContent('switchboard-chat .invitation-title')).toBe('Alice Wang would like to help you');
    await shot(visitor.page, 'visitors-06-invitation-en');
    await visitor.page.click('switchboard-chat .invitation-accept');
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    expect(await visitor.page.textContent('switchboard-chat .status')).toBe('Connected to Alice Wang');
    await alice.page.waitForSelector('.conversation');
    await visitor.page.fill('switchboard-chat textarea', 'Yes, which bike fits a 1.80 m rider?');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await alice.page.waitForSelector('.message[data-from="visitor"]:has-text("1.80 m")');
    // Chatting now: the row says so and offers no invitation.
    await alice.page.waitForSelector('.visitor-row .badge:text-is("Chatting")');
    expect(await alice.page.locator('.visitor-invite').count()).toBe(0);
    await shot(alice.page, 'visitors-07-chat-from-invitation-en');
    await shot(visitor.page, 'visitors-08-widget-chat-en');
    const chats = await d.app().store.db.selectFrom('chats').select(['agent_id', 'state']).execute();
    expect(chats).toHaveLength(1);
    expect(chats[0]?.state).toBe('active');
  });

  it('given the visitor closes the page when the agents look then the visitor leaves the list', async () => {
    await visitor.context.close();
    await alice.page.waitForSelector('.visitors p.muted');
    expect(await alice.page.textContent('#visitors-title')).toBe('Visitors on the site (0)');
    expect(visitor.problems).toEqual([]);
  });
});
