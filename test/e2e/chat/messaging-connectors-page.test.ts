/**
 * The messaging connectors section of the chat bot page (issues 12 and 21) in headless Chromium
 * against the daemon: an admin adds a connector (a bad delivery URL is refused at its field and
 * nothing is stored), sees its secret once, and after a reload sees the connector but never the
 * secret again; a new secret on rotation; turned off and deleted. The same in Chinese. Then an
 * agent's workspace names the platform a messaging chat came from. Screenshots under
 * test-artifacts/messaging/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature } from '../../../src/core/webhook-signature.js';
import { haveTools } from '../../helpers/tools.js';
import { startReceiver, type Receiver } from '../notify/webhook-receiver.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/messaging');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

type Connectors = { connectors: { id: string; name: string; platform: string; enabled: boolean }[] };

describe.runIf(haveTools('messaging connectors page in Chromium', [CHROMIUM]))('the messaging connectors section in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  let receiver: Receiver;
  const connectors = async () => (await d.api<Connectors>('GET', '/api/messaging/connectors')).connectors;

  async function openPage(page: Page): Promise<void> {
    await page.goto('/app/chat-bot');
    await page.waitForSelector('.messaging-connectors table, .messaging-connectors .muted');
    await page.waitForSelector('#messaging-name');
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    receiver = await startReceiver();
    browser = await launch();
    en = await openTab(browser, d.base, { width: 1280, height: 900 });
    zh = await openTab(browser, d.base, { width: 1280, height: 900 }, 'zh-CN');
    for (const tab of [en, zh]) {
      await signIn(tab.page, 'toolbar-admin', PASSWORD);
      await tab.page.waitForURL(/\/app\/(supervisor|toolbar)?$/);
      // Rotating and deleting ask first: the test answers yes.
      tab.page.on('dialog', (dialog) => void dialog.accept());
    }
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await d?.close();
  });

  it('given an admin when a connector is added with a bad URL, then fixed, then the page reloads then the URL is refused at its field, the secret is shown once and never again', async () => {
    const page = en.page;
    await openPage(page);
    await page.fill('#messaging-name', 'WeChat official account');
    await page.fill('#messaging-platform', 'WeChat');
    await page.fill('#messaging-deliveryUrl', 'ftp://adapter.example/replies');
    await page.click('button[data-action="add-connector"]');
    await page.waitForSelector('#messaging-deliveryUrl-error');
    expect(await page.textContent('#messaging-deliveryUrl-error')).toBe('Enter an http or https address.');
    expect(await connectors()).toEqual([]);
    await shot(page, '10-add-refused-en');

    await page.fill('#messaging-deliveryUrl', 'https://adapter.example/replies');
    expect(await page.locator('#messaging-deliveryUrl-error').count()).toBe(0);
    await page.click('button[data-action="add-connector"]');
    await page.waitForSelector('.messaging-secret input');
    const secret = await page.inputValue('.messaging-secret input');
    expect(secret).toMatch(/^sbm_/);
    expect(await connectors()).toMatchObject([{ name: 'WeChat official account', platform: 'wechat', enabled: true }]);
    expect(await page.inputValue('#messaging-name')).toBe('');
    await shot(page, '11-secret-shown-once-en');

    await page.reload();
    await openPage(page);
    await page.waitForSelector('.messaging-connectors td strong');
    expect(await page.locator('.messaging-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    await shot(page, '12-connector-listed-en');

    await page.click('button[data-action="rotate"]');
    await page.waitForSelector('.messaging-secret input');
    expect(await page.inputValue('.messaging-secret input')).not.toBe(secret);
    await page.click('.messaging-secret button');
    expect(await page.locator('.messaging-secret').count()).toBe(0);
    await page.click('button[data-action="toggle"]');
    await expect.poll(async () => (await connectors())[0]?.enabled).toBe(false);
    await page.waitForSelector('button[data-action="toggle"]:has-text("Turn on")');
    await shot(page, '13-connector-off-en');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese when a connector is listed and then deleted then the section reads in Chinese and the connector is gone', async () => {
    const page = zh.page;
    await openPage(page);
    expect(await page.textContent('#messaging-title')).toBe('消息平台接入');
    await page.waitForSelector('.messaging-connectors td strong');
    await shot(page, '20-connectors-zh-CN');
    await page.click('button[data-action="delete"]');
    await expect.poll(async () => (await connectors()).length).toBe(0);
    await page.waitForSelector('.messaging-connectors td:has-text("还没有接入。")');
    await shot(page, '21-connector-deleted-zh-CN');
    expect(zh.problems).toEqual([]);
  });

  it('given a messaging connector into a chat queue when a platform user writes then the workspace of the agent names the platform the chat came from and offers text only', async () => {
    const userId = await d.createUser('alice', ['agent']);
    const agentId = (await d.api<{ id: string }>('POST', '/api/agents', { userId, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'wechat chats', media: 'chat', strategy: 'longest_idle', members: [{ agentId }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    const { connector, secret } = await d.api<{ connector: { id: string }; secret: string }>('POST', '/api/messaging/connectors', { name: 'WeChat service account', platform: 'wechat', deliveryUrl: receiver.url, queueId });
    const tab = await openTab(browser, d.base, { width: 1280, height: 800 });
    const page = tab.page;
    await signIn(page, 'alice', PASSWORD);
    await page.waitForSelector('#agent-login-title');
    await page.check('input[name=first-state][value=available]');
    await page.click('.agent-login button[type=submit]');
    await page.waitForSelector('.chat-workspace');

    const body = JSON.stringify({ messageId: 'wx-1', from: { id: 'oUpF8u', name: 'Wang Fang' }, text: '我的包裹还没到' });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await fetch(`${d.base}/api/messaging/${connector.id}/inbound`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-switchboard-timestamp': ts, 'x-switchboard-signature': signature(secret, ts, body) }, body });
    expect(res.status).toBe(200);
    const { chatId } = (await res.json()) as { chatId: string };
    await page.click(`.chat-tab[data-chat="${chatId}"]`);
    await page.waitForSelector(`.conversation[data-chat="${chatId}"] .chat-source[data-channel="messaging"]:has-text("wechat")`);
    expect(await page.textContent('.conversation-head .chat-source')).toBe('Messaging: wechat (WeChat service account)');
    await page.waitForSelector('.message[data-from="visitor"]:has-text("包裹")');
    // Text and cards only reach the platform: no files, voice, captures or screen shares offered.
    for (const label of ['Send a file', 'Voice', 'Screenshot', 'See the screen']) expect(await page.locator(`.conversation button:has-text("${label}")`).count(), label).toBe(0);
    await shot(page, '30-workspace-messaging-source-en');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });
});
