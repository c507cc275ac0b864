/**
 * The toolbar as an installed app on a phone, in headless Chromium at 375x812 (touch): the
 * manifest, the service worker (http://127.0.0.1 is a secure context), the shell starting offline
 * with an "offline, reconnecting" screen, Cache Storage holding the shell and never an API answer,
 * notifications of a new chat and a visitor's message while the page is hidden (permission asked
 * on the agent's click, never on load; no message text without previews), and the chat list and
 * conversation as two screens with a back button. Screenshots in both languages: test-artifacts/pwa/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { startHostSite, type HostSite } from '../chat/host-site.js';
import { openVisitor, type Visitor } from '../chat/visitor.js';
import { CHROMIUM, launch, signIn } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/pwa');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** Records what the page asks of the Notification API (the calls go through unchanged). */
const HOOKS = `
  window.__shown = [];
  window.__asked = 0;
  const show = ServiceWorkerRegistration.prototype.showNotification;
  ServiceWorkerRegistration.prototype.showNotification = function (title, options) {
    window.__shown.push({ title, body: options && options.body, tag: options && options.tag, url: options && options.data && options.data.url });
    return show.call(this, title, options);
  };
  const ask = Notification.requestPermission.bind(Notification);
  Notification.requestPermission = function () { window.__asked += 1; return ask(); };
`;

type Shown = { title: string; body: string; tag: string; url: string };
const shown = (page: Page) => page.evaluate(() => (window as unknown as { __shown: Shown[] }).__shown);

/** The page goes to the background as when the agent switches apps (Chromium headless keeps tabs visible). */
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);

/** Every request URL held in Cache Storage, read in the page. */
const cachedUrls = (page: Page) =>
  page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) for (const req of await (await caches.open(name)).keys()) urls.push(req.url);
    return urls;
  });

