/**
 * The chat records tab in headless Chromium against the daemon: a supervisor opens the records
 * page, switches to Chats, sees the last 7 days' ended chats newest first (50, then "Show older
 * chats" brings the rest), filters by a tag typed in another case, opens a chat and reads its
 * transcript. English and Chinese; screenshots under test-artifacts/chat-records/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { startSupervisorFloor } from '../supervisor/supervisor-floor.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { seedEndedChat, seedPageVisitor } from './records-seed.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-records');
const SCREEN = { width: 1440, height: 900 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const CHATS = 53;
const NEWEST = `chat-${String(CHATS - 1).padStart(3, '0')}`;

describe.runIf(haveTools('chat records page in Chromium', [CHROMIUM]))('the chat records tab in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    let aliceAgent: string;
    let bobAgent: string;
    ({ d, aliceAgent, bobAgent } = await startSupervisorFloor());
    const queueId = (await d.api<{ items: { id: string }[] }>('GET', '/api/queues')).items[0]?.id ?? '';
    const db = d.app().store.db;
    // Ended chats a few minutes apart within the page's default range (the browser's last 7 days).
    const now = Date.now();
    await seedPageVisitor(db);
    for (let i = 0; i < CHATS; i++) {
      await seedEndedChat(db, {
        id: `chat-${String(i).padStart(3, '0')}`,
        queueId,
        agentId: i % 2 ? bobAgent : aliceAgent,
        visitorName: i === CHATS - 1 ? '王小明' : `Visitor ${i}`,
        at: now - (CHATS - i) * 5 * 60_000,
        durationMs: i * 7_000,
        solved: i % 3 === 0,
        lastSeq: i === CHATS - 1 ? 4 : 0,
      });
    }
    for (const [i, chatId] of ['chat-052', 'chat-040', 'chat-007'].entries()) {
      await sql`insert into chat_tags (chat_id, tag, position, added_by, added_at) values (${chatId}, 'vip', 0, 'u', now()), (${chatId}, ${`order ${i}`}, 1, 'u', now())`.execute(db);
    }
    const lines = ['你好，我的订单还没到', 'Hello! Let me check order 1234 for you.', '谢谢', 'It ships today.'];
    for (const [n, text] of lines.entries()) {
      await sql`insert into chat_messages (chat_id, seq, author, agent_id, body, at) values ('chat-052', ${n + 1}, ${n % 2 ? 'agent' : 'visitor'}, ${n % 2 ? aliceAgent : null}, ${text}, ${new Date(now - 5 * 60_000 + (n + 1) * 15_000)})`.execute(db);
    }
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('given a supervisor on the Chats tab then 50 ended chats show newest first and "Show older chats" brings the rest', async () => {
    const page = en.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/records');
    await page.click('button[data-tab="chats"]');
    await page.waitForSelector('.chat-records tbody button[data-chat]');
    expect(await page.locator('.chat-records tbody tr').count()).toBe(50);
    const first = await page.textContent('.chat-records tbody tr:first-child');
    expect(first).toContain('王小明');
    expect(first).toContain('Alice Wang');
    expect(first).toContain('Visitor left');
    expect(await page.textContent('.chat-records tbody tr:nth-child(2)')).toContain('Chat solved');
    expect(first).toContain('vip');
    await shot(page, '01-chats-en');
    await page.click('.chat-records button[data-action="more"]');
    await page.waitForFunction((n) => document.querySelectorAll('.chat-records tbody tr').length === n, CHATS);
    expect(await page.locator('.chat-records button[data-action="more"]').count()).toBe(0);
    expect(en.problems).toEqual([]);
  });

  it('given a tag typed in capitals when searched then only the chats with that tag show', async () => {
    const page = en.page;
    await page.fill('#cf-tag', ' VIP ');
    await page.click('button[data-action="search"]');
    await page.waitForFunction(() => document.querySelectorAll('.chat-records tbody tr').length === 3);
    expect(await page.locator('.chat-records tbody button[data-chat]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-chat')))).toEqual(['chat-052', 'chat-040', 'chat-007']);
    await shot(page, '02-tag-filter-en');
    expect(en.problems).toEqual([]);
  });

  it('given a chat when opened then its facts and transcript show', async () => {
    const page = en.page;
    await page.click(`button[data-chat="${NEWEST}"]`);
    await page.waitForSelector('dialog[open] .transcript li');
    expect(await page.locator('dialog[open] .transcript li').count()).toBe(4);
    expect(await page.textContent('dialog[open] .transcript li[data-seq="1"]')).toContain('你好，我的订单还没到');
    expect(await page.textContent('dialog[open] .transcript li[data-seq="2"] .who')).toBe('Alice Wang');
    expect(await page.textContent('dialog[open] .call-facts')).toContain('vip, order 0');
    await shot(page, '03-transcript-en');
    await page.keyboard.press('Escape');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese then the tab, table and transcript read in Chinese', async () => {
    const page = zh.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/records');
    await page.click('button[data-tab="chats"]');
    await page.waitForSelector('.chat-records tbody button[data-chat]');
    expect(await page.textContent('button[data-tab="chats"]')).toBe('聊天');
    expect(await page.textContent('.chat-records thead')).toContain('访客');
    expect(await page.textContent('.chat-records tbody')).toContain('访客离开');
    await shot(page, '04-chats-zh-CN');
    await page.click(`button[data-chat="${NEWEST}"]`);
    await page.waitForSelector('dialog[open] .transcript li');
    expect(await page.textContent('dialog[open] h3')).toBe('聊天记录');
    await shot(page, '05-transcript-zh-CN');
    expect(zh.problems).toEqual([]);
  });
});
