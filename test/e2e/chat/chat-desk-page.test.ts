/**
 * The chat workspace's extras in headless Chromium, with the widget in a second browser context
 * on a stranger's site: canned replies added in the manager and inserted with the '/' picker
 * (keyboard and click, placeholders filled, still editable), a private note shown to the agent
 * and never on the visitor's screen (also after the visitor reloads and the widget catches up),
 * and tags; in English and Chinese. Screenshots: test-artifacts/chat-desk/.
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

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-desk');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const widgetText = (page: Page) => page.locator('switchboard-chat .line').allTextContents();

describe.runIf(haveTools('chat workspace in Chromium', [CHROMIUM]))('chat workspace: canned replies, private notes, tags', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let visitor: Visitor;
  let chatId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    // Alice leads her own team: she may add its replies too.
    const team = (await d.api<{ id: string }>('POST', '/api/teams', { name: 'Support', leadUserIds: [aliceUser] })).id;
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', teamId: team, phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    alice = await openTab(browser, d.base);
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given a visitor connected to the agent when the agent adds two canned replies in the manager then both are listed', async () => {
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    await alice.page.check('input[name=first-state][value=not_ready]');
    await alice.page.selectOption('#first-reason', 'meeting');
    await alice.page.click('.agent-login button[type=submit]');
    await visitor.page.goto(site.url);
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.click('switchboard-chat .start');
    await alice.page.waitForSelector('.chat-waiting li button');
    chatId = (await alice.page.getAttribute('.chat-waiting li', 'data-chat')) as string;
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`);
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="connected"]');

    await alice.page.click('.chat-canned-open');
    await alice.page.waitForSelector('.canned-dialog');
    for (const [shortcut, title, body] of [
      ['/hello', 'Greeting', 'Hello {visitor}, I am {agent}. How can I help?'],
      ['/Thanks', 'Thanks', 'Thank you, {visitor}!'],
    ] as const) {
      await alice.page.fill('#canned-shortcut', shortcut);
      await alice.page.fill('#canned-title', title);
      await alice.page.fill('#canned-body', body);
      await alice.page.click('.canned-form button[type=submit]');
      await alice.page.waitForSelector(`.canned-list li[data-shortcut="${shortcut.toLowerCase()}"]`);
    }
    await alice.page.fill('#canned-shortcut', '/refund');
    await alice.page.fill('#canned-title', 'Refund time');
    await alice.page.fill('#canned-body', 'Refunds reach your card in 5 days.');
    await alice.page.selectOption('#canned-owner', { label: 'Team: Support' });
    await alice.page.selectOption('#canned-language', 'en');
    await alice.page.click('.canned-form button[type=submit]');
    await alice.page.waitForSelector('.canned-list li[data-shortcut="/refund"]');
    expect(await alice.page.textContent('.canned-list li[data-shortcut="/refund"] .muted')).toBe('Team: Support · English');
    expect(await alice.page.locator('.canned-list li .canned-shortcut').allTextContents()).toEqual(['/hello', '/refund', '/thanks']);
    await shot(alice.page, '01-canned-manager-en');
    await alice.page.click('.canned-dialog .dialog-foot button');
    await alice.page.waitForSelector('.canned-dialog', { state: 'hidden' });
  });

  it('given the replies when the agent types / then the picker lists them; arrows and Enter insert one filled in, which the agent edits and sends', async () => {
    const box = alice.page.locator('.conversation textarea');
    await box.fill('/');
    await alice.page.waitForSelector('[data-testid=canned-picker] li');
    expect(await alice.page.locator('[data-testid=canned-picker] li .canned-shortcut').allTextContents()).toEqual(['/hello', '/refund', '/thanks']);
    await box.press('ArrowDown');
    expect(await alice.page.getAttribute('[data-testid=canned-picker] li[aria-selected=true]', 'id')).toMatch(/-1$/);
    await shot(alice.page, '02-canned-picker-en');
    await box.press('ArrowUp');
    await box.press('Enter');
    await alice.page.waitForSelector('[data-testid=canned-picker]', { state: 'detached' });
    // The visitor gave no name: the placeholder becomes the workspace's word for the visitor.
    expect(await box.inputValue()).toBe('Hello Visitor, I am Alice Wang. How can I help?');
    await box.press('End');
    await box.type(' 🙂');
    await box.press('Enter');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("How can I help? 🙂")');

    // A filtered list, chosen with the mouse; Escape closes the list and keeps the text.
    await box.fill('/th');
    await alice.page.waitForSelector('[data-testid=canned-picker] li');
    expect(await alice.page.locator('[data-testid=canned-picker] li .canned-shortcut').allTextContents()).toEqual(['/thanks']);
    await alice.page.click('[data-testid=canned-picker] li');
    expect(await box.inputValue()).toBe('Thank you, Visitor!');
    await box.fill('/zz');
    await alice.page.waitForSelector('.canned-none');
    await box.press('Escape');
    await alice.page.waitForSelector('[data-testid=canned-picker]', { state: 'detached' });
    expect(await box.inputValue()).toBe('/zz');
    // With nothing matching, Enter sends the text as it is.
    await box.fill('/etc/hosts');
    await alice.page.waitForSelector('.canned-none');
    await box.press('Enter');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("/etc/hosts")');
    expect(await box.inputValue()).toBe('');
  });

  it('given a private note and tags when the agent writes them then the workspace shows them apart, and the widget never shows the note, also after a reload', async () => {
    const box = alice.page.locator('.conversation textarea');
    await box.fill('PRIVATE: customer asked for a refund twice');
    await alice.page.click('.chat-add-note');
    await alice.page.waitForSelector('.message.chat-note:has-text("refund twice")');
    expect(await box.inputValue()).toBe('');
    // A supervisor's note reaches the agent's screen live (chat.note on the agent's socket).
    await d.api('POST', `/api/chats/${chatId}/notes`, { text: 'PRIVATE from the supervisor: offer a voucher' });
    await alice.page.waitForSelector('.message.chat-note:has-text("offer a voucher")');
    await box.fill('Anything else I can do?');
    await box.press('Enter');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("Anything else")');
    await alice.page.fill('.chat-tag-input', '  Refund  Request ');
    await alice.page.press('.chat-tag-input', 'Enter');
    await alice.page.waitForSelector('.chat-tag[data-tag="refund request"]');
    await alice.page.fill('.chat-tag-input', 'VIP');
    await alice.page.press('.chat-tag-input', 'Enter');
    await alice.page.waitForSelector('.chat-tag[data-tag="vip"]');
    // A supervisor's change of the tags reaches the agent's screen live (chat.tags), nothing read again.
    await d.api('PUT', `/api/chats/${chatId}/tags`, { tags: ['refund request', 'vip', 'escalated'] });
    await alice.page.waitForSelector('.chat-tag[data-tag="escalated"]');
    expect(await alice.page.locator('.chat-tag').evaluateAll((chips) => chips.map((c) => c.getAttribute('data-tag')))).toEqual(['refund request', 'vip', 'escalated']);
    expect(await alice.page.locator('.conversation .message[data-from="note"] .message-meta').first().textContent()).toMatch(/Private note · Alice Wang/);
    await shot(alice.page, '03-workspace-note-tags-en');

    expect((await widgetText(visitor.page)).join('\n')).not.toContain('PRIVATE');
    await shot(visitor.page, '04-widget-without-note-en');
    // The reloaded widget reads the whole chat again from the daemon: still no note.
    await visitor.page.reload();
    // The panel starts closed after a reload; the session resumes behind it.
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"]:has-text("Anything else")');
    const lines = await widgetText(visitor.page);
    expect(lines.some((l) => l.includes('How can I help? 🙂'))).toBe(true);
    expect(lines.join('\n')).not.toContain('PRIVATE');
  });

  it('given the agent switches to Chinese when typing / and opening the manager then both speak Chinese', async () => {
    await alice.page.selectOption('.language-picker select', 'zh-CN');
    await alice.page.waitForSelector('#chat-workspace-title:has-text("在线会话")');
    expect(await alice.page.locator('.conversation .message[data-from="note"] .message-meta').first().textContent()).toMatch(/内部备注 · Alice Wang/);
    const box = alice.page.locator('.conversation textarea');
    await box.fill('/');
    await alice.page.waitForSelector('[data-testid=canned-picker] li');
    expect(await alice.page.textContent('.canned-hint')).toBe('↑↓ 选择 · Enter 插入 · Esc 关闭');
    await shot(alice.page, '05-canned-picker-note-zh');
    await box.press('Escape');
    await box.fill('');
    await alice.page.click('.chat-canned-open');
    await alice.page.waitForSelector('.canned-dialog');
    expect(await alice.page.textContent('.canned-form h3')).toBe('新建回复');
    await shot(alice.page, '06-canned-manager-zh');
  });

  it('given the whole run when the consoles are read then no page had an error', () => {
    expect(alice.problems).toEqual([]);
    expect(visitor.problems).toEqual([]);
  });
});
