/**
 * Knowledge-base search and send in the agent's chat workspace, in headless Chromium against the
 * daemon: a visitor (on the widget socket) chats with Alice; she opens the knowledge-base box,
 * types, sees the published articles only (a draft never shows), sends one, and the article card
 * shows in her conversation and reaches the visitor. Then the same in Chinese with a Chinese
 * article. Screenshots under test-artifacts/chat-bot/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../src/chat/protocol.js';
import { haveTools } from '../../helpers/tools.js';
import { Visitor } from './chat-world.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-bot');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
type MessageFrame = Extract<ServerFrame, { type: 'message' }>;

const PUBLISHED = [
  { key: 'password', title: 'Reset your password', language: 'en', body: 'If you forgot your password, open the login page and choose "Forgot password". We send a reset link to the email address of your account.' },
  { key: 'refund', title: '如何申请退款', language: 'zh', body: '订单签收后30天内可以申请退款。退款将在5个工作日内原路退回到您的支付账户。' },
];

describe.runIf(haveTools('knowledge-base send in the chat workspace', [CHROMIUM]))('knowledge-base search and send in the chat workspace', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let alice: AgentTab;
  let visitor: Visitor;
  let chatId: string;
  const articleOf = new Map<string, string>();

  /** A card the visitor received; not there in time: fails with every frame the visitor got. */
  async function cardReached(articleId: string): Promise<MessageFrame> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no card ${articleId} within 20 s; frames: ${JSON.stringify(visitor.frames)}`)), 20_000)));
    try {
      return await Promise.race([visitor.next('message', (m) => m.card?.articleId === articleId), late]);
    } finally {
      clearTimeout(timer);
    }
  }
  const hitTitles = (page: Page) => page.locator('.kb-send-hit .kb-send-title').allTextContents();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    const category = (await d.api<{ id: string }>('POST', '/api/kb/categories', { name: 'Help 帮助' })).id;
    for (const a of PUBLISHED) {
      const made = await d.api<{ article: { id: string } }>('POST', '/api/kb/articles', { title: a.title, language: a.language, body: a.body, tags: [], categoryId: category });
      await d.api('POST', `/api/kb/articles/${made.article.id}/publish`, { version: 1 });
      articleOf.set(a.key, made.article.id);
    }
    // A draft about passwords: agents sending from the chat never see it.
    await d.api('POST', '/api/kb/articles', { title: 'Password policy (draft)', language: 'en', body: 'Passwords must be changed every 90 days. Not approved yet.', tags: [], categoryId: category });

    browser = await launch();
    alice = await openTab(browser, d.base, { width: 1280, height: 900 });
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    await alice.page.check('input[name=first-state][value=not_ready]');
    await alice.page.selectOption('#first-reason', 'meeting');
    await alice.page.click('.agent-login button[type=submit]');

    visitor = await Visitor.connect(`${d.base.replace(/^http/, 'ws')}/api/widget/ws`);
    await visitor.request({ type: 'hello', channel: 'web' }, 'welcome');
    const started = await visitor.request({ type: 'start', queue: queueId, name: 'Lin' }, 'started');
    if (started.type !== 'started') throw new Error(`the chat did not start: ${JSON.stringify(started)}`);
    chatId = started.chatId;
    await alice.page.waitForSelector('.chat-waiting li button');
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`);
  }, 120_000);

  afterAll(async () => {
    await visitor?.close();
    await browser?.close();
    await d?.close();
  });

  it('given a chat on screen when Alice searches the knowledge base then she sees the published articles with their passage and never the draft', async () => {
    const page = alice.page;
    await page.click('.chat-kb-open');
    await page.waitForSelector('[data-testid="kb-send"] input[type="search"]');
    await page.fill('[data-testid="kb-send"] input[type="search"]', 'password');
    await page.waitForSelector('.kb-send-hit');
    expect(await hitTitles(page)).toEqual(['Reset your password']);
    expect(await page.textContent('.kb-send-hit .kb-send-excerpt')).toContain('Forgot password');
    expect(await page.textContent('.kb-send-hit .kb-send-lang')).toBe('English');
    await page.fill('[data-testid="kb-send"] input[type="search"]', 'zzzz-nothing');
    await page.waitForSelector('.kb-send-none');
    expect(await page.textContent('.kb-send-none')).toBe('No published article matches.');
    expect(alice.problems).toEqual([]);
  });

  it('given a found article when Alice sends it then the card shows in her conversation, is stored on the chat and reaches the visitor', async () => {
    const page = alice.page;
    const id = articleOf.get('password') ?? '';
    await page.fill('[data-testid="kb-send"] input[type="search"]', 'password');
    await page.waitForSelector(`.kb-send-hit[data-article-id="${id}"]`);
    await shot(page, '30-workspace-kb-search-en');
    await page.click(`.kb-send-hit[data-article-id="${id}"] .kb-send-button`);
    await page.waitForSelector(`.conversation .message-card[data-article-id="${id}"]`);
    expect(await page.textContent(`.conversation .message-card[data-article-id="${id}"] strong`)).toBe('Reset your password');
    expect(await page.textContent('.toast-success')).toBe('Article sent: Reset your password');
    const frame = await cardReached(id);
    expect(frame).toMatchObject({ from: 'agent', card: { articleId: id, title: 'Reset your password' } });
    const stored = await d.api<{ messages: { from: string; card?: { articleId: string } }[] }>('GET', `/api/chats/${chatId}/messages?after=0&limit=50`, undefined, { authorization: `Bearer ${(await d.app().deps.auth.login('alice', PASSWORD)).token}` });
    expect(stored.messages.filter((m) => m.card).map((m) => m.card?.articleId)).toEqual([id]);
    await shot(page, '31-workspace-kb-sent-en');
    expect(alice.problems).toEqual([]);
  });

  it('given the workspace in Chinese when Alice searches 退款 and sends the Chinese article then the box and the card read in Chinese', async () => {
    const page = alice.page;
    const id = articleOf.get('refund') ?? '';
    // The English toast of the last send is dismissed: a toast keeps the language it was shown in.
    await page.click('.toast-success button');
    await page.waitForSelector('.toast', { state: 'detached' });
    await page.selectOption('.language-picker select', 'zh-CN');
    await page.waitForSelector('.chat-kb-open:has-text("知识库")');
    expect(await page.textContent('.kb-send-head h4')).toBe('发送文章');
    await page.fill('[data-testid="kb-send"] input[type="search"]', '退款');
    await page.waitForSelector(`.kb-send-hit[data-article-id="${id}"]`);
    expect(await hitTitles(page)).toEqual(['如何申请退款']);
    expect(await page.textContent('.kb-send-hit .kb-send-lang')).toBe('中文');
    expect(await page.getAttribute('.kb-send-hit .kb-send-button', 'aria-label')).toBe('将“如何申请退款”作为文章卡片发送给访客');
    await page.click(`.kb-send-hit[data-article-id="${id}"] .kb-send-button`);
    await page.waitForSelector(`.conversation .message-card[data-article-id="${id}"]`);
    expect(await page.textContent(`.conversation .message-card[data-article-id="${id}"] .muted`)).toContain('订单签收后30天内');
    await cardReached(id);
    await shot(page, '32-workspace-kb-sent-zh-CN');
    expect(alice.problems).toEqual([]);
  });

  it('given a phone (375 x 812) when the knowledge-base box is open then its results and send buttons fit the screen without sideways scrolling', async () => {
    const page = alice.page;
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForSelector('.kb-send-hit .kb-send-button');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const button = await page.locator('.kb-send-hit .kb-send-button').first().boundingBox();
    expect(button && button.x + button.width).toBeLessThanOrEqual(375);
    await page.locator('[data-testid="kb-send"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, '33-workspace-kb-phone-zh-CN.png') });
    expect(alice.problems).toEqual([]);
  });
});
