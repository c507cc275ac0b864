/**
 * The notifications page (admins) in headless Chromium against the daemon on the simulated media
 * server: an admin adds a webhook rule through the dialog (a secret too short is refused under its
 * field, and the message goes once the field changes), a caller gives up in the queue, the
 * receiver refuses the first delivery, the log shows it failed and "Send again" delivers it with
 * the same id. English and Chinese; screenshots under test-artifacts/notify/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { startSupervisorFloor } from '../supervisor/supervisor-floor.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { DID } from '../toolbar/toolbar-world.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/notify');
const SCREEN = { width: 1280, height: 720 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.runIf(haveTools('notifications page in Chromium', [CHROMIUM]))('the notifications page in Chromium', () => {
  let d: ToolbarDaemon;
  let receiver: Receiver;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ({ d } = await startSupervisorFloor());
    receiver = await startReceiver();
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await d?.close();
  });

  it('given an admin when a rule is added with a secret too short then the field says so, and with a good one the rule is listed', async () => {
    const page = en.page;
    await signIn(page, 'toolbar-admin', PASSWORD);
    // An admin lands on the supervisor console; the notifications page is one step away.
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/notifications');
    await page.waitForSelector('.rules .table-empty');
    await page.click('button[data-action="add-rule"]');
    await page.fill('#rule-name', 'Abandons to the CRM');
    await page.check('input[name="outcome"][value="caller_quick_hangup"]');
    await page.fill('#rule-url', receiver.url);
    await page.fill('#rule-secret', 'too-short');
    await page.click('button[data-action="save-rule"]');
    await page.waitForSelector('#rule-secret-error');
    expect(await page.textContent('#rule-secret-error')).toBe('A webhook needs a secret of at least 16 characters.');
    await shot(page, '01-rule-refused-en');
    await page.fill('#rule-secret', 'a-long-enough-secret-123');
    expect(await page.locator('#rule-secret-error').count()).toBe(0);
    await page.click('button[data-action="save-rule"]');
    await page.locator('.rules tbody tr').filter({ hasText: 'Abandons to the CRM' }).waitFor();
    expect(await page.locator('dialog[open]').count()).toBe(0);
    const rules = (await d.api<{ rules: { name: string; trigger: { outcomes: string[] } }[] }>('GET', '/api/notify/rules')).rules;
    expect(rules).toEqual([expect.objectContaining({ name: 'Abandons to the CRM', trigger: expect.objectContaining({ outcomes: ['queue_abandon', 'caller_quick_hangup'] }) })]);
    expect(en.problems).toEqual([]);
  });

  it('given the receiver refuses the first delivery when a caller gives up then the log shows it failed, and "Send again" delivers it with the same id', async () => {
    const page = en.page;
    receiver.script([400]);
    const channel = await d.pbx.control.placeInboundCall({ from: '+8613912345678', to: DID });
    await waitFor('the caller waits', () => d.app().deps.contactCenter.acd.liveForRealtime().waiting.length === 1);
    await d.pbx.control.farEndHangup(channel);
    await waitFor('the receiver refused it', () => receiver.received.length === 1);
    await waitFor('the delivery is marked failed', async () => (await d.api<{ deliveries: unknown[] }>('GET', '/api/notify/deliveries?status=failed')).deliveries.length === 1);
    await page.click('button[data-action="refresh-log"]');
    await page.waitForSelector('.delivery-log [data-status="failed"]');
    await shot(page, '02-delivery-failed-en');
    await page.click('button[data-action="retry"]');
    await page.waitForSelector('.delivery-log [data-status="delivered"]');
    expect(receiver.received.map((r) => r.status)).toEqual([400, 200]);
    expect(receiver.received[0]?.headers['x-switchboard-delivery']).toBe(receiver.received[1]?.headers['x-switchboard-delivery']);
    await shot(page, '03-delivered-en');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese then the rule, its outcomes and the log read in Chinese', async () => {
    const page = zh.page;
    await signIn(page, 'toolbar-admin', PASSWORD);
    // An admin lands on the supervisor console; the notifications page is one step away.
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/notifications');
    await page.waitForSelector('.delivery-log [data-status="delivered"]');
    expect(await page.textContent('#rules-title')).toBe('通知规则');
    expect(await page.textContent('.rules tbody')).toContain('排队时挂断');
    expect(await page.textContent('.delivery-log [data-status="delivered"]')).toBe('已送达');
    await shot(page, '04-page-zh-CN');
    await page.click('button[data-action="edit-rule"]');
    await page.waitForSelector('dialog[open] #rule-secret-hint');
    expect(await page.textContent('#rule-secret-hint')).toBe('留空则保留已存储的密钥；输入新值则替换。');
    await shot(page, '05-edit-rule-zh-CN');
    expect(zh.problems).toEqual([]);
  });

  it('given an admin when they add a rule about chats then the endings are offered instead of call outcomes, and the rule is listed and edited as a chat rule', async () => {
    const page = en.page;
    await page.click('button[data-action="add-rule"]');
    await page.fill('#rule-name', 'Solved chats');
    await page.selectOption('select[name="media"]', 'chat');
    expect(await page.locator('input[name="outcome"][value="queue_abandon"]').count()).toBe(0);
    await page.uncheck('input[name="outcome"][value="unresolved"]');
    await page.check('input[name="outcome"][value="solved"]');
    await page.fill('#rule-url', receiver.url);
    await page.fill('#rule-secret', 'a-long-enough-secret-456');
    await shot(page, '06-chat-rule-en');
    await page.click('button[data-action="save-rule"]');
    const row = page.locator('.rules tbody tr').filter({ hasText: 'Solved chats' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Chats: Chat solved');
    const rules = (await d.api<{ rules: { name: string; trigger: unknown }[] }>('GET', '/api/notify/rules')).rules;
    expect(rules.find((r) => r.name === 'Solved chats')?.trigger).toEqual({ media: 'chat', endings: ['solved'], queueIds: [] });
    await row.locator('button[data-action="edit-rule"]').click();
    await page.waitForSelector('dialog[open]');
    expect(await page.inputValue('dialog[open] select[name="media"]')).toBe('chat');
    expect(await page.isChecked('dialog[open] input[name="outcome"][value="solved"]')).toBe(true);
    await page.keyboard.press('Escape');

    await zh.page.reload();
    await zh.page.waitForSelector('.rules tbody tr');
    expect(await zh.page.textContent('.rules tbody')).toContain('在线会话: 会话已解决');
    await zh.page.click('button[data-action="add-rule"]');
    await zh.page.selectOption('select[name="media"]', 'chat');
    expect(await zh.page.textContent('dialog[open] legend')).toBe('会话结束方式');
    await shot(zh.page, '07-chat-rule-zh-CN');
    expect(en.problems).toEqual([]);
    expect(zh.problems).toEqual([]);
  });
});
