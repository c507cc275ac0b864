/**
 * Chat supervision in headless Chromium: the visitor's widget on a stranger's site, Alice's
 * toolbar and Sam's supervisor console. Sam monitors the chat (the visitor's messages show live),
 * whispers (Alice sees it marked, the widget never shows it, also after a reload) and takes the
 * chat over (Alice is told and released; the visitor keeps the conversation); a visitor talking
 * with the bot shows under "With the bot", is monitored read-only and handed to a person (Alice
 * sees the reason); then the console in Chinese. Screenshots: test-artifacts/chat-supervision/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { startHostSite, type HostSite } from './host-site.js';
import { openVisitor, type Visitor } from './visitor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-supervision');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const widgetText = (page: Page) => page.locator('switchboard-chat .line').allTextContents();

/** Signs in and logs the agent in, not ready (so chats wait to be picked). */
async function agentLogin(tab: AgentTab, username: string): Promise<void> {
  await signIn(tab.page, username, PASSWORD);
  await tab.page.waitForSelector('#agent-login-title');
  await tab.page.check('input[name=first-state][value=not_ready]');
  await tab.page.selectOption('#first-reason', 'meeting');
  await tab.page.click('.agent-login button[type=submit]');
  await tab.page.waitForSelector('.chat-workspace');
}

