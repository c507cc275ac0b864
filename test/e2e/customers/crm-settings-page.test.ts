/**
 * The CRM lookup page (admins) in headless Chromium against the daemon and a CRM endpoint on a
 * port-0 server: the endpoint, its secret and a VIP level are saved (the secret never comes back
 * to the page), the test button shows the CRM's answer and a failure in words. English and
 * Chinese; screenshots under test-artifacts/crm/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { startCrmServer, type CrmServer } from '../../unit/customers/crm-server.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/crm');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const SECRET = 'Bearer page-secret-5b1d77';

describe.runIf(haveTools('CRM settings page in Chromium', [CHROMIUM]))('the CRM lookup page in Chromium', () => {
  let d: ToolbarDaemon;
  let crm: CrmServer;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  let vipQueue: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    crm = await startCrmServer();
    d = await startToolbarDaemon({});
    vipQueue = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'VIP line', media: 'voice', strategy: 'longest_idle', members: [], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 20 })).id;
    browser = await launch();
    en = await openTab(browser, d.base);
    zh = await openTab(browser, d.base, { width: 1280, height: 720 }, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
    await crm?.close();
  });

  it('given an admin when the endpoint, its secret and a VIP level are saved then the daemon stores them and the page never gets the secret back', async () => {
    const page = en.page;
    const answers: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/crm/')) void r.text().then((body) => answers.push(body));
    });
    await signIn(page, 'toolbar-admin', PASSWORD);
    await page.waitForURL(/\/app\/(supervisor)?$/);
    await page.goto('/app/crm-settings');
    await page.waitForSelector('#crm-url');
    await page.check('input[name="enabled"]');
    await page.fill('#crm-url', crm.url);
    await page.fill('#crm-headers', 'X-Tenant: acme');
    await page.fill('#crm-secret', SECRET);
    await page.fill('#crm-secret-header', 'Authorization');
    await page.fill('#crm-timeout', '600');
    await page.click('button[data-action="add-rule"]');
    await page.fill('input[name="level-0"]', 'vip');
    await page.selectOption('select[name="voice-0"]', vipQueue);
    await page.fill('input[name="priority-0"]', '50');
    await page.click('button[data-action="save-crm"]');
    await page.waitForSelector('.toast-success');
    const stored = await d.api<{ enabled: boolean; url: string; headers: Record<string, string>; secretSet: boolean; timeoutMs: number; routing: unknown[] }>('GET', '/api/crm/settings');
    expect(stored).toMatchObject({ enabled: true, url: crm.url, headers: { 'X-Tenant': 'acme' }, secretSet: true, timeoutMs: 600, routing: [{ level: 'vip', voiceQueueId: vipQueue, priority: 50 }] });
    expect(await page.inputValue('#crm-secret')).toBe('');
    expect(await page.textContent('#crm-secret-hint')).toContain('A secret is stored');
    await shot(page, '01-crm-settings-saved-en');
    expect(answers.join('')).not.toContain(SECRET);
    expect(en.problems).toEqual([]);
  });

  it('given saved settings when the test button asks about a number then the answer is shown as agents will see it, and a failing CRM is told in words', async () => {
    const page = en.page;
    crm.behave({ kind: 'json', body: { name: 'Ada Lovelace', company: 'Analytical Engines Ltd', level: 'vip', tags: ['key account', 'renewal due'], fields: { Plan: 'Enterprise', Seats: 40 }, link: 'https://crm.example.com/contacts/1' } });
    await page.fill('#crm-test-phone', '+44 20 7946 0018');
    await page.click('button[data-action="test-crm"]');
    await page.waitForSelector('.crm-test-result[data-outcome="answer"] .crm-card');
    expect(await page.textContent('.crm-test-result .crm-name')).toBe('Ada Lovelace');
    expect(crm.seen.at(-1)?.headers.authorization).toBe(SECRET);
    await shot(page, '02-crm-test-answer-en');
    crm.behave({ kind: 'status', status: 500 });
    await page.click('button[data-action="test-crm"]');
    await page.waitForSelector('.crm-test-result[data-outcome="http_error"]');
    expect(await page.textContent('.crm-test-result')).toContain('The CRM answered HTTP 500');
    expect(await page.locator('.crm-test-result .crm-card').count()).toBe(0);
    await shot(page, '03-crm-test-failure-en');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese then the settings, the routing table and a test answer read in Chinese', async () => {
    const page = zh.page;
    await signIn(page, 'toolbar-admin', PASSWORD);
    await page.waitForURL(/\/app\/(supervisor)?$/);
    await page.goto('/app/crm-settings');
    await page.waitForSelector('input[name="level-0"]');
    expect(await page.textContent('#crm-endpoint-title')).toBe('接口');
    expect(await page.textContent('#crm-secret-hint')).toBe('已保存密钥。留空则保持不变。');
    crm.behave({ kind: 'json', body: { name: '李雷', company: '华星科技有限公司', level: 'vip', tags: ['大客户'], fields: { 合同到期: '2026-12-31' } } });
    await page.fill('#crm-test-phone', '+8613800138000');
    await page.click('button[data-action="test-crm"]');
    await page.waitForSelector('.crm-test-result[data-outcome="answer"] .crm-card');
    expect(await page.textContent('.crm-test-result')).toContain('毫秒内返回结果');
    expect(await page.textContent('.crm-test-result .crm-card')).toContain('CRM 信息');
    await shot(page, '04-crm-settings-zh-CN');
    expect(zh.problems).toEqual([]);
  });
});
