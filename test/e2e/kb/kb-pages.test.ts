/**
 * The knowledge-base pages in headless Chromium against the full app over the seeded articles:
 * an agent searches as she types in English and in Chinese, reads an article (counted as viewed)
 * and cannot open the editors' page; an editor adds a category, writes an article, saves it as a
 * draft, publishes it, edits it into a second version and reads the version history; moving a
 * category under its own subcategory is refused with the reason. English and Chinese; screenshots
 * under test-artifacts/kb/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { haveTools } from '../../helpers/tools.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { seedKb } from './kb-seed.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/kb');
const SCREEN = { width: 1280, height: 800 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.runIf(haveTools('knowledge-base pages in Chromium', [CHROMIUM]))('the knowledge-base pages in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  let articleOf: Map<string, string>;
  let categoryOf: Map<string, string>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The clock starts now: the login cookie's lifetime is counted from the real time (auth-routes.ts).
    t = await createTestApp({ clock: new FakeClock(Date.now()) });
    const admin = await t.login('admin', 'kb-admin');
    await t.login('agent', 'kb-agent');
    ({ articleOf, categoryOf } = await seedKb(t, admin.headers));
    const { http } = await t.listen();
    browser = await launch();
    en = await openTab(browser, http, SCREEN);
    zh = await openTab(browser, http, SCREEN, 'zh-CN');
    // A step that waits longer than this has failed: say which one, well within the test's time.
    for (const tab of [en, zh]) tab.page.setDefaultTimeout(10_000);
  }, 90_000);

  // A failed step leaves what the pages showed, to look at.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    await shot(en.page, `failed-${ctx.task.id}-en`);
    await shot(zh.page, `failed-${ctx.task.id}-zh`);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Signs in and waits until the app has left the sign-in page (the session cookie is set). */
  const signedIn = async (page: Page, username: string) => {
    await signIn(page, username, t.password);
    await page.waitForURL((u) => u.pathname.startsWith('/app') && !u.pathname.startsWith('/app/login'));
  };
  const firstResult = (page: Page) => page.locator('.kb-results li').first();

  it('given an agent when she types a question in English then the matching article comes first, and opening it shows it and counts a view', async () => {
    const page = en.page;
    await signedIn(page, 'kb-agent');
    await page.goto('/app/kb');
    await page.waitForSelector('.kb-results li');
    await page.locator('.kb-search').pressSequentially('reset passw');
    await firstResult(page).filter({ hasText: 'Reset your password' }).waitFor();
    await page.fill('.kb-search', 'refund');
    await firstResult(page).filter({ hasText: 'Request a refund' }).waitFor();
    await firstResult(page).locator('button').click();
    await page.waitForSelector('.kb-article h3');
    expect(await page.textContent('.kb-article h3')).toBe('Request a refund');
    expect(await page.textContent('.kb-article .kb-meta')).toContain('Help 帮助 › Payments 支付');
    await shot(page, '01-agent-search-en');
    const refund = articleOf.get('en-refund')!;
    await expect.poll(async () => (await t.db.selectFrom('kb_usage').select('kind').where('article_id', '=', refund).execute()).map((r) => r.kind)).toEqual(['viewed']);
    // Without kb.edit there is no way to the editors' page.
    expect(await page.locator('button[data-action="kb-admin"]').count()).toBe(0);
    await page.goto('/app/kb/admin');
    await page.waitForSelector('[role="alert"]');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese when an agent searches in Chinese within a category then the article is found and reads in Chinese', async () => {
    const page = zh.page;
    await signedIn(page, 'kb-agent');
    await page.goto('/app/kb');
    await page.waitForSelector('.kb-results li');
    expect(await page.getAttribute('.kb-search', 'placeholder')).toBe('搜索文章（中文或英文）…');
    await page.fill('.kb-search', '怎么修改收货地址');
    await firstResult(page).filter({ hasText: '修改收货地址' }).waitFor();
    await page.selectOption('select[name="category"]', categoryOf.get('payments')!);
    await page.fill('.kb-search', '发票');
    await firstResult(page).filter({ hasText: '如何开具发票' }).waitFor();
    await firstResult(page).locator('button').click();
    await page.waitForSelector('.kb-article h3');
    expect(await page.textContent('.kb-article .kb-body')).toContain('增值税专用发票');
    await shot(page, '02-agent-search-zh-CN');
    await page.fill('.kb-search', '火星旅行');
    await page.waitForSelector('.kb-find .table-empty');
    expect(await page.textContent('.kb-find .table-empty')).toBe('没有匹配的文章，请换个说法试试。');
    expect(zh.problems).toEqual([]);
  });

  it('given an editor when she writes, saves, publishes and edits an article then the status and version history follow, and agents see the published version', async () => {
    const page = en.page;
    await page.context().clearCookies();
    await signedIn(page, 'kb-admin');
    await page.goto('/app/kb/admin');
    await page.waitForSelector('.kb-category-list [data-category]');
    // A new subcategory under Support.
    await page.click(`.kb-category-list [data-category="${categoryOf.get('support')}"] button`);
    await page.fill('input[name="newCategory"]', 'Returns desk');
    await page.click('button[data-action="add-category"]');
    await page.locator('.kb-category-list li').filter({ hasText: 'Returns desk' }).waitFor();
    await page.click('button[data-action="new-article"]');
    await page.fill('#kb-title', 'Exchange a faulty charger');
    await page.selectOption('#kb-language', 'en');
    await page.fill('#kb-tags', 'charger, exchange');
    await page.fill('#kb-body', '# Exchange\n\nSend the charger back with the order number.\n\n- Print the label\n- Drop the parcel');
    await page.click('button[data-action="save-draft"]');
    await page.locator('.kb-editor .kb-status-draft').waitFor();
    await page.click('button[data-action="publish"]');
    await page.locator('.kb-editor .panel-head .kb-status-published').waitFor();
    await page.fill('#kb-body', '# Exchange\n\nSend the charger back with the order number and the receipt.');
    await page.click('button[data-action="save-draft"]');
    await page.locator('.kb-editor .panel-head .kb-status-changed').waitFor();
    expect(await page.locator('.kb-versions tbody tr').count()).toBe(2);
    expect(await page.textContent('.kb-versions tbody tr[data-version="1"]')).toContain('Published');
    expect(await page.textContent('.kb-versions tbody tr[data-version="2"] .kb-version-by')).toBe('kb-admin');
    // The confirmations of each step, read: closed so the history shows whole.
    while ((await page.locator('.toast button').count()) > 0) await page.locator('.toast button').first().click();
    await shot(page, '03-editor-versions-en');
    const hits = await t.inject({ method: 'GET', url: '/api/kb/search?q=charger', headers: await t.loginAs('agent') });
    expect((hits.json() as { version: number }[]).map((h) => h.version)).toEqual([1]);
    expect(en.problems).toEqual([]);
  });

  it('given the editors page in Chinese when a category is moved under its own subcategory then the refusal is shown in Chinese and nothing moves', async () => {
    const page = zh.page;
    await page.context().clearCookies();
    await signedIn(page, 'kb-admin');
    await page.goto('/app/kb/admin');
    await page.waitForSelector('.kb-category-list [data-category]');
    expect(await page.textContent('#kb-tree-title')).toBe('分类');
    await page.click(`.kb-category-list [data-category="${categoryOf.get('help')}"] button`);
    await page.selectOption('select[name="parent"]', categoryOf.get('orders')!);
    await page.click('button[data-action="save-category"]');
    await page.getByText('分类不能放在自身或其子分类之下。').first().waitFor();
    // The form shows where the category still is.
    expect(await page.inputValue('select[name="parent"]')).toBe('');
    await shot(page, '04-editor-cycle-refused-zh-CN');
    await page.click('.toast-error button');
    const help = await t.db.selectFrom('kb_categories').select('parent_id').where('id', '=', categoryOf.get('help')!).executeTakeFirstOrThrow();
    expect(help.parent_id).toBeNull();
    await page.click(`.kb-results [data-article="${articleOf.get('zh-invoice')}"] button`);
    await page.locator('.kb-versions tbody tr').first().waitFor();
    await shot(page, '05-editor-article-zh-CN');
    expect(zh.problems).toEqual([]);
  });
});
