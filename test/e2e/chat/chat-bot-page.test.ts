/**
 * The chat bot in headless Chromium: a visitor on a stranger's site talks with the bot in the
 * widget (English, then Chinese): article cards, reading an article, "did this solve it?", and
 * the hand-over (three unhappy messages; the 转人工 button). The agent picks the handed-over chat
 * in the workspace and sees why the bot handed it over, with the whole bot conversation.
 * Screenshots: test-artifacts/chat-bot/.
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

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-bot');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const W = 'switchboard-chat';

const ARTICLES = [
  { title: 'Reset your password', language: 'en', body: 'If you forgot your password, open the login page and choose "Forgot password". We send a reset link to the email address of your account. The link works for 30 minutes.' },
  { title: 'Request a refund', language: 'en', body: 'You can ask for a refund within 30 days of your order. Refunds are paid to the original payment method within 5 working days.' },
  { title: '忘记密码怎么办', language: 'zh', body: '在登录页面点击“忘记密码”，我们会向您账号绑定的手机号发送验证码，验证后即可重置密码。' },
  { title: '如何申请退款', language: 'zh', body: '订单签收后30天内可以申请退款。退款将在5个工作日内原路退回到您的支付账户。' },
];

describe.runIf(haveTools('chat bot in Chromium', [CHROMIUM]))('chat bot: the widget with the bot and the agent seeing the hand-over', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let visitor: Visitor;
  let zhVisitor: Visitor;

  const botLines = (page: Page) => page.locator(`${W} .line[data-author="bot"] .bubble`).allTextContents();
  const botCount = (page: Page) => page.locator(`${W} .line[data-author="bot"]`).count();
  async function waitBotLines(page: Page, count: number): Promise<void> {
    await page.waitForFunction((n) => (document.querySelector('switchboard-chat')?.shadowRoot?.querySelectorAll('.line[data-author="bot"]').length ?? 0) >= n, count);
  }
  /** Writes a line in the widget; `answered`: and waits until the bot said something more. */
  async function say(page: Page, text: string, answered = false): Promise<void> {
    const before = await botCount(page);
    await page.fill(`${W} textarea`, text);
    await page.click(`${W} .send`);
    if (answered) await waitBotLines(page, before + 1);
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    const category = (await d.api<{ id: string }>('POST', '/api/kb/categories', { name: 'Help 帮助' })).id;
    for (const a of ARTICLES) {
      const made = await d.api<{ article: { id: string } }>('POST', '/api/kb/articles', { ...a, tags: [], categoryId: category });
      await d.api('POST', `/api/kb/articles/${made.article.id}/publish`, { version: 1 });
    }
    await d.api('PUT', '/api/chat-bot/settings/web', { mode: 'always', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: 3, vip: true } });
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    alice = await openTab(browser, d.base);
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    await alice.page.check('input[name=first-state][value=not_ready]');
    await alice.page.selectOption('#first-reason', 'meeting');
    await alice.page.click('.agent-login button[type=submit]');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given the bot on for the web site when a visitor starts a chat then the bot greets and the person button is there', async () => {
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    await visitor.page.goto(site.url);
    await visitor.page.click(`${W} .launcher`);
    await visitor.page.click(`${W} .start`);
    await visitor.page.waitForSelector(`${W} .status[data-status="bot"]`);
    await waitBotLines(visitor.page, 1);
    expect(await botLines(visitor.page)).toEqual(["Hi, I'm the virtual assistant. Ask me anything; you can talk to a person at any time."]);
    expect(await visitor.page.textContent(`${W} .bot-person`)).toBe('Talk to a person');
  });

  it('given a question when asked then the bot shows the matching article as a card with "did this solve it?", and the article opens in the widget', async () => {
    await say(visitor.page, 'How do I reset my password?', true);
    await visitor.page.waitForSelector(`${W} .bot-yes`);
    const titles = await visitor.page.locator(`${W} .card-title`).allTextContents();
    expect(titles[0]).toBe('Reset your password');
    expect(await visitor.page.textContent(`${W} .bot-no`)).toBe('No, not solved');
    await shot(visitor.page, '01-widget-bot-answer-en');
    await visitor.page.locator(`${W} .card-read`).first().click();
    await visitor.page.waitForSelector(`${W} .article-body`);
    expect(await visitor.page.textContent(`${W} .article-body`)).toContain('Forgot password');
    await shot(visitor.page, '02-widget-article-en');
    await visitor.page.click(`${W} .article button`);
    await visitor.page.waitForSelector(`${W} .bot-yes`);
  });

  it('given three unhappy messages in a row when the third is sent then the chat waits for a person and the agent sees the reason with each score', async () => {
    const before = await botCount(visitor.page);
    await visitor.page.click(`${W} .bot-no`);
    await waitBotLines(visitor.page, before + 1);
    expect((await botLines(visitor.page)).at(-1)).toBe('Sorry about that. Try describing it in other words, or talk to a person.');
    await say(visitor.page, 'This is terrible', true);
    await say(visitor.page, 'not good, I am angry', true);
    await say(visitor.page, 'useless refund, I hate this');
    await visitor.page.waitForSelector(`${W} .status[data-status="waiting"]`);
    await shot(visitor.page, '03-widget-handed-over-en');
    await alice.page.waitForSelector('.chat-waiting li button');
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector('.conversation .handover[data-reason="negative"]');
    expect(await alice.page.textContent('.conversation .handover strong')).toBe('Handed over by the bot: the visitor sounded unhappy in 3 messages in a row');
    const scores = await alice.page.locator('.conversation .handover-scores li').allTextContents();
    expect(scores).toEqual(['score -3: terrible -3', 'score -3: not good -1 (good +1 negated by not), angry -2', 'score -5: useless -2, hate -3']);
    // The whole bot conversation came along: the bot's lines and its article card.
    expect(await alice.page.locator('.conversation .message[data-from="bot"]').count()).toBeGreaterThan(3);
    expect(await alice.page.locator('.conversation .message-card strong').first().textContent()).toBe('Reset your password');
    await visitor.page.waitForSelector(`${W} .status[data-status="connected"]`);
    await shot(alice.page, '04-workspace-handover-negative');
  });

  it('given a Chinese visitor when they ask and press 转人工 then the bot answers with the Chinese article and the agent sees that the visitor asked for a person', async () => {
    zhVisitor = await openVisitor(browser, `${site.url}?lang=zh`, { viewport: { width: 390, height: 760 }, locale: 'zh-CN', isMobile: true });
    await zhVisitor.page.goto(`${site.url}?lang=zh`);
    await zhVisitor.page.click(`${W} .launcher`);
    await zhVisitor.page.click(`${W} .start`);
    await zhVisitor.page.waitForSelector(`${W} .status[data-status="bot"]`);
    await say(zhVisitor.page, '忘记密码了怎么办', true);
    await zhVisitor.page.waitForSelector(`${W} .bot-yes`);
    expect((await zhVisitor.page.locator(`${W} .card-title`).allTextContents())[0]).toBe('忘记密码怎么办');
    expect(await zhVisitor.page.textContent(`${W} .bot-person`)).toBe('转人工');
    expect(await botLines(zhVisitor.page)).toContain('您的问题解决了吗？');
    await shot(zhVisitor.page, '05-widget-bot-answer-zh');
    await zhVisitor.page.click(`${W} .bot-person`);
    await zhVisitor.page.waitForSelector(`${W} .status[data-status="waiting"]`);
    await alice.page.waitForSelector('.chat-waiting li button');
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector('.conversation .handover[data-reason="asked"]');
    expect(await alice.page.textContent('.conversation .handover strong')).toBe('Handed over by the bot: the visitor pressed "Talk to a person"');
    await shot(alice.page, '06-workspace-handover-asked');
    await zhVisitor.page.waitForSelector(`${W} .status[data-status="connected"]`);
    await shot(zhVisitor.page, '07-widget-connected-zh');
    expect([...visitor.problems, ...zhVisitor.problems]).toEqual([]);
  });
});