describe.runIf(haveTools('chat supervision in Chromium', [CHROMIUM]))('chat supervision: monitor, whisper, take over', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let sam: AgentTab;
  let visitor: Visitor;
  let chatId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    const samUser = await d.createUser('sam', ['supervisor']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    await d.api('POST', '/api/agents', { userId: samUser, number: '1900', displayName: 'Sam Li', phone: { mode: 'fixed', extension: 'sup1' }, chatCapacity: 2 });
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    alice = await openTab(browser, d.base);
    sam = await openTab(browser, d.base, { width: 1280, height: 900 });
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given a chat with Alice when Sam monitors it from the console then he sees the history and the visitor writing live', async () => {
    await agentLogin(alice, 'alice');
    await visitor.page.goto(site.url);
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.click('switchboard-chat .start');
    await alice.page.waitForSelector('.chat-waiting li button');
    chatId = (await alice.page.getAttribute('.chat-waiting li', 'data-chat')) as string;
    await alice.page.click('.chat-waiting li button');
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    await visitor.page.fill('switchboard-chat textarea', 'Where is my parcel?');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await alice.page.waitForSelector('.conversation .message[data-from="visitor"]:has-text("Where is my parcel?")');

    await agentLogin(sam, 'sam');
    await sam.page.goto(`${d.base}/app/supervisor`);
    const row = `.supervisor-chats tr[data-chat="${chatId}"]`;
    await sam.page.waitForSelector(row);
    expect(await sam.page.textContent(`${row} td:nth-child(2)`)).toBe('Alice Wang');
    await sam.page.click(`${row} .chat-monitor`);
    await sam.page.waitForSelector('.monitor-pane .message[data-from="visitor"]:has-text("Where is my parcel?")');
    await visitor.page.fill('switchboard-chat textarea', 'It was due yesterday');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await sam.page.waitForSelector('.monitor-pane .message[data-from="visitor"]:has-text("It was due yesterday")');
    // Alice tags the chat: Sam's monitor shows the tag as it comes (chat.tags), nothing read again.
    await alice.page.fill('.chat-tag-input', 'Late Parcel');
    await alice.page.press('.chat-tag-input', 'Enter');
    await sam.page.waitForSelector('.monitor-pane .chat-tag[data-tag="late parcel"]');
    await shot(sam.page, '01-console-monitor-en');
  }, 90_000);

  it('given Sam monitors when he whispers then Alice sees it marked as a whisper and the widget never shows it, also after a reload', async () => {
    await sam.page.fill('#whisper-text', 'WHISPER: offer a 10% voucher');
    await sam.page.click('.whisper-send');
    await sam.page.waitForSelector('.monitor-pane .message[data-from="whisper"]');
    const whisper = alice.page.locator('.conversation .message[data-from="whisper"]');
    await whisper.waitFor();
    expect(await whisper.locator('.message-text').textContent()).toBe('WHISPER: offer a 10% voucher');
    expect(await whisper.locator('.message-meta').textContent()).toMatch(/Whisper from Sam Li · .* · only you see this/);
    await alice.page.fill('.conversation textarea', 'Sorry for the delay: here is a 10% voucher.');
    await alice.page.press('.conversation textarea', 'Enter');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("voucher")');
    await shot(alice.page, '02-agent-whisper-en');
    expect((await widgetText(visitor.page)).join('\n')).not.toContain('WHISPER');
    await visitor.page.reload();
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("voucher")');
    expect((await widgetText(visitor.page)).join('\n')).not.toContain('WHISPER');
    await shot(visitor.page, '03-widget-without-whisper-en');
  }, 60_000);

  it('given Sam takes the chat over then Alice is told and released, and the visitor goes on with Sam undisturbed', async () => {
    const before = await widgetText(visitor.page);
    await sam.page.click(`.supervisor-chats tr[data-chat="${chatId}"] .chat-take-over`);
    await sam.page.waitForSelector(`.supervisor-chats tr[data-chat="${chatId}"] td:nth-child(2):has-text("Sam Li")`);
    await shot(sam.page, '04-console-taken-over-en');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`, { state: 'detached' });
    await alice.page.waitForSelector('.toast:has-text("taken over")');
    await shot(alice.page, '05-agent-released-en');
    await sam.page.goto(`${d.base}/app/toolbar`);
    await sam.page.waitForSelector(`.conversation[data-chat="${chatId}"]`);
    await sam.page.fill('.conversation textarea', 'Hello, I am Sam. Your parcel leaves today.');
    await sam.page.press('.conversation textarea', 'Enter');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("I am Sam")');
    const after = await widgetText(visitor.page);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.join('\n')).not.toContain('WHISPER');
    await shot(visitor.page, '06-widget-after-take-over-en');
  }, 60_000);

  it('given a second visitor waiting when Sam assigns the chat to Alice from the console and then moves it back into the queue then Alice has it, then it waits again, each step told and audited', async () => {
    const second = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    await second.page.goto(site.url);
    await second.page.click('switchboard-chat .launcher');
    await second.page.click('switchboard-chat .start');
    await sam.page.goto(`${d.base}/app/supervisor`);
    const waitingRow = '.supervisor-chats tr[data-state="waiting"]';
    await sam.page.waitForSelector(waitingRow);
    const waitingId = (await sam.page.getAttribute(waitingRow, 'data-chat')) as string;
    const row = `.supervisor-chats tr[data-chat="${waitingId}"]`;
    // A waiting chat offers "Assign to…" (no move); the agents signed in are the choices.
    expect(await sam.page.locator(`${row} select.chat-move`).count()).toBe(0);
    expect(await sam.page.locator(`${row} select.chat-assign option`).allTextContents()).toEqual(['Assign to…', 'Alice Wang', 'Sam Li']);
    await sam.page.selectOption(`${row} select.chat-assign`, { label: 'Alice Wang' });
    await sam.page.waitForSelector('.toast:has-text("The chat is with Alice Wang now.")');
    await sam.page.waitForSelector(`${row}[data-state="active"] td:nth-child(2):has-text("Alice Wang")`);
    await alice.page.waitForSelector(`.conversation[data-chat="${waitingId}"]`);
    await second.page.waitForSelector('switchboard-chat .status[data-status="connected"]');

    // Active now: "Move to…" offers the other agents and the chat queues.
    const move = `${row} select.chat-move`;
    expect(await sam.page.locator(`${move} optgroup`).evaluateAll((gs) => gs.map((g) => [g.getAttribute('label'), Array.from(g.querySelectorAll('option'), (o) => o.textContent)]))).toEqual([
      ['Agents', ['Sam Li']],
      ['Back into a queue', ['web-chat']],
    ]);
    await shot(sam.page, '08-console-chat-move-en');
    await sam.page.selectOption(move, { label: 'web-chat' });
    await sam.page.waitForSelector('.toast:has-text("The chat moved to web-chat.")');
    await sam.page.waitForSelector(`${row}[data-state="waiting"]`);
    await alice.page.waitForSelector(`.conversation[data-chat="${waitingId}"]`, { state: 'detached' });
    const audit = await d.app().deps.auditReader.query({});
    expect(audit.filter((e) => e.target?.endsWith(waitingId)).map((e) => e.action)).toEqual(expect.arrayContaining(['chat.assign', 'chat.force_transfer']));
    expect(sam.problems).toEqual([]);
    await second.page.context().close();
  }, 90_000);

  it('given a visitor talking with the bot when Sam opens the console then the chat shows under With the bot, he monitors it read-only and hands it to a person, and Alice sees why', async () => {
    await d.api('PUT', '/api/chat-bot/settings/web', { mode: 'always', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: null, vip: false } });
    const third = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    await third.page.goto(site.url);
    await third.page.click('switchboard-chat .launcher');
    await third.page.click('switchboard-chat .start');
    await third.page.waitForSelector('switchboard-chat .line[data-author="bot"]');
    await third.page.fill('switchboard-chat textarea', 'My invoice looks wrong');
    await third.page.press('switchboard-chat textarea', 'Enter');
    await sam.page.goto(`${d.base}/app/supervisor`);
    const row = '.supervisor-bot-chats tr[data-state="bot"]';
    await sam.page.waitForSelector(row);
    const botChatId = (await sam.page.getAttribute(row, 'data-chat')) as string;
    // Kept current by chat.with_bot: the visitor's line and the bot's answer show without a reload.
    await sam.page.waitForSelector(`${row} td:nth-child(6):not(:has-text("Not yet"))`);
    expect(await sam.page.locator(`${row} td`).evaluateAll((tds) => tds.slice(0, 3).map((td) => td.textContent))).toEqual(['Visitor', 'Web site', 'web-chat']);
    expect(await sam.page.textContent(`${row} .bot-turns`)).toBe('0');
    await sam.page.click(`${row} .chat-monitor`);
    await sam.page.waitForSelector('.monitor-pane .message[data-from="visitor"]:has-text("My invoice looks wrong")');
    expect(await sam.page.locator('.monitor-pane .message[data-from="bot"] .message-meta').first().textContent()).toMatch(/^Bot · /);
    expect(await sam.page.locator('.monitor-pane #whisper-text').count()).toBe(0);
    await shot(sam.page, '09-console-with-bot-en');

    await sam.page.click('.supervisor-bot-chats .chat-hand-over');
    await sam.page.waitForSelector('.toast:has-text("went to the queue")');
    await sam.page.waitForSelector(`.supervisor-chats tr[data-chat="${botChatId}"][data-state="waiting"]`);
    await sam.page.waitForSelector('.supervisor-bot-chats p:has-text("No visitor is talking with the bot.")');
    await alice.page.waitForSelector(`.chat-waiting li[data-chat="${botChatId}"] button`);
    await alice.page.click(`.chat-waiting li[data-chat="${botChatId}"] button`);
    await alice.page.waitForSelector(`.conversation[data-chat="${botChatId}"] .handover[data-reason="supervisor"]:has-text("Handed over by a supervisor")`);
    await shot(alice.page, '10-agent-supervisor-handover-en');
    const audit = await d.app().deps.auditReader.query({});
    expect(audit.filter((e) => e.target === `chat:${botChatId}`).map((e) => e.action)).toEqual(expect.arrayContaining(['chat.bot_hand_over']));
    expect(sam.problems).toEqual([]);
    await d.api('PUT', '/api/chat-bot/settings/web', { mode: 'off', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: null, vip: false } });
    await third.page.context().close();
  }, 90_000);

  it('given the console in Chinese when Sam monitors the chat then the panel speaks Chinese', async () => {
    await sam.page.goto(`${d.base}/app/supervisor`);
    await sam.page.selectOption('.language-picker select', 'zh-CN');
    await sam.page.waitForSelector('#supervisor-chats-title:has-text("在线会话")');
    await sam.page.click(`.supervisor-chats tr[data-chat="${chatId}"] .chat-monitor`);
    await sam.page.waitForSelector('.monitor-pane .message[data-from="whisper"] .message-meta:has-text("悄悄话")');
    expect(await sam.page.textContent('.supervisor-chats thead')).toContain('设备 · 地区');
    expect(await sam.page.textContent('#supervisor-bot-chats-title')).toBe('机器人接待中');
    await shot(sam.page, '07-console-monitor-zh');
  });
});
