/**
 * Chat transfer and a multi-party chat in headless Chromium, three browser contexts: the visitor's
 * widget on a stranger's site, Alice's toolbar (English) and Bob's (Chinese). Alice transfers the
 * chat to Bob, who accepts while the visitor keeps writing; every message is counted on both sides
 * (none lost, none twice). Then Bob invites Alice back as a colleague, she writes under her own
 * name and leaves. Screenshots: test-artifacts/chat-transfer/.
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

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-transfer');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const widgetLines = (page: Page, author: 'visitor' | 'agent') => page.locator(`switchboard-chat .line[data-author="${author}"] .bubble`).allTextContents();

describe.runIf(haveTools('chat transfer in Chromium', [CHROMIUM]))('chat workspace: transfer and multi-party', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let bob: AgentTab;
  let visitor: Visitor;
  let chatId: string;

  const startWork = async (tab: AgentTab, username: string) => {
    await signIn(tab.page, username, PASSWORD);
    await tab.page.waitForSelector('#agent-login-title');
    await tab.page.check('input[name=first-state][value=available]');
    await tab.page.click('.agent-login button[type=submit]');
    await tab.page.waitForSelector('.chat-workspace');
  };
  const visitorSays = async (text: string) => {
    await visitor.page.fill('switchboard-chat textarea', text);
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await visitor.page.waitForSelector(`switchboard-chat .line[data-author="visitor"][data-status="sent"]:has-text("${text}")`);
  };
  const agentSays = async (tab: AgentTab, text: string) => {
    await tab.page.fill('.conversation textarea', text);
    await tab.page.press('.conversation textarea', 'Enter');
    await visitor.page.waitForSelector(`switchboard-chat .line[data-author="agent"]:has-text("${text}")`);
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const team = (await d.api<{ id: string }>('POST', '/api/teams', { name: 'Support' })).id;
    const agent = async (username: string, displayName: string, number: string) => {
      const userId = await d.createUser(username, ['agent']);
      return (await d.api<{ id: string }>('POST', '/api/agents', { userId, number, displayName, teamId: team, phone: { mode: 'fixed', extension: `ext${number}` }, chatCapacity: 2 })).id;
    };
    const aliceId = await agent('alice', 'Alice Wang', '1001');
    await agent('bob', 'Bob Li', '1002');
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceId }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    alice = await openTab(browser, d.base);
    bob = await openTab(browser, d.base, { width: 1280, height: 720 }, 'zh-CN');
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given Alice chatting with a visitor when she transfers the chat to Bob and he accepts then the visitor keeps chatting and every message is on both sides exactly once', async () => {
    await startWork(alice, 'alice');
    await startWork(bob, 'bob');
    await visitor.page.goto(site.url);
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.click('switchboard-chat .start');
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    expect(await visitor.page.textContent('switchboard-chat .status')).toBe('Connected to Alice Wang');
    await alice.page.waitForSelector('.conversation[data-chat]');
    chatId = (await alice.page.getAttribute('.conversation', 'data-chat')) as string;

    await visitorSays('v1: my order never came');
    await agentSays(alice, 'a1: let me get a colleague');

    await alice.page.click('.chat-transfer');
    await alice.page.waitForSelector('.transfer-chat #transfer-agent option', { state: 'attached' });
    expect(await alice.page.locator('#transfer-agent option').allTextContents()).toEqual(['Bob Li (2 free)']);
    await alice.page.fill('#transfer-note', 'order 1234, shipping');
    await shot(alice.page, '01-transfer-dialog-en');
    await alice.page.click('.transfer-confirm');
    await alice.page.waitForSelector('.chat-pending-transfer');
    expect(await alice.page.textContent('.chat-pending-transfer')).toContain('Waiting for Bob Li to accept');
    await shot(alice.page, '02-transfer-pending-en');

    await bob.page.waitForSelector('.chat-incoming li');
    expect(await bob.page.textContent('.chat-incoming li')).toContain('Alice Wang 向您转接了与访客的会话');
    await shot(bob.page, '03-transfer-offered-zh');

    // While it is pending Alice still holds the chat: both sides keep writing.
    await visitorSays('v2: hello?');
    await agentSays(alice, 'a2: one moment please');

    await bob.page.click('.chat-incoming .chat-accept');
    await visitor.page.waitForSelector('switchboard-chat .status:has-text("Connected to Bob Li")');
    await bob.page.waitForSelector(`.conversation[data-chat="${chatId}"] .message[data-seq="4"]`);
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`, { state: 'detached' });

    await visitorSays('v3: hi Bob');
    await agentSays(bob, 'b1: found it, it ships today');
    await bob.page.waitForSelector(`.conversation .message[data-seq="6"]`);
    await shot(bob.page, '04-after-transfer-zh');
    await shot(visitor.page, '05-widget-after-transfer');

    expect(await widgetLines(visitor.page, 'visitor')).toEqual(['v1: my order never came', 'v2: hello?', 'v3: hi Bob']);
    expect(await widgetLines(visitor.page, 'agent')).toEqual(['a1: let me get a colleague', 'a2: one moment please', 'b1: found it, it ships today']);
    const seqs = await bob.page.locator('.conversation .message[data-seq]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    const bobTexts = await bob.page.locator('.conversation .message[data-seq] .message-text').allTextContents();
    expect(bobTexts).toEqual(['v1: my order never came', 'a1: let me get a colleague', 'v2: hello?', 'a2: one moment please', 'v3: hi Bob', 'b1: found it, it ships today']);
    // Alice's lines are labelled with her name in Bob's workspace, his own as 我.
    expect(await bob.page.locator('.conversation .message[data-from="agent"] .message-meta').allTextContents()).toEqual([expect.stringContaining('Alice Wang'), expect.stringContaining('Alice Wang'), expect.stringContaining('我')]);
    const stored = await d.app().store.db.selectFrom('chat_messages').select(['seq']).where('chat_id', '=', chatId).orderBy('seq').execute();
    expect(stored.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(visitor.problems).toEqual([]);
    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  }, 120_000);

  it('given Bob owns the chat when he invites Alice as a colleague then she writes under her own name, cannot end it, and leaves', async () => {
    await bob.page.click('.chat-invite');
    await bob.page.waitForSelector('.transfer-chat #transfer-agent option', { state: 'attached' });
    await shot(bob.page, '06-invite-dialog-zh');
    await bob.page.click('.transfer-confirm');
    await bob.page.waitForSelector('.chat-parties-with:has-text("Alice Wang")');

    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"] .chat-parties[data-owner="colleague"]`);
    expect(await alice.page.textContent('.chat-parties-owner')).toBe('You were invited by Bob Li');
    expect(await alice.page.locator('.conversation-head button:has-text("End chat")').count()).toBe(0);
    await agentSays(alice, 'a3: Alice here, I can confirm the refund');
    await bob.page.waitForSelector('.conversation .message[data-seq="7"]');
    expect(await bob.page.textContent('.conversation .message[data-seq="7"] .message-meta')).toContain('Alice Wang');
    await shot(alice.page, '07-colleague-en');
    await shot(bob.page, '08-owner-with-colleague-zh');
    await shot(visitor.page, '09-widget-colleague');
    expect(await widgetLines(visitor.page, 'agent')).toEqual(['a1: let me get a colleague', 'a2: one moment please', 'b1: found it, it ships today', 'a3: Alice here, I can confirm the refund']);

    await alice.page.click('.chat-leave');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`, { state: 'detached' });
    await bob.page.waitForSelector('.chat-parties-with', { state: 'detached' });
    await waitFor('the colleague is gone', async () => (await d.api<{ colleagues: unknown[] }>('GET', `/api/chats/${chatId}/parties`)).colleagues.length === 0);
    expect(alice.problems).toEqual([]);
    expect(bob.problems).toEqual([]);
  }, 120_000);
});
