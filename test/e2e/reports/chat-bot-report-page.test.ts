/**
 * The chat bot tab of the reports page in headless Chromium against the daemon: four visitors talk
 * with the bot over the widget socket (two say an article solved it, one asks for a person, one
 * writes three unhappy messages), then a supervisor reads the tab: the chats, solved, handed over
 * by reason, and the articles that solved them, the same figures the API gives. English and
 * Chinese; screenshots under test-artifacts/chat-bot/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../src/chat/protocol.js';
import { haveTools } from '../../helpers/tools.js';
import { Visitor } from '../chat/chat-world.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-bot');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
type BotMessage = Extract<ServerFrame, { type: 'message' }>;
type Report = { chats: number; solved: number; handedOver: Record<string, number>; articles: { articleId: string; title: string; solved: number }[] };

const ARTICLES = [
  { title: 'Reset your password', language: 'en', body: 'If you forgot your password, open the login page and choose "Forgot password". We send a reset link to the email address of your account.' },
  { title: '忘记密码怎么办', language: 'zh', body: '在登录页面点击“忘记密码”，我们会向您账号绑定的手机号发送验证码，验证后即可重置密码。' },
];

describe.runIf(haveTools('chat bot report in Chromium', [CHROMIUM]))('the chat bot tab of the reports page in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  const visitors: Visitor[] = [];
  let queueId: string;
  const report = () => d.api<Report>('GET', `/api/reports/chat-bot?from=0&to=${Date.now() + 86_400_000}`);

  /** A frame the visitor waits for; not there in time: fails with every frame it got. */
  async function within<T>(v: Visitor, what: string, wait: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within 20 s; frames: ${JSON.stringify(v.frames)}`)), 20_000)));
    try {
      return await Promise.race([wait, late]);
    } finally {
      clearTimeout(timer);
    }
  }
  async function visitor(): Promise<Visitor> {
    const v = await Visitor.connect(`${d.base.replace(/^http/, 'ws')}/api/widget/ws`);
    visitors.push(v);
    await within(v, 'welcome', v.request({ type: 'hello', channel: 'web' }, 'welcome'));
    await within(v, 'started', v.request({ type: 'start', queue: queueId }, 'started'));
    await within(v, 'the greeting', v.next('message', (m) => m.bot === 'greeting'));
    return v;
  }
  /** Writes a line (or presses a bot button) and waits for the bot's last line of the answer. */
  async function ask(v: Visitor, text: string, last: string[], choice?: string): Promise<BotMessage[]> {
    const since = v.frames.length;
    v.send({ type: 'message', clientId: `c${since}`, kind: 'text', text, ...(choice ? { choice } : {}) });
    await within(v, `the bot's answer to "${text}"`, v.next('message', (m) => m.bot !== undefined && last.includes(m.bot), since));
    return v.frames.slice(since).filter((f): f is BotMessage => f.type === 'message' && f.from === 'bot');
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    await d.createUser('sue', ['supervisor']);
    const aliceUser = await d.createUser('alice', ['agent']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 5 })).id;
    queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    const alice = { authorization: `Bearer ${(await d.app().deps.auth.login('alice', PASSWORD)).token}` };
    await d.api('POST', '/api/agent/login', { state: 'available', chatCapacity: 5 }, alice);
    const category = (await d.api<{ id: string }>('POST', '/api/kb/categories', { name: 'Help 帮助' })).id;
    for (const a of ARTICLES) {
      const made = await d.api<{ article: { id: string } }>('POST', '/api/kb/articles', { ...a, tags: [], categoryId: category });
      await d.api('POST', `/api/kb/articles/${made.article.id}/publish`, { version: 1 });
    }
    await d.api('PUT', '/api/chat-bot/settings/web', { mode: 'always', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: 3, vip: true } });

    // Two solved by an article (English, Chinese), one asks for a person, one is unhappy three times.
    const solvedEn = await visitor();
    await ask(solvedEn, 'How do I reset my password?', ['ask_solved']);
    await ask(solvedEn, 'Yes', ['glad'], 'yes');
    const solvedZh = await visitor();
    await ask(solvedZh, '忘记密码了怎么办', ['ask_solved']);
    await ask(solvedZh, '是的', ['glad'], 'yes');
    const asks = await visitor();
    asks.send({ type: 'message', clientId: 'p1', kind: 'text', text: '转人工' });
    const unhappy = await visitor();
    for (const text of ['This is terrible', 'not good, I am angry']) await ask(unhappy, text, ['no_match', 'ask_solved']);
    unhappy.send({ type: 'message', clientId: 'n3', kind: 'text', text: 'useless, I hate this' });
    await waitFor('the two hand-overs in the report', async () => {
      const r = await report();
      return r.handedOver.asked === 1 && r.handedOver.negative === 1;
    });
    browser = await launch();
    en = await openTab(browser, d.base, { width: 1280, height: 800 });
    zh = await openTab(browser, d.base, { width: 1280, height: 800 }, 'zh-CN');
  }, 180_000);

  afterAll(async () => {
    for (const v of visitors) await v.close();
    await browser?.close();
    await d?.close();
  });

  async function openBotTab(page: Page): Promise<void> {
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/reports');
    await page.waitForSelector('.report-panel table');
    await page.click('button[data-tab="bot"]');
    await page.waitForSelector('.report-bot');
  }
  const figure = (page: Page, id: string) => page.textContent(`.bot-figure[data-figure="${id}"] .bot-figure-value`);
  const rows = (page: Page, caption: string) => page.locator(`.report-bot table:has(caption:text-is("${caption}")) tbody tr`).evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));

  it('given today with four bot chats when a supervisor opens the bot tab then it shows the chats, solved, hand-overs by reason and the articles that solved them, as the API counts them', async () => {
    const page = en.page;
    await openBotTab(page);
    const api = await report();
    expect(api).toMatchObject({ chats: 4, solved: 2, handedOver: { asked: 1, unhelpful: 0, negative: 1, vip: 0, supervisor: 0 } });
    expect(await figure(page, 'chats')).toBe('4');
    expect(await figure(page, 'solved')).toBe('2');
    expect(await page.textContent('.bot-figure[data-figure="solved"] .bot-figure-share')).toBe('50% of chats');
    expect(await figure(page, 'handed')).toBe('2');
    expect(await rows(page, 'Hand-overs by reason')).toEqual([
      ['The visitor asked for a person', '1'],
      ['Answers did not help', '0'],
      ['The visitor sounded unhappy', '1'],
      ['VIP customer, straight to a person', '0'],
      ['A supervisor handed it over', '0'],
    ]);
    const articles = await rows(page, 'Articles that solved most');
    expect(articles.map((r) => r[0]).sort()).toEqual(['Reset your password', '忘记密码怎么办']);
    expect(articles.map((r) => r[1])).toEqual(['1', '1']);
    expect(await page.locator('button[data-action="export"]').count()).toBe(0);
    await shot(page, '20-report-bot-en');
    expect(en.problems).toEqual([]);
  });

  it('given a day without bot chats when shown then the figures are zero and the articles table says none solved', async () => {
    const page = en.page;
    await page.fill('#rp-from', '2026-01-05');
    await page.fill('#rp-to', '2026-01-05');
    await page.click('button[data-action="show"]');
    await page.waitForFunction(() => document.querySelector('.bot-figure[data-figure="chats"] .bot-figure-value')?.textContent === '0');
    expect(await page.textContent('.report-bot .table-empty')).toBe('No article solved a chat in this period.');
    expect(await page.locator('.bot-figure-share').count()).toBe(0);
  });

  it('given the page in Chinese when the bot tab is opened then the figures, reasons and the definition read in Chinese', async () => {
    const page = zh.page;
    await openBotTab(page);
    expect(await page.textContent('button[data-tab="bot"]')).toBe('聊天机器人');
    expect(await page.textContent('.bot-figure[data-figure="solved"] dt')).toBe('机器人解决');
    expect(await page.textContent('.bot-figure[data-figure="solved"] .bot-figure-share')).toBe('占会话的 50%');
    expect((await rows(page, '转人工原因'))[0]).toEqual(['访客要求人工服务', '1']);
    expect(await page.textContent('[data-testid="bot-definition"]')).toContain('机器人解决');
    await shot(page, '21-report-bot-zh-CN');
    expect(zh.problems).toEqual([]);
  });
});
