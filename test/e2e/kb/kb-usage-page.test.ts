/**
 * The knowledge base usage view in headless Chromium (issue 13): articles published and used
 * through the API (viewed, sent in a chat, used in a call); a supervisor opens the editors' page's
 * usage tab and reads the most and least used with their counts, a period without usage, an error
 * of the report cleared by the next load, the same in Chinese, and a title leading to the article;
 * an agent (no kb.edit) does not get the view. Screenshots under test-artifacts/kb/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { haveTools } from '../../helpers/tools.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/kb');
const SCREEN = { width: 1280, height: 800 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

const LONG_EN = 'How to change the delivery address of an order that has already been handed over to the carrier for shipping';
const LONG_ZH = '如何在订单已经发货之后修改收货地址并通知快递公司把包裹重新派送到新的地址';
type Use = { kind: 'viewed' } | { kind: 'sent_in_chat'; chatId: string } | { kind: 'used_in_call'; callId: string };
const uses = (viewed: number, chats: number, calls: number): Use[] => [
  ...Array.from({ length: viewed }, (): Use => ({ kind: 'viewed' })),
  ...Array.from({ length: chats }, (_, i): Use => ({ kind: 'sent_in_chat', chatId: `chat-${i}` })),
  ...Array.from({ length: calls }, (_, i): Use => ({ kind: 'used_in_call', callId: `call-${i}` })),
];

describe.runIf(haveTools('knowledge base usage page in Chromium', [CHROMIUM]))('the knowledge base usage view in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let tab: AgentTab;
  const idOf = new Map<string, string>();

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The clock starts now: the login cookie's lifetime and the usage times are counted from the real time.
    t = await createTestApp({ clock: new FakeClock(Date.now()) });
    const admin = await t.login('admin', 'kbu-admin');
    await t.login('supervisor', 'kbu-sup');
    await t.login('agent', 'kbu-agent');
    const post = async (headers: AuthHeaders, url: string, payload: object) => {
      const res = await t.inject({ method: 'POST', url, headers, payload });
      if (res.statusCode >= 300) throw new Error(`${url}: ${res.body}`);
      return res.statusCode === 204 ? {} : (res.json() as Record<string, unknown>);
    };
    // Chats and calls the usages name (a usage names only a contact in the user's reach; an admin reaches all).
    const now = new Date(t.clock.now());
    await t.db.insertInto('chat_visitors').values({ id: 'v-1', token_hash: 'h-1', created_at: now }).execute();
    for (const chat of ['chat-0', 'chat-1']) {
      await t.db.insertInto('chats').values({ id: chat, visitor_id: 'v-1', queue_id: 'q', state: 'ended', agent_id: null, visitor_name: '', page: '', created_at: now, ended_at: now, end_reason: 'visitor_left', last_seq: 0 }).execute();
    }
    for (const call of ['call-0', 'call-1']) {
      await t.deps.contactCenter.callStore.saveCall({ id: call, direction: 'inbound', state: 'ended', from: '+4930111', to: '100', callerName: '', ivrPath: [], variables: {}, startedAt: t.clock.now(), endedAt: t.clock.now(), outcome: 'agent_answered', recordingIds: [] });
    }
    const categoryId = (await post(admin.headers, '/api/kb/categories', { name: 'Help' })).id as string;
    const articles: { title: string; language: 'en' | 'zh'; use: Use[] }[] = [
      { title: 'Reset your password', language: 'en', use: uses(3, 1, 1) },
      { title: LONG_ZH, language: 'zh', use: uses(1, 1, 2) },
      { title: LONG_EN, language: 'en', use: uses(0, 2, 1) },
      { title: 'Cancel an order', language: 'en', use: [] },
    ];
    for (const a of articles) {
      const made = await post(admin.headers, '/api/kb/articles', { title: a.title, body: 'Body.', tags: [], language: a.language, categoryId });
      const id = (made.article as { id: string }).id;
      await post(admin.headers, `/api/kb/articles/${id}/publish`, { version: 1 });
      for (const u of a.use) await post(admin.headers, `/api/kb/articles/${id}/usage`, u);
      idOf.set(a.title, id);
    }
    const { http } = await t.listen();
    browser = await launch();
    tab = await openTab(browser, http, SCREEN);
    // A step that waits longer than this has failed: say which one, well within the test's time.
    tab.page.setDefaultTimeout(10_000);
  }, 90_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(tab.page, `failed-${ctx.task.id}`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signedIn = async (page: Page, username: string) => {
    await page.context().clearCookies();
    await signIn(page, username, t.password);
    await page.waitForURL((u) => u.pathname.startsWith('/app') && !u.pathname.startsWith('/app/login'));
  };
  /** Each row of a list: title, then viewed, sent in chat, used in call, total as shown. */
  const rowsOf = (page: Page, list: 'most' | 'least') =>
    page.locator(`.kb-usage-${list} tbody tr`).evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.kb-usage-title')?.textContent ?? '', ...Array.from(tr.querySelectorAll('td.num'), (td) => td.textContent ?? '')]));

  it('given articles viewed, sent in chats and used in calls when a supervisor opens the usage tab then the most and least used show in order with their counts, in English and in Chinese', async () => {
    const page = tab.page;
    await signedIn(page, 'kbu-sup');
    await page.goto('/app/kb/admin');
    await page.click('.kb-admin-tabs [data-tab="usage"]');
    await page.waitForURL((u) => u.search === '?view=usage');
    await page.locator('.kb-usage-most tbody tr').first().waitFor();
    expect(await page.getAttribute('.kb-usage-presets [data-preset="days7"]', 'aria-pressed')).toBe('true');
    expect(await rowsOf(page, 'most')).toEqual([
      ['Reset your password', '3', '1', '1', '5'],
      [LONG_ZH, '1', '1', '2', '4'],
      [LONG_EN, '0', '2', '1', '3'],
    ]);
    expect(await rowsOf(page, 'least')).toEqual([['Cancel an order', '0', '0', '0', '0']]);
    // The bars: the most used fills the track, the others in proportion.
    const widths = await page.locator('.kb-usage-most .kb-usage-track').evaluateAll((tracks) => tracks.map((tr) => Array.from(tr.children).reduce((w, c) => w + c.getBoundingClientRect().width, 0) / tr.getBoundingClientRect().width));
    expect(widths.map((w) => Math.round(w * 100))).toEqual([100, 80, 60]);
    await shot(page, 'usage-01-most-least-en');

    // A period without usage says so, without tables.
    await page.fill('#kb-usage-from', '2020-01-01');
    await page.fill('#kb-usage-to', '2020-01-31');
    await page.locator('.kb-usage-none').waitFor();
    expect(await page.textContent('.kb-usage-none')).toBe('No published article was viewed, sent in a chat or used in a call in this period.');
    expect(await page.locator('.kb-usage table').count()).toBe(0);
    await shot(page, 'usage-02-none-en');

    // A report that fails is shown as the kit shows refusals; the next load that succeeds clears it.
    await page.route('**/api/kb/usage-report*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'STANDBY', message: 'standby' }) }));
    await page.click('.kb-usage-presets [data-preset="today"]');
    await page.locator('.kb-usage-error').waitFor();
    expect(await page.getAttribute('.kb-usage-error', 'data-code')).toBe('STANDBY');
    // What was shown belonged to the period before: it goes.
    expect(await page.locator('.kb-usage-none, .kb-usage table').count()).toBe(0);
    await shot(page, 'usage-03-error-en');
    await page.unroute('**/api/kb/usage-report*');
    await page.click('.kb-usage-presets [data-preset="days30"]');
    await page.locator('.kb-usage-most tbody tr').first().waitFor();
    expect(await page.locator('.kb-usage-error').count()).toBe(0);

    await page.selectOption('.language-picker select', 'zh-CN');
    await page.getByRole('heading', { name: '各文章的使用次数' }).waitFor();
    expect(await page.textContent('.kb-usage-most caption')).toBe('使用最多');
    expect(await page.textContent('.kb-usage-least caption')).toBe('使用最少');
    expect(await page.locator('.kb-usage-most thead th').allTextContents()).toEqual(['文章', '使用次数', '查看', '会话中发送', '通话中使用', '合计']);
    expect((await rowsOf(page, 'most')).map((r) => r[0])).toEqual(['Reset your password', LONG_ZH, LONG_EN]);
    // Narrower, as on a laptop beside another window: long titles wrap, bars and counts stay readable.
    await page.setViewportSize({ width: 900, height: 800 });
    await shot(page, 'usage-04-most-least-zh-CN');
    await page.setViewportSize(SCREEN);
    await page.selectOption('.language-picker select', 'en');

    // A title leads to the article on the knowledge base page.
    await page.click(`.kb-usage-most a[data-article="${idOf.get(LONG_ZH)}"]`);
    await page.waitForURL((u) => u.pathname === '/app/kb' && u.searchParams.get('article') === idOf.get(LONG_ZH));
    expect(await page.textContent('.kb-article h3')).toBe(LONG_ZH);
    expect(tab.problems).toEqual([]);
  });

  it('given an agent without kb.edit when she opens the usage tab by its address then the page is refused and no usage is shown', async () => {
    const page = tab.page;
    await signedIn(page, 'kbu-agent');
    await page.goto('/app/kb/admin?view=usage');
    await page.waitForSelector('[role="alert"]');
    expect(await page.locator('.kb-usage').count()).toBe(0);
    expect(await page.locator('.kb-admin-tabs').count()).toBe(0);
    expect(tab.problems).toEqual([]);
  });
});
