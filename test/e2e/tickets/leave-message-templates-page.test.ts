/**
 * The leave-a-message templates page (admins, issue 13) in headless Chromium against the daemon:
 * a template with two fields is made, a duplicate field name is refused
 * in words next to the form (and the words go once the name is fixed), the template is edited
 * (a field added and moved up) and deleted; what the daemon stores is checked each time. English
 * and Chinese; screenshots under test-artifacts/leave-message-templates/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/leave-message-templates');
const SCREEN = { width: 1280, height: 720 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

interface StoredTemplate {
  id: string;
  channel: string;
  businessLine: string;
  name: { en: string; zh: string };
  fields: { name: string; label: { en: string; zh: string }; kind: string; required: boolean }[];
}

describe.runIf(haveTools('leave-message templates page in Chromium', [CHROMIUM]))('the leave-message templates page in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
    en.page.setDefaultTimeout(10_000);
    zh.page.setDefaultTimeout(10_000);
    // Accepts the delete confirmation (window.confirm) as the admin would.
    en.page.on('dialog', (dialog) => void dialog.accept());
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const stored = () => d.api<StoredTemplate[]>('GET', '/api/leave-message-templates');
  const row = (page: Page, i: number) => page.locator(`tr[data-field-row="${i}"]`);
  const fillField = async (page: Page, i: number, name: string, en: string, zh: string, kind: string, required: boolean) => {
    await row(page, i).locator(`input[name="field-${i}-name"]`).fill(name);
    await row(page, i).locator(`input[name="field-${i}-en"]`).fill(en);
    await row(page, i).locator(`input[name="field-${i}-zh"]`).fill(zh);
    await row(page, i).locator(`select[name="field-${i}-kind"]`).selectOption(kind);
    await row(page, i).locator(`input[name="field-${i}-required"]`).setChecked(required);
  };

  it('given an admin when a template with two fields is saved with a duplicate name then the refusal is in words, and once fixed the template is stored', async () => {
    const page = en.page;
    await signIn(page, 'toolbar-admin', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/leave-message-templates');
    await page.waitForSelector('.leave-templates-page .table-empty');
    await page.click('button[data-action="new-template"]');
    await page.selectOption('#template-channel', 'web');
    await page.fill('#template-line', 'pre_sales');
    await page.fill('#template-name-en', 'Sales question');
    await page.fill('#template-name-zh', '售前咨询');
    await fillField(page, 0, 'email', 'Email', '邮箱', 'email', true);
    await page.click('button[data-action="field-add"]');
    await fillField(page, 1, 'email', 'Your question', '您的问题', 'long_text', false);
    await page.click('button[data-action="save-template"]');
    const refusal = page.locator('.template-refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('TEMPLATE_FIELD_DUPLICATE');
    expect(await refusal.textContent()).toContain('Two fields have the same name; each field needs its own. (field 2)');
    expect(await row(page, 1).getAttribute('class')).toContain('is-refused');
    expect(await stored()).toEqual([]);
    await shot(page, '01-duplicate-refused-en');

    await row(page, 1).locator('input[name="field-1-name"]').fill('question');
    expect(await refusal.count()).toBe(0);
    await page.click('button[data-action="save-template"]');
    await page.locator('.leave-templates-page tbody tr').filter({ hasText: 'Sales question' }).waitFor();
    expect(await page.locator('.template-form').count()).toBe(0);
    const [made] = await stored();
    expect(made).toMatchObject({ channel: 'web', businessLine: 'pre_sales', name: { en: 'Sales question', zh: '售前咨询' } });
    expect(made?.fields).toEqual([
      { name: 'email', label: { en: 'Email', zh: '邮箱' }, kind: 'email', required: true },
      { name: 'question', label: { en: 'Your question', zh: '您的问题' }, kind: 'long_text', required: false },
    ]);
    expect(await page.textContent('.leave-templates-page tbody tr')).toContain('Email / 邮箱 (required), Your question / 您的问题');
    await shot(page, '02-created-en');
    expect(en.problems).toEqual([]);
  });

  it('given the stored template when a field is added and moved to the top then the daemon stores the new order, and a delete removes it', async () => {
    const page = en.page;
    // The creation's toast is closed so it cannot cover the form in the screenshot.
    await page.locator('.toast-success button').click();
    await page.locator('.toast-success').waitFor({ state: 'detached' });
    await page.click('button[data-action="edit-template"]');
    expect(await page.inputValue('#template-name-en')).toBe('Sales question');
    expect(await page.inputValue('#template-name-zh')).toBe('售前咨询');
    await page.fill('#template-name-en', 'Pre-sales question');
    await page.click('button[data-action="field-add"]');
    await fillField(page, 2, 'phone', 'Phone', '电话', 'phone', false);
    await row(page, 2).locator('button[data-action="field-up"]').click();
    await row(page, 1).locator('button[data-action="field-up"]').click();
    expect(await row(page, 0).locator('input[name="field-0-name"]').inputValue()).toBe('phone');
    await shot(page, '03-editing-en');
    await page.click('button[data-action="save-template"]');
    await page.locator('.leave-templates-page tbody tr').filter({ hasText: 'Pre-sales question' }).waitFor();
    const [changed] = await stored();
    expect(changed?.name).toEqual({ en: 'Pre-sales question', zh: '售前咨询' });
    expect(changed?.fields.map((f) => f.name)).toEqual(['phone', 'email', 'question']);

    await page.click('button[data-action="delete-template"]');
    await page.waitForSelector('.leave-templates-page .table-empty');
    expect(await stored()).toEqual([]);
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese when a duplicate field name is saved then the list, the form and the refusal read in Chinese', async () => {
    await d.api('POST', '/api/leave-message-templates', {
      channel: 'mobile_web',
      businessLine: 'after_sales',
      name: { en: 'Repair', zh: '维修' },
      fields: [{ name: 'order', label: { en: 'Order number', zh: '订单号' }, kind: 'text', required: true }],
    });
    const page = zh.page;
    await signIn(page, 'toolbar-admin', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/leave-message-templates');
    await page.locator('.leave-templates-page tbody tr').filter({ hasText: 'Repair' }).waitFor();
    expect(await page.textContent('.leave-templates-page tbody tr')).toContain('移动网页');
    expect(await page.textContent('.leave-templates-page tbody tr')).toContain('Repair / 维修');
    await page.click('button[data-action="edit-template"]');
    await page.click('button[data-action="field-add"]');
    await fillField(page, 1, 'order', 'Order', '订单', 'text', false);
    await page.click('button[data-action="save-template"]');
    await page.locator('.template-refusal').waitFor();
    expect(await page.textContent('.template-refusal')).toContain('有两个字段同名；每个字段需要自己的名称。（字段 2）');
    expect(await page.textContent('#template-form-title')).toBe('编辑模板');
    await shot(page, '04-duplicate-refused-zh-CN');
    expect(zh.problems).toEqual([]);
  });
});