describe.runIf(haveTools('the installable app in Chromium', [CHROMIUM]))('the toolbar as an installed app on a phone', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let visitor: Visitor;
  const problems: string[] = [];
  let chatId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const user = await d.createUser('mei', ['agent']);
    const agentId = (await d.api<{ id: string }>('POST', '/api/agents', { userId: user, number: '1001', displayName: 'Mei Lin', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'Support chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    context = await browser.newContext({ ...PHONE, locale: 'en-US', baseURL: d.base });
    await context.addInitScript(HOOKS);
    page = await context.newPage();
    page.on('console', (m) => {
      // The offline step refuses connections on purpose; anything else (a CSP refusal) is a finding.
      if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to load resource|WebSocket connection|ERR_CONNECTION_REFUSED/.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (err) => problems.push(String(err)));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given the daemon when the manifest is read in each language then it is valid JSON with name, icons, start_url, scope, standalone display and theme colour', async () => {
    const en = await fetch(`${d.base}/app/manifest.webmanifest`);
    expect(en.status).toBe(200);
    expect(en.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const m = (await en.json()) as Record<string, unknown>;
    expect(m).toMatchObject({ name: 'Switchboard agent', short_name: 'Switchboard', start_url: '/app/toolbar', scope: '/app/', display: 'standalone', theme_color: '#1d5fbf', lang: 'en' });
    const icons = m.icons as { src: string; sizes: string; type: string; purpose: string }[];
    expect(icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(icons.some((i) => i.purpose === 'maskable')).toBe(true);
    for (const icon of icons) {
      const res = await fetch(`${d.base}${icon.src}`);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get('content-type'), icon.src).toContain(icon.type);
    }
    const zh = (await (await fetch(`${d.base}/app/manifest.webmanifest?lang=zh-CN`)).json()) as Record<string, unknown>;
    expect(zh).toMatchObject({ name: 'Switchboard 坐席工作台', lang: 'zh-CN', start_url: '/app/toolbar' });
    // The worker is served from /app/ (its scope, nothing of the API or the widget), never cached long.
    const sw = await fetch(`${d.base}/app/sw.js`);
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    expect(sw.headers.get('content-security-policy')).toContain("worker-src 'self'");
  });

  it('given an agent signing in on a phone when the toolbar opens then the worker controls the page, nothing asked for permission, and the toolbar fits 375 px', async () => {
    await signIn(page, 'mei', PASSWORD);
    await page.waitForSelector('#agent-login-title');
    expect(await page.getAttribute('link[rel="manifest"]', 'href')).toBe('/app/manifest.webmanifest');
    await page.check('input[name=first-state][value=available]');
    await page.click('.agent-login button[type=submit]');
    await page.waitForSelector('.chat-workspace');
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(`${d.base}/app/`);
    expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(page, '01-toolbar-phone-en');
  });

  it('given the bell when the agent turns notifications on then the browser is asked once, on that click', async () => {
    await page.click('.notify-menu > summary');
    await page.waitForSelector('.notify-enable');
    await shot(page, '02-notify-menu-en');
    await context.grantPermissions(['notifications'], { origin: d.base });
    await page.click('.notify-enable');
    await page.waitForSelector('.notify-menu summary[data-permission="granted"]');
    expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
    expect(await page.isChecked('.notify-previews input')).toBe(false);
    await page.click('.notify-menu > summary');
  });

  it('given the app in the background when a chat is routed to the agent and the visitor writes then notifications name the queue only, no visitor name or message text', async () => {
    await setHidden(page, true);
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'en-US' });
    await visitor.page.goto(site.url);
    await visitor.page.click('switchboard-chat .launcher');
    await visitor.page.click('switchboard-chat .start');
    await visitor.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    await waitFor('a notification of the new chat', async () => (await shown(page)).some((n) => n.title === 'New chat for you'));
    const [assigned] = (await shown(page)).filter((n) => n.title === 'New chat for you');
    chatId = assigned!.tag.replace(/^chat-/, '');
    expect(assigned).toEqual({ title: 'New chat for you', body: 'Support chat', tag: `chat-${chatId}`, url: `/app/toolbar?chat=${chatId}` });
    // The chat is on the list before the visitor writes: the message notice needs it.
    await page.waitForSelector(`.chat-tab[data-chat="${chatId}"]`);

    await visitor.page.fill('switchboard-chat textarea', 'My card number is 4111 1111');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await waitFor('a notification of the message', async () => (await shown(page)).some((n) => n.title === 'New message'));
    const message = (await shown(page)).find((n) => n.title === 'New message');
    expect(message).toMatchObject({ body: 'Support chat', tag: `chat-${chatId}` });
    expect(JSON.stringify(await shown(page))).not.toContain('4111');
    // The browser really holds them (as a phone's notification shade would).
    const held = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => n.title));
    expect(held).toContain('New message');
    await setHidden(page, false);
  });

  it('given the page in front when another message arrives then no notification is shown (the page itself shows it)', async () => {
    const before = (await shown(page)).length;
    await visitor.page.fill('switchboard-chat textarea', 'Are you there?');
    await visitor.page.press('switchboard-chat textarea', 'Enter');
    await page.waitForSelector('.message[data-from="visitor"]:has-text("Are you there?")', { state: 'attached' });
    expect((await shown(page)).length).toBe(before);
  });

  it('given a chat on a phone when the agent taps it then the conversation takes the screen, and Back returns to the list', async () => {
    await page.click(`.chat-tab[data-chat="${chatId}"]`);
    await page.waitForSelector(`.conversation[data-chat="${chatId}"]`, { state: 'visible' });
    expect(await page.isVisible('.chat-list')).toBe(false);
    await page.fill('.conversation textarea', 'Hello, I am Mei. How can I help?');
    await page.press('.conversation textarea', 'Enter');
    await page.waitForSelector('.message[data-from="agent"][data-seq]');
    // The reply box and its send button are on screen and big enough for a thumb.
    const send = await page.locator('.conversation .compose button[type=submit], .conversation .compose .btn-primary').last().boundingBox();
    expect(send && send.height >= 36 && send.x + send.width <= 375).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.locator('.chat-workspace').screenshot({ path: path.join(ARTIFACTS, '04-conversation-phone-en.png') });
    await page.click('.chat-back');
    await page.waitForSelector('.chat-list', { state: 'visible' });
    expect(await page.isVisible('.conversation')).toBe(false);
    await page.locator('.chat-workspace').screenshot({ path: path.join(ARTIFACTS, '03-chat-list-phone-en.png') });
  });

  it('given a notification click (the worker opens /app/toolbar?chat=) when the page loads then that conversation is on screen', async () => {
    await page.goto(`/app/toolbar?chat=${chatId}`);
    await page.waitForSelector(`.conversation[data-chat="${chatId}"]`, { state: 'visible' });
    expect(await page.isVisible('.chat-list')).toBe(false);
  });

  it('given the page in Chinese when the toolbar, the list and the conversation show on a phone then they fit and are in Chinese', async () => {
    await page.selectOption('.language-picker select', 'zh-CN');
    await page.waitForSelector('.chat-back[aria-label="会话列表"]');
    expect(await page.getAttribute('link[rel="manifest"]', 'href')).toBe('/app/manifest.webmanifest?lang=zh-CN');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.locator('.chat-workspace').screenshot({ path: path.join(ARTIFACTS, '06-conversation-phone-zh'.concat('.png')) });
    await page.click('.chat-back');
    await page.waitForSelector('.chat-list', { state: 'visible' });
    await shot(page, '05-toolbar-phone-zh');
    await page.click('.notify-menu > summary');
    await page.waitForSelector('.notify-previews');
    await shot(page, '07-notify-menu-zh');
    await page.click('.notify-menu > summary');
  });

  it('given the shell cached when the worker holds it then Cache Storage has the page and its bundles and never an API answer', async () => {
    const urls = await cachedUrls(page);
    expect(urls).toContain(`${d.base}/app/`);
    expect(urls.some((u) => /\/app\/assets\/index-.*\.js$/.test(u))).toBe(true);
    expect(urls.filter((u) => new URL(u).pathname.startsWith('/api') || u.includes('widget'))).toEqual([]);
  });

  it('given the phone offline when the installed app starts then the shell loads and says it is offline and reconnecting, and it continues once back online', async () => {
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('.offline-start');
    expect(await page.textContent('.offline-start h1')).toBe('已离线，正在重新连接');
    await shot(page, '08-offline-start-zh');
    await page.selectOption('.offline-start .language-picker select', 'en');
    expect(await page.textContent('.offline-start h1')).toBe('Offline, reconnecting');
    expect(await page.textContent('.offline-start')).toContain('no network connection');
    await shot(page, '09-offline-start-en');
    // Still no API answer in the cache after the failed calls.
    expect((await cachedUrls(page)).filter((u) => new URL(u).pathname.startsWith('/api'))).toEqual([]);
    await context.setOffline(false);
    await page.waitForSelector('.chat-workspace', { timeout: 30_000 });
    expect(problems).toEqual([]);
  });
});
