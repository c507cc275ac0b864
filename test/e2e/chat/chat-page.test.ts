/**
 * Chat end to end in headless Chromium, two kinds of browser: visitors on a stranger's web site
 * (another origin, hostile CSS) with the widget embedded by its one script tag, and the agent in
 * the toolbar's chat workspace. A visitor waits and is picked, text and emoji go both ways with
 * typing marks, the visitor's network is lost mid-conversation while both sides write, and after
 * it comes back every message is on both screens exactly once. Screenshots: test-artifacts/chat/.
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
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

/** The widget's texts on the visitor's screen, by author, in order. */
const widgetLines = (page: Page, author: 'visitor' | 'agent') => page.locator(`switchboard-chat .line[data-author="${author}"] .bubble`).allTextContents();
const agentLines = (page: Page, from: 'visitor' | 'agent') => page.locator(`.conversation .message[data-from="${from}"] .message-text`).allTextContents();

describe.runIf(haveTools('chat in Chromium', [CHROMIUM]))('chat: the widget on a web site and the agent workspace', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let visitor: Visitor;
  let phone: Visitor;
  let queueId: string;
  let chatId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    alice = await openTab(browser, d.base);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given a site embedding the widget with one script tag when a visitor opens it then the launcher shows in English, untouched by the site CSS, and the site is untouched by the widget', async () => {
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    await visitor.page.goto(site.url);
    const launcher = visitor.page.locator('switchboard-chat .launcher');
    await launcher.waitFor();
    expect(await launcher.textContent()).toBe('Chat with us');
    // The site paints every button red in a serif font; the widget's own button stays itself.
    expect(await launcher.evaluate((el) => getComputedStyle(el).fontFamily)).not.toMatch(/Georgia/);
    expect(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(26, 95, 208)');
    expect(await visitor.page.locator('#site-button').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 0, 0)');
    await shot(visitor.page, '01-widget-launcher-desktop');
  });

  it('given nobody serving chats yet when the visitor starts a chat then the widget says it waits, with the position', async () => {
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.click('switchboard-chat .start');
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="waiting"]');
    expect(await visitor.page.textContent('switchboard-chat .status')).toMatch(/^Waiting: position 1/);
    await shot(visitor.page, '02-widget-waiting-desktop');
  });

  it('given the agent starts work not ready when the toolbar opens then the waiting chat is listed, and Pick connects it: the widget names the agent', async () => {
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    await alice.page.check('input[name=first-state][value=not_ready]');
    await alice.page.selectOption('#first-reason', 'meeting');
    await alice.page.click('.agent-login button[type=submit]');
    await alice.page.waitForSelector('.chat-waiting li button');
    await shot(alice.page, '03-workspace-waiting-list');
    chatId = (await alice.page.getAttribute('.chat-waiting li', 'data-chat')) as string;
    // Where it came from (a visitor on this machine has no region: the row shows none).
    expect(await alice.page.textContent('.chat-waiting li .chat-source')).toBe('Web site');
    expect(await alice.page.locator('.chat-waiting li .chat-waiting-region').count()).toBe(0);
    // Her own chat capacity: 0 is busy for chats (a pick is refused in words), a bad value is refused before asking.
    const capacity = alice.page.locator('.chat-capacity input');
    expect(await capacity.inputValue()).toBe('2');
    await capacity.fill('51');
    await capacity.press('Enter');
    expect(await alice.page.textContent('.chat-capacity .field-error')).toBe('Enter a whole number from 0 to 50.');
    await capacity.fill('0');
    await capacity.press('Enter');
    await alice.page.waitForSelector('.chat-capacity[data-capacity="0"]');
    expect(await alice.page.textContent('.chat-capacity .muted')).toBe('Busy for chats');
    await shot(alice.page, '03a-chat-capacity-busy');
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector('.toast-error[data-code="CAPACITY_EXCEEDED"]');
    await alice.page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast button').forEach((b) => b.click()));
    await capacity.fill('2');
    await capacity.press('Enter');
    await alice.page.waitForSelector('.chat-capacity[data-capacity="2"]');
    expect(await alice.page.evaluate(async () => ((await (await fetch('/api/agent/desk')).json()) as { chatCapacity: number }).chatCapacity)).toBe(2);
    // A customer already known by this visitor's chat id: the conversation links to the record.
    const { visitor_id: visitorId } = await d.app().store.db.selectFrom('chats').select('visitor_id').where('id', '=', chatId).executeTakeFirstOrThrow();
    const customer = await d.api<{ id: string }>('POST', '/api/customers', { name: 'Bike Owner', chatVisitors: [visitorId] });
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`);
    await alice.page.waitForSelector('.conversation-head .chat-customer');
    expect(await alice.page.textContent('.conversation-head .chat-customer')).toBe('Customer: Bike Owner');
    expect(await alice.page.getAttribute('.conversation-head .chat-customer', 'href')).toBe(`/app/customers/${customer.id}`);
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    expect(await visitor.page.textContent('switchboard-chat .status')).toBe('Connected to Alice Wang');
  });

  it('given a connected chat when both write text and emoji, with typing marks both ways, then each side shows every message once', async () => {
    await visitor.page.fill('switchboard-chat textarea', 'Hello, my bike has a flat tyre');
    // The live preview of the visitor's box, muted under the conversation.
    await alice.page.waitForSelector('.visitor-typing .visitor-draft:text-is("Hello, my bike has a flat tyre")');
    expect(await alice.page.textContent('.visitor-typing [aria-live]')).toBe('Visitor is typing:');
    await shot(alice.page, '05a-workspace-visitor-draft');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await alice.page.waitForSelector('.message[data-from="visitor"]:has-text("flat tyre")');
    await alice.page.fill('.conversation textarea', 'Hi! Which model is it? 🚲 Ours: https://shop.example/bikes.');
    await visitor.page.waitForSelector('switchboard-chat .typing:has-text("Alice Wang is typing")');
    await shot(visitor.page, '04-widget-agent-typing');
    await alice.page.press('.conversation textarea', 'Enter');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("Which model")');
    // The address is a link on both sides (the sentence's full stop is not part of it), opened in a new tab.
    const link = { href: 'https://shop.example/bikes', target: '_blank', rel: 'noopener noreferrer nofollow', text: 'https://shop.example/bikes' };
    const linkOf = (el: Element) => ({ href: el.getAttribute('href'), target: el.getAttribute('target'), rel: el.getAttribute('rel'), text: el.textContent });
    expect(await visitor.page.locator('switchboard-chat .line[data-author="agent"] .bubble a').evaluateAll((els) => els.map((el) => ({ href: el.getAttribute('href'), target: el.getAttribute('target'), rel: el.getAttribute('rel'), text: el.textContent })))).toEqual([link]);
    expect(await alice.page.locator('.message[data-from="agent"] .message-text a').evaluate(linkOf)).toEqual(link);
    // An emoji from the picker.
    await visitor.page.click('switchboard-chat .emoji-toggle');
    await visitor.page.click('switchboard-chat .emojis button[aria-label="👍"]');
    await visitor.page.click('switchboard-chat .send');
    await alice.page.waitForSelector('.message[data-from="visitor"] .message-text:text-is("👍")');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="visitor"][data-status="sent"]:has-text("👍")');
    expect(await widgetLines(visitor.page, 'visitor')).toEqual(['Hello, my bike has a flat tyre', '👍']);
    expect(await agentLines(alice.page, 'visitor')).toEqual(['Hello, my bike has a flat tyre', '👍']);
    await shot(visitor.page, '05-widget-conversation-desktop');
    // The tool buttons draw SVG icons, not emoji characters (no colour-emoji font here: those were empty boxes).
    const tools = await visitor.page.locator('switchboard-chat .compose > button:not(.send)').evaluateAll((els) =>
      els.map((el) => ({ label: el.getAttribute('aria-label'), text: (el.textContent ?? '').trim(), icon: el.querySelector('svg path') !== null })),
    );
    expect(tools.map((x) => x.label)).toEqual(expect.arrayContaining(['Emoji', 'Send a file']));
    for (const tool of tools) expect(tool, JSON.stringify(tool)).toMatchObject({ text: '', icon: true });
    await visitor.page.locator('switchboard-chat .compose').screenshot({ path: path.join(ARTIFACTS, '05b-widget-tool-icons.png') });
    await shot(alice.page, '06-workspace-conversation');
  });

  it('given frames lost on the wire and then the visitor offline while both sides write when the network returns then nothing is lost and nothing doubled, on either screen or in the store', async () => {
    visitor.loseFrames();
    await visitor.page.fill('switchboard-chat textarea', 'lost on the wire');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await alice.page.fill('.conversation textarea', 'Is it the 2024 model?');
    await alice.page.press('.conversation textarea', 'Enter');
    await alice.page.waitForSelector('.message[data-from="agent"][data-seq]:has-text("2024 model")');
    await visitor.cut();
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="reconnecting"]');
    await visitor.page.fill('switchboard-chat textarea', 'written offline 😊');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await alice.page.fill('.conversation textarea', 'Still there? 🙂');
    await alice.page.press('.conversation textarea', 'Enter');
    await alice.page.waitForSelector('.message[data-from="agent"][data-seq]:has-text("Still there")');
    expect(await visitor.page.locator('switchboard-chat .line[data-status="sending"]').count()).toBe(2);
    await shot(visitor.page, '07-widget-offline-sending');

    await visitor.restore();
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("Still there")');
    await waitFor('every visitor line acknowledged', async () => (await visitor.page.locator('switchboard-chat .line[data-status="sending"]').count()) === 0);
    await alice.page.waitForSelector('.message[data-from="visitor"]:has-text("written offline")');

    const visitorWrote = ['Hello, my bike has a flat tyre', '👍', 'lost on the wire', 'written offline 😊'];
    const agentWrote = ['Hi! Which model is it? 🚲 Ours: https://shop.example/bikes.', 'Is it the 2024 model?', 'Still there? 🙂'];
    expect((await widgetLines(visitor.page, 'visitor')).sort()).toEqual([...visitorWrote].sort());
    expect(await widgetLines(visitor.page, 'agent')).toEqual(agentWrote);
    expect((await agentLines(alice.page, 'visitor')).sort()).toEqual([...visitorWrote].sort());
    expect(await agentLines(alice.page, 'agent')).toEqual(agentWrote);
    // The store: each message once, numbered without a hole.
    const stored = await d.api<{ messages: { seq: number; from: string; text: string }[] }>('GET', `/api/chats/${chatId}/messages`);
    const texts = stored.messages.filter((m) => m.from !== 'system').map((m) => m.text);
    expect(texts.sort()).toEqual([...visitorWrote, ...agentWrote].sort());
    expect(stored.messages.map((m) => m.seq)).toEqual(stored.messages.map((_, i) => i + 1));
    // The widget really resent: the line lost on the wire left the browser twice, under one client id.
    const lost = visitor.sentFrames.filter((f) => f.type === 'message' && f.clientId !== undefined);
    const ids = lost.map((f) => f.clientId);
    expect(ids.length).toBeGreaterThan(new Set(ids).size);
    expect(visitor.sentFrames.some((f) => f.type === 'hello' && (f.resume ?? 0) > 0)).toBe(true);
    await shot(visitor.page, '08-widget-after-reconnect');
    await shot(alice.page, '09-workspace-after-reconnect');
  });

  it('given a second visitor on a phone in Chinese when they start a chat then the widget fills the 375 px screen in Chinese, and the agent handles both chats, each keeping its draft', async () => {
    phone = await openVisitor(browser, site.url, { viewport: { width: 375, height: 667 }, locale: 'en-US', isMobile: true });
    await phone.page.goto(`${site.url}?lang=zh-CN`);
    await phone.page.waitForSelector('switchboard-chat .launcher');
    expect(await phone.page.textContent('switchboard-chat .launcher')).toBe('在线咨询');
    await shot(phone.page, '10-widget-launcher-375-zh');
    await phone.page.click('switchboard-chat .launcher');
    await phone.page.click('switchboard-chat .start');
    await phone.page.waitForSelector('switchboard-chat .status[data-status="waiting"]');
    expect(await phone.page.textContent('switchboard-chat .status')).toMatch(/^排队中：第 1 位/);
    const panel = await phone.page.locator('switchboard-chat .panel').boundingBox();
    expect(panel?.width).toBe(375);
    await shot(phone.page, '11-widget-waiting-375-zh');
    expect(await phone.page.locator('switchboard-chat .compose .attach').getAttribute('aria-label')).toBe('发送文件');
    expect(await phone.page.locator('switchboard-chat .compose .emoji-toggle').getAttribute('aria-label')).toBe('表情');

    await alice.page.fill('.conversation textarea', 'a draft for the first visitor');
    await alice.page.waitForSelector('.chat-waiting li button');
    await alice.page.click('.chat-waiting li button');
    await phone.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    expect(await phone.page.textContent('switchboard-chat .status')).toBe('已接通客服 Alice Wang');
    expect(await alice.page.locator('.chat-tab').count()).toBe(2);
    await phone.page.fill('switchboard-chat textarea', '你好 👋');
    await phone.page.press('switchboard-chat textarea', 'Enter');
    await alice.page.waitForSelector('.message[data-from="visitor"]:has-text("你好")');
    await alice.page.fill('.conversation textarea', '您好！请问有什么可以帮您？');
    await alice.page.press('.conversation textarea', 'Enter');
    await phone.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("您好")');
    await shot(phone.page, '12-widget-conversation-375-zh');

    // The first visitor writes while the agent is in the second chat: an unread mark.
    await visitor.page.fill('switchboard-chat textarea', 'It is the 2024 model');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await alice.page.waitForSelector(`.chat-tab[data-chat="${chatId}"] .unread`);
    expect(await alice.page.textContent(`.chat-tab[data-chat="${chatId}"] .unread`)).toBe('1');
    await shot(alice.page, '13-workspace-two-chats-unread');
    await alice.page.click(`.chat-tab[data-chat="${chatId}"]`);
    expect(await alice.page.inputValue('.conversation textarea')).toBe('a draft for the first visitor');
    expect(await alice.page.locator(`.chat-tab[data-chat="${chatId}"] .unread`).count()).toBe(0);
  });

  it('given the daemon refuses a reply with a coded error when the agent sends it then a toast says why in words and the line shows not sent, never silent', async () => {
    await alice.page.route('**/api/chats/*/messages', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ code: 'CHAT_CLOSED', message: 'The chat has ended' }) })
        : route.continue(),
    );
    await alice.page.fill('.conversation textarea', 'this one is refused');
    await alice.page.press('.conversation textarea', 'Enter');
    await alice.page.waitForSelector('.toast-error[data-code="CHAT_CLOSED"]');
    expect(await alice.page.textContent('.toast-error .toast-text')).toBe('Send: The chat has already ended.');
    expect(await alice.page.textContent('.message[data-status="failed"] .message-meta')).toBe('Not sent');
    await shot(alice.page, '13b-workspace-coded-error');
    await alice.page.unroute('**/api/chats/*/messages');
    await alice.page.click('.toast-error button');
  });

  it('given the agent ends the first chat as solved when the dialog is confirmed then the widget shows the chat ended, and spam needs a reason', async () => {
    await alice.page.fill('.conversation textarea', '');
    await alice.page.click('.conversation-head button:has-text("End chat")');
    await alice.page.check('input[name=chat-outcome][value=spam]');
    await alice.page.click('.end-chat button:has-text("End chat")');
    await alice.page.waitForSelector('#chat-spam-reason');
    expect(await alice.page.textContent('.end-chat .field-error')).toBe('Say why this chat is spam or abuse.');
    expect(await alice.page.textContent('[data-testid=end-ticket-note]')).toContain('deleted ticket');
    await shot(alice.page, '14-workspace-end-spam-reason');
    await alice.page.check('input[name=chat-outcome][value=solved]');
    expect(await alice.page.textContent('[data-testid=end-ticket-note]')).toContain('solved ticket');
    await alice.page.click('.end-chat button:has-text("End chat")');
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="ended"]');
    expect(await visitor.page.textContent('switchboard-chat .status')).toBe('The chat has ended. Thank you!');
    await alice.page.waitForSelector(`.chat-tab[data-chat="${chatId}"]`, { state: 'detached' });
    // Solved: the widget asks the survey.
    await visitor.page.waitForSelector('switchboard-chat form.survey');
    expect(await visitor.page.isDisabled('switchboard-chat form.survey button[type=submit]')).toBe(true);
    await shot(visitor.page, '15-widget-ended-desktop');
    // Not answered yet: a reload offers it again.
    await visitor.page.reload();
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.waitForSelector('switchboard-chat form.survey');
  });

  it('given the survey when the visitor gives four stars and a comment then it is stored and the widget thanks them', async () => {
    await visitor.page.locator('switchboard-chat .survey .star').nth(3).click({ timeout: 5_000 });
    expect(await visitor.page.locator('switchboard-chat .survey .star').nth(3).getAttribute('aria-label')).toBe('4 of 5');
    expect(await visitor.page.textContent('switchboard-chat .survey .score-words', { timeout: 5_000 })).toBe('Good');
    await visitor.page.fill('switchboard-chat .survey textarea', 'Quick and friendly');
    await shot(visitor.page, '15b-widget-survey-filled');
    await visitor.page.click('switchboard-chat .survey button[type=submit]');
    await visitor.page.waitForSelector('switchboard-chat .survey-done');
    expect(await visitor.page.textContent('switchboard-chat .survey-done')).toBe('Thank you for your feedback!');
    const stored = await d.app().store.db.selectFrom('chat_surveys').select(['score', 'comment']).where('chat_id', '=', chatId).execute();
    expect(stored).toEqual([{ score: 4, comment: 'Quick and friendly' }]);
    await shot(visitor.page, '15c-widget-survey-thanks');
    // Answered: a reload does not offer it again.
    await visitor.page.reload();
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.waitForSelector('switchboard-chat .start');
    expect(await visitor.page.locator('switchboard-chat form.survey').count()).toBe(0);
    await shot(visitor.page, '15d-widget-reloaded-after-survey');
  });

  it('given the agent switches to Chinese when the workspace shows the remaining chat then every word is Chinese', async () => {
    // The toast of the ending was written in English: it goes first, if it has not timed out by now.
    // (Clicked in the page in one go: a toast timing out between finding and clicking it cannot stall the test.)
    await alice.page.evaluate(() => document.querySelectorAll<HTMLButtonElement>('.toast button').forEach((b) => b.click()));
    await alice.page.selectOption('.language-picker select', 'zh-CN');
    await alice.page.waitForSelector('#chat-workspace-title:has-text("在线会话")');
    expect(await alice.page.textContent('.chat-list h3')).toBe('我的会话');
    await shot(alice.page, '16-workspace-zh');
  });

  it('given the whole run when the consoles are read then no page had an error', () => {
    expect(alice.problems).toEqual([]);
    expect(visitor.problems).toEqual([]);
    expect(phone.problems).toEqual([]);
  });
});
