/**
 * The chat bot's settings page (admins) in headless Chromium against the daemon: per channel the
 * mode, the calendar and the hand-over rules are saved; a refused save (a count of 0, an empty
 * negator, a weight of 7) shows the daemon's objection at each field, keeps everything typed and
 * stores nothing; after the fix the words are saved. A supervisor (config.view without
 * config.edit) reads the page without anything to save. English and Chinese; screenshots under
 * test-artifacts/chat-bot/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-bot');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

type Settings = { channels: { channel: string; mode: string; calendarId: string | null; handover: Record<string, unknown> }[] };
type Words = { sentiment: { word: string; weight: number }[]; negators: string[]; handoverPhrases: string[] };

describe.runIf(haveTools('chat bot settings page in Chromium', [CHROMIUM]))('the chat bot settings page in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  let calendarId: string;
  const channel = async (name: string) => (await d.api<Settings>('GET', '/api/chat-bot/settings')).channels.find((c) => c.channel === name);

  async function openPage(page: Page, user: string): Promise<void> {
    await signIn(page, user, PASSWORD);
    await page.waitForURL(/\/app\/(supervisor|toolbar)?$/);
    await page.goto('/app/chat-bot');
    await page.waitForSelector('fieldset.bot-channel[data-channel="app"]');
    await page.waitForSelector('fieldset.bot-words');
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    await d.createUser('sue', ['supervisor']);
    calendarId = (await d.api<{ id: string }>('POST', '/api/calendars', { name: 'Shanghai office', timeZone: 'Asia/Shanghai', weekly: {} })).id;
    browser = await launch();
    en = await openTab(browser, d.base, { width: 1280, height: 900 });
    zh = await openTab(browser, d.base, { width: 1280, height: 900 }, 'zh-CN');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('given an admin when the web site gets the bot always and the app outside the office hours then the daemon stores each channel as set', async () => {
    const page = en.page;
    await openPage(page, 'toolbar-admin');
    expect(await page.textContent('fieldset.bot-channel[data-channel="web"] legend')).toBe('Web site');
    await page.check('input[name="bot-web-mode"][value="always"]');
    await page.uncheck('input[name="bot-web-unhelpful-on"]');
    await page.fill('#bot-web-negative', '4');
    await page.click('button[data-action="save-channel"][data-channel="web"]');
    await page.waitForSelector('.toast-success');
    expect(await channel('web')).toEqual({ channel: 'web', mode: 'always', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: 4, vip: true } });

    await page.check('input[name="bot-app-mode"][value="outside_hours"]');
    await page.selectOption('#bot-app-calendar', calendarId);
    await page.uncheck('input[name="bot-app-vip"]');
    await page.click('button[data-action="save-channel"][data-channel="app"]');
    await expect.poll(async () => (await channel('app'))?.mode).toBe('outside_hours');
    expect(await channel('app')).toEqual({ channel: 'app', mode: 'outside_hours', calendarId, handover: { onRequest: true, unhelpfulTurns: 2, negativeStreak: 3, vip: false } });
    await shot(page, '10-settings-saved-en');
    expect(en.problems).toEqual([]);
  });

  it('given a count of 0 when the mobile channel is saved then the daemon refuses it at that field, the form keeps what was typed and nothing is stored', async () => {
    const page = en.page;
    await page.check('input[name="bot-mobile_web-mode"][value="always"]');
    await page.fill('#bot-mobile_web-negative', '0');
    await page.click('button[data-action="save-channel"][data-channel="mobile_web"]');
    await page.waitForSelector('#bot-mobile_web-negative-error');
    expect(await page.textContent('#bot-mobile_web-negative-error')).toBe('A whole number from 1 to 20.');
    expect(await page.locator('fieldset[data-channel="mobile_web"] .field-error').count()).toBe(1);
    expect(await page.inputValue('#bot-mobile_web-negative')).toBe('0');
    expect(await page.isChecked('input[name="bot-mobile_web-mode"][value="always"]')).toBe(true);
    expect(await channel('mobile_web')).toMatchObject({ mode: 'off', handover: { negativeStreak: 3 } });
    await shot(page, '11-settings-refused-count-en');
    // Typing in the field takes its mark away; the fixed value saves.
    await page.fill('#bot-mobile_web-negative', '5');
    expect(await page.locator('#bot-mobile_web-negative-error').count()).toBe(0);
    await page.click('button[data-action="save-channel"][data-channel="mobile_web"]');
    await expect.poll(async () => (await channel('mobile_web'))?.mode).toBe('always');
    expect((await channel('mobile_web'))?.handover.negativeStreak).toBe(5);
  });

  it('given an empty negator and a weight of 7 when the words are saved then each is marked at its row, every row stays as typed and no word is stored; fixed, they are saved', async () => {
    const page = en.page;
    await page.click('button[data-action="add-handoverPhrases"]');
    await page.fill('input[name="handoverPhrases-0"]', '找经理');
    await page.click('button[data-action="add-sentiment"]');
    await page.fill('input[name="sentiment-0"]', 'ripped off');
    await page.fill('input[name="weight-0"]', '-2');
    await page.click('button[data-action="add-sentiment"]');
    await page.fill('input[name="sentiment-1"]', 'delighted');
    await page.fill('input[name="weight-1"]', '7');
    await page.click('button[data-action="add-negators"]');
    await page.click('button[data-action="save-words"]');
    await page.waitForSelector('#bot-word-negators-0-error');
    expect(await page.textContent('#bot-word-negators-0-error')).toBe('1 to 40 characters, with at least one letter or digit.');
    expect(await page.textContent('#bot-word-sentiment-1-weight-error')).toBe('A whole number from -3 to 3.');
    expect(await page.locator('.bot-words .field-error').count()).toBe(2);
    // The refusal is said beside the button, and nothing covers the button (a corner toast used to).
    expect(await page.textContent('.bot-words .bot-not-saved')).toBe('Not saved: see the marked fields.');
    expect(await page.locator('.toast-error').count()).toBe(0);
    await page.locator('button[data-action="save-words"]').scrollIntoViewIfNeeded();
    const button = await page.locator('button[data-action="save-words"]').boundingBox();
    expect(button).not.toBeNull();
    const onTop = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('button')?.getAttribute('data-action') ?? null, { x: button!.x + button!.width / 2, y: button!.y + button!.height / 2 });
    expect(onTop).toBe('save-words');
    expect(await page.inputValue('input[name="handoverPhrases-0"]')).toBe('找经理');
    expect(await page.inputValue('input[name="sentiment-0"]')).toBe('ripped off');
    expect(await page.inputValue('input[name="weight-1"]')).toBe('7');
    expect(await d.api<Words>('GET', '/api/chat-bot/words')).toEqual({ sentiment: [], negators: [], handoverPhrases: [] });
    await shot(page, '12-words-refused-en');

    await page.fill('input[name="weight-1"]', '3');
    await page.fill('input[name="negators-0"]', 'hardly');
    await page.click('button[data-action="save-words"]');
    await expect.poll(async () => (await d.api<Words>('GET', '/api/chat-bot/words')).negators).toEqual(['hardly']);
    expect(await d.api<Words>('GET', '/api/chat-bot/words')).toEqual({ sentiment: [{ word: 'ripped off', weight: -2 }, { word: 'delighted', weight: 3 }], negators: ['hardly'], handoverPhrases: ['找经理'] });
    expect(await page.locator('.bot-words .field-error').count()).toBe(0);
    expect(await page.locator('.bot-words .bot-not-saved').count()).toBe(0);
    await shot(page, '13-words-saved-en');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese when a hand-over phrase without a letter is saved then the page and the objection read in Chinese', async () => {
    const page = zh.page;
    await openPage(page, 'toolbar-admin');
    expect(await page.textContent('#bot-channels-title')).toBe('机器人何时先接待');
    expect(await page.textContent('fieldset.bot-channel[data-channel="mobile_web"] legend')).toBe('手机网页');
    expect(await page.inputValue('input[name="handoverPhrases-0"]')).toBe('找经理');
    await page.click('button[data-action="add-handoverPhrases"]');
    await page.fill('input[name="handoverPhrases-1"]', '？？');
    await page.click('button[data-action="save-words"]');
    await page.waitForSelector('#bot-word-handoverPhrases-1-error');
    expect(await page.textContent('#bot-word-handoverPhrases-1-error')).toBe('1 到 40 个字符，且至少包含一个文字或数字。');
    expect((await d.api<Words>('GET', '/api/chat-bot/words')).handoverPhrases).toEqual(['找经理']);
    await shot(page, '14-settings-refused-zh-CN');
    expect(zh.problems).toEqual([]);
  });

  it('given a supervisor (config.view, no config.edit) when the page opens then the settings are shown and nothing can be changed or saved', async () => {
    const tab = await openTab(browser, d.base, { width: 1280, height: 900 });
    const page = tab.page;
    await openPage(page, 'sue');
    expect(await page.textContent('.bot-readonly')).toBe('You can read these settings; only an administrator can change them.');
    expect(await page.locator('button[data-action^="save-"]').count()).toBe(0);
    expect(await page.locator('button[data-action^="add-"]').count()).toBe(0);
    expect(await page.isChecked('input[name="bot-web-mode"][value="always"]')).toBe(true);
    expect(await page.isDisabled('input[name="bot-web-mode"][value="off"]')).toBe(true);
    expect(await page.inputValue('input[name="negators-0"]')).toBe('hardly');
    await shot(page, '15-settings-read-only-en');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });
});
