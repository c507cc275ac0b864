/**
 * The per-role grants page in headless Chromium (issue 13: closing a ticket needs a permission an
 * admin grants per role): the admin finds it in the header menu, grants closing tickets to team
 * leads and saves that row, the daemon then answers with it; a refused save is said in words in
 * its row; the page in Chinese. Screenshots under test-artifacts/role-grants/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { haveTools } from '../../helpers/tools.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/role-grants');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const box = (permission: string, role: string) => `.grant-box[data-permission="${permission}"][data-role="${role}"]`;

describe.runIf(haveTools('per-role grants page in Chromium', [CHROMIUM]))('the per-role grants page in Chromium', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let browser: Browser;
  let tab: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // The clock starts now: the login cookie's lifetime is counted from the real time.
    t = await createTestApp({ clock: new FakeClock(Date.now()) });
    admin = (await t.login('admin', 'grants-admin')).headers;
    const { http } = await t.listen();
    browser = await launch();
    tab = await openTab(browser, http, { width: 1280, height: 720 });
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

  it('given the default grants when the admin grants closing tickets to team leads from the menu page and saves then the daemon holds it, and a refused save is said in its row', async () => {
    const page = tab.page;
    await signIn(page, 'grants-admin', t.password);
    await page.waitForURL((u) => u.pathname.startsWith('/app') && !u.pathname.startsWith('/app/login'));
    await page.click('.page-menu summary');
    await page.click('[data-menu-page="role-grants"]');
    await page.waitForSelector(box('tickets.close', 'team_lead'));
    expect(await page.isChecked(box('tickets.close', 'supervisor'))).toBe(true);
    expect(await page.isChecked(box('tickets.close', 'team_lead'))).toBe(false);
    // Admins hold every permission: ticked, and not theirs to untick.
    expect(await page.isChecked(box('tickets.close', 'admin'))).toBe(true);
    expect(await page.isDisabled(box('tickets.close', 'admin'))).toBe(true);

    await page.check(box('tickets.close', 'team_lead'));
    await page.waitForSelector('.grant-status.is-dirty');
    await page.click('.grant-save-button[data-permission="tickets.close"]');
    await page.waitForSelector('.grant-status.is-saved:has-text("Saved: Close tickets")');
    const res = await t.inject({ method: 'GET', url: '/api/role-grants', headers: admin });
    expect((res.json() as Record<string, string[]>)['tickets.close']).toEqual(['team_lead', 'supervisor', 'admin']);

    // The daemon refuses the next save (the admin's rights were taken meanwhile, say): the row says so.
    await page.route('**/api/role-grants/kb.edit', (route) => route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ code: 'FORBIDDEN', message: 'users.manage needed' }) }));
    await page.check(box('kb.edit', 'team_lead'));
    await page.click('.grant-save-button[data-permission="kb.edit"]');
    expect(await page.textContent('.grant-status.is-refused')).toBe('Not saved: You are not allowed to do this.');
    await page.unroute('**/api/role-grants/kb.edit');
    expect((await t.inject({ method: 'GET', url: '/api/role-grants', headers: admin }).then((r) => r.json() as Record<string, string[]>))['kb.edit']).toEqual(['supervisor', 'admin']);
    await shot(page, 'grants-01-en');
  });

  it('given the page when the admin chooses 简体中文 then the grid and the refusal are in Chinese', async () => {
    const page = tab.page;
    await page.selectOption('.language-picker select', 'zh-CN');
    await page.waitForSelector('h1:has-text("按角色授权"), .shell-head :text("按角色授权")');
    expect(await page.locator('.role-grants-page th').allTextContents()).toEqual(expect.arrayContaining(['权限', '坐席', '组长', '主管', '管理员']));
    expect(await page.getAttribute(box('tickets.close', 'team_lead'), 'aria-label')).toBe('关闭工单：组长');
    // The refusal follows the language too.
    expect(await page.textContent('.grant-status.is-refused')).toBe('未保存：您无权执行此操作。');
    await shot(page, 'grants-02-zh');
    expect(tab.problems).toEqual([]);
  });
});
