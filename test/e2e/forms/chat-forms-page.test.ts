/**
 * Forms and surveys in chat in headless Chromium (issue 21): an English visitor on a web site and
 * a Chinese visitor on a phone (mobile web, which asks a pre-chat form), with the agent in the chat
 * workspace. The widget checks answers in the visitor's language before sending, the agent sees the
 * answers, and the admin page and the customer page show them. Screenshots: test-artifacts/chat-forms/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { startHostSite, type HostSite } from '../chat/host-site.js';
import { openVisitor, type Visitor } from '../chat/visitor.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { CONTACT_FORM, PRECHAT_FORM, SATISFACTION_SURVEY } from './forms-fixtures.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-forms');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const W = 'switchboard-chat';

describe.runIf(haveTools('chat forms in Chromium', [CHROMIUM]))('forms and surveys in the widget and the workspace', { timeout: 90_000 }, () => {
  let d: ToolbarDaemon;
  let webSite: HostSite;
  let phoneSite: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let en: Visitor;
  let zh: Visitor;
  let formId: string;
  let surveyId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 3 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    formId = (await d.api<{ id: string }>('POST', '/api/forms', { name: 'Contact details', definition: CONTACT_FORM })).id;
    surveyId = (await d.api<{ id: string }>('POST', '/api/forms', { name: 'Satisfaction', definition: SATISFACTION_SURVEY })).id;
    const prechatId = (await d.api<{ id: string }>('POST', '/api/forms', { name: 'Pre-chat (phones)', definition: PRECHAT_FORM })).id;
    await d.api('PUT', '/api/forms-prechat/mobile_web', { formId: prechatId });
    webSite = await startHostSite(d.base, { queue: queueId, channel: 'web' });
    phoneSite = await startHostSite(d.base, { queue: queueId, channel: 'mobile_web', lang: 'zh-CN' });
    browser = await launch();
    alice = await openTab(browser, d.base);
    // A step that fails names its selector instead of running into the test's own timeout.
    alice.page.setDefaultTimeout(15_000);
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    await alice.page.check('input[name=first-state][value=not_ready]');
    await alice.page.selectOption('#first-reason', 'meeting');
    await alice.page.click('.agent-login button[type=submit]');
    await alice.page.waitForSelector('.chat-workspace-head');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await webSite?.close();
    await phoneSite?.close();
    await d?.close();
  });

  /** The agent picks the waiting chat of that visitor name (or the only one) and opens it. */
  async function pick(): Promise<string> {
    await alice.page.waitForSelector('.chat-waiting li button');
    const chatId = (await alice.page.getAttribute('.chat-waiting li', 'data-chat')) as string;
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`);
    return chatId;
  }

  async function sendForm(chatId: string, id: string): Promise<void> {
    await alice.page.selectOption(`#form-pick-${chatId}`, id);
    await alice.page.click('.chat-forms-send-button');
  }

  it('given an English visitor in a chat when the agent sends a form then the widget shows it and refuses blanks and a bad phone in English before sending', async () => {
    en = await openVisitor(browser, webSite.url, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    en.page.setDefaultTimeout(15_000);
    await en.page.goto(webSite.url);
    await en.page.click(`${W} .launcher`);
    await en.page.click(`${W} .start`);
    const chatId = await pick();
    await en.page.waitForSelector(`${W} .status[data-status="connected"]`);
    await sendForm(chatId, formId);
    await en.page.waitForSelector(`${W} .form-card[data-kind="form"]`);
    expect(await en.page.textContent(`${W} .form-card strong`)).toBe('Your details');
    await en.page.click(`${W} .form-card button[type=submit]`);
    expect(await en.page.locator(`${W} .form-field[data-field="full_name"] .field-problem`).textContent()).toBe('Please fill this in.');
    expect(await en.page.locator(`${W} .form-field[data-field="topic"] .field-problem`).textContent()).toBe('Please fill this in.');
    await en.page.fill(`${W} #sbw-f-full_name`, 'Mary Jones');
    await en.page.fill(`${W} #sbw-f-phone`, 'call me');
    await en.page.fill(`${W} #sbw-f-bikes`, '25');
    await en.page.selectOption(`${W} #sbw-f-topic`, 'repair');
    await en.page.click(`${W} .form-card button[type=submit]`);
    expect(await en.page.locator(`${W} .form-field[data-field="phone"] .field-problem`).textContent()).toBe('Please enter a valid phone number.');
    expect(await en.page.locator(`${W} .form-field[data-field="bikes"] .field-problem`).textContent()).toBe('Please enter a number from 0 to 20.');
    await shot(en.page, '01-widget-form-errors-en');
    // Nothing reached the server while the widget refused.
    expect(en.sentFrames.filter((f) => f.type === 'form_answer')).toEqual([]);
  });

  it('given the corrected answers when sent then the widget thanks the visitor and the agent sees the answers in the workspace', async () => {
    await en.page.fill(`${W} #sbw-f-phone`, '+44 20 7946 0018');
    await en.page.fill(`${W} #sbw-f-bikes`, '2');
    await en.page.fill(`${W} #sbw-f-email`, 'mary@example.com');
    await en.page.click(`${W} .form-card button[type=submit]`);
    await en.page.waitForSelector(`${W} .form-card.done`);
    expect(await en.page.textContent(`${W} .form-card.done p`)).toBe('Thank you, your answers were sent.');
    await shot(en.page, '02-widget-form-sent-en');
    await alice.page.waitForSelector('.chat-forms .form-answer[data-answered] [data-field="phone"]');
    expect(await alice.page.textContent('.chat-forms .form-answer [data-field="phone"] dd')).toBe('+44 20 7946 0018');
    expect(await alice.page.textContent('.chat-forms .form-answer [data-field="topic"] dd')).toBe('Repair');
    await alice.page.locator('.conversation').screenshot({ path: path.join(ARTIFACTS, '03-workspace-answers-en.png') });
  });

  it('given a survey when the visitor answers on its scale then it is stored once and shown as done', async () => {
    const chatId = (await alice.page.getAttribute('.conversation', 'data-chat')) as string;
    await sendForm(chatId, surveyId);
    await en.page.waitForSelector(`${W} .form-card[data-kind="survey"]`);
    await en.page.click(`${W} .form-card[data-kind="survey"] .form-field[data-field="score"] .step:text-is("5")`);
    await en.page.click(`${W} .form-card[data-kind="survey"] .form-field[data-field="recommend"] .step:text-is("9")`);
    await shot(en.page, '04-widget-survey-en');
    await en.page.click(`${W} .form-card[data-kind="survey"] button[type=submit]`);
    await waitFor('the survey answer stored', async () => (await d.app().store.db.selectFrom('chat_form_answers').select('request_id').where('chat_id', '=', chatId).execute()).length === 2);
    await en.page.waitForSelector(`${W} .line.form-line:nth-of-type(2) .form-card.done, ${W} .form-card.done >> nth=1`);
    expect(await en.page.locator(`${W} .form-card.done`).count()).toBe(2);
  });

  it('given a Chinese visitor on a phone when they start a chat then the pre-chat form comes first with Chinese messages, and the agent sees its answers', async () => {
    zh = await openVisitor(browser, phoneSite.url, { viewport: { width: 375, height: 812 }, locale: 'zh-CN', isMobile: true });
    zh.page.setDefaultTimeout(15_000);
    await zh.page.goto(phoneSite.url);
    await zh.page.click(`${W} .launcher`);
    await zh.page.click(`${W} .start`);
    await zh.page.waitForSelector(`${W} .prechat .form-card`);
    expect(await zh.page.textContent(`${W} .prechat .form-card strong`)).toBe('开始咨询前');
    await zh.page.fill(`${W} #sbw-f-email`, 'li@');
    await zh.page.click(`${W} .prechat button[type=submit]`);
    expect(await zh.page.locator(`${W} .form-field[data-field="name"] .field-problem`).textContent()).toBe('此项为必填项。');
    expect(await zh.page.locator(`${W} .form-field[data-field="email"] .field-problem`).textContent()).toBe('请输入有效的电子邮箱地址。');
    await shot(zh.page, '05-widget-prechat-errors-zh-phone');
    expect(zh.sentFrames.filter((f) => f.type === 'start')).toEqual([]);
    await zh.page.fill(`${W} #sbw-f-name`, '李雷');
    await zh.page.fill(`${W} #sbw-f-email`, 'li@example.cn');
    await zh.page.click(`${W} .prechat button[type=submit]`);
    await zh.page.waitForSelector(`${W} .status`);
    const chatId = await pick();
    await zh.page.waitForSelector(`${W} .status[data-status="connected"]`);
    expect(await alice.page.textContent('.conversation-head h3')).toBe('李雷');
    await alice.page.waitForSelector('.chat-forms .form-answer[data-answered] [data-field="email"]');
    expect(await alice.page.textContent('.chat-forms .form-answer [data-field="email"] dd')).toBe('li@example.cn');
    await alice.page.locator('.conversation').screenshot({ path: path.join(ARTIFACTS, '06-workspace-prechat-answers.png') });

    // A form in Chinese on the phone.
    await sendForm(chatId, formId);
    await zh.page.waitForSelector(`${W} .form-card[data-kind="form"]`);
    expect(await zh.page.textContent(`${W} .form-card[data-kind="form"] strong`)).toBe('您的信息');
    await zh.page.fill(`${W} #sbw-f-full_name`, '李雷');
    await zh.page.fill(`${W} #sbw-f-phone`, '138');
    await zh.page.selectOption(`${W} #sbw-f-topic`, 'refund');
    await zh.page.click(`${W} .form-card[data-kind="form"] button[type=submit]`);
    expect(await zh.page.locator(`${W} .form-field[data-field="phone"] .field-problem`).textContent()).toBe('请输入有效的电话号码。');
    await shot(zh.page, '07-widget-form-zh-phone');
    await zh.page.fill(`${W} #sbw-f-phone`, '138 0013 8000');
    await zh.page.click(`${W} .form-card[data-kind="form"] button[type=submit]`);
    await zh.page.waitForSelector(`${W} .form-card.done`);
    expect(await zh.page.textContent(`${W} .form-card.done p`)).toBe('已提交，谢谢！');
    await shot(zh.page, '08-widget-form-sent-zh-phone');
    expect([...en.problems, ...zh.problems, ...alice.problems]).toEqual([]);
  });

  it('given the admin and the customer pages then forms, the pre-chat choice and the answers show in English and Chinese', async () => {
    await d.createUser('boss', ['admin']);
    for (const [lang, suffix] of [['en-US', 'en'], ['zh-CN', 'zh']] as const) {
      const tab = await openTab(browser, d.base, { width: 1280, height: 900 }, lang);
      tab.page.setDefaultTimeout(15_000);
      await signIn(tab.page, 'boss', PASSWORD);
      await tab.page.waitForSelector('#login-username', { state: 'detached' });
      await tab.page.goto('/app/chat-forms');
      await tab.page.waitForSelector('[data-form-name="Contact details"]');
      expect(await tab.page.locator('select[data-channel="mobile_web"] option:checked').textContent()).toBe('Pre-chat (phones)');
      // A survey whose question key is not one (a space): the daemon refuses it, naming the field row.
      await tab.page.click('[data-action="new-survey"]');
      await tab.page.fill('#form-name', 'Quick survey');
      await tab.page.fill('#form-title-en', 'Quick question');
      await tab.page.fill('#form-title-zh', '快速提问');
      const row = tab.page.locator('.form-editor-field').first();
      await row.locator('input').nth(0).fill('Q 1');
      await row.locator('input').nth(1).fill('Was this useful?');
      await row.locator('input').nth(2).fill('这对您有帮助吗？');
      await tab.page.click('[data-action="save-form"]');
      await tab.page.waitForSelector('.form-editor .field-error');
      await shot(tab.page, `09-admin-forms-${suffix}`);
      expect(await tab.page.textContent('h1')).toBe(suffix === 'en' ? 'Forms and surveys' : '表单与问卷');

      const { visitor_id: visitorId } = await d.app().store.db.selectFrom('chats').select('visitor_id').orderBy('created_at').executeTakeFirstOrThrow();
      const customer = suffix === 'en' ? await d.api<{ id: string }>('POST', '/api/customers', { name: 'Mary Jones', chatVisitors: [visitorId] }) : (await d.api<{ items: { id: string }[] }>('GET', '/api/customers?q=Mary')).items[0];
      await tab.page.goto(`/app/customers/${customer?.id ?? ''}`);
      await tab.page.waitForSelector('.customer-form-answers .form-answer');
      expect(await tab.page.locator('.customer-form-answers .form-answer').count()).toBe(2);
      await tab.page.locator('.customer-form-answers').screenshot({ path: path.join(ARTIFACTS, `10-customer-answers-${suffix}.png`) });
      expect(tab.problems).toEqual([]);
      await tab.context.close();
    }
  });
});
