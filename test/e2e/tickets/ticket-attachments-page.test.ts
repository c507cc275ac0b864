/**
 * Ticket attachments on the tickets page in headless Chromium: Alice sends a public reply with an
 * image (shown as a loaded thumbnail under the reply), adds a PDF to the ticket itself (a link
 * that downloads it), and tries an HTML page named .png (refused in words, nothing added). Then
 * the page in Chinese. Screenshots under test-artifacts/ticket-attachments/.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { html, pdf, png } from '../../fixtures/upload-samples.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/ticket-attachments');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.runIf(haveTools('ticket attachments in Chromium', [CHROMIUM]))('ticket attachments on the tickets page', () => {
  let dir: string;
  let d: ToolbarDaemon;
  let browser: Browser;
  let alice: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = await mkdtemp(path.join(tmpdir(), 'sb-ticket-files-'));
    d = await startToolbarDaemon({}, { dataDir: dir });
    const user = await d.createUser('alice', ['agent']);
    await d.api('POST', '/api/agents', { userId: user, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' } });
    browser = await launch();
    alice = await openTab(browser, d.base, { width: 1280, height: 800 });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('given a ticket when Alice replies with an image and adds a PDF to the ticket then the image shows under the reply and the PDF downloads; a disguised file is refused in words', async () => {
    const page = alice.page;
    await signIn(page, 'alice', PASSWORD);
    await page.waitForURL(/\/app\/toolbar$/);
    await page.goto(`${d.base}/app/tickets`);
    await page.waitForSelector('#new-ticket-subject');
    await page.fill('#new-ticket-subject', 'Cracked frame after delivery');
    await page.click('button[data-action="create-ticket"]');
    await page.waitForSelector('#ticket-subject');

    await page.fill('#reply-text', 'Here is the photo of the crack we received.');
    await page.setInputFiles('#reply-files', { name: 'crack.png', mimeType: 'image/png', buffer: png(160, 100, [90, 90, 200]) });
    expect(await page.textContent('.file-pick-names')).toBe('crack.png');
    await page.click('button[data-action="reply-public"]');
    const thumb = page.locator('.reply[data-visibility="public"] img.ticket-thumb');
    await thumb.waitFor();
    await waitFor('the thumbnail loaded', () => thumb.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 160));
    expect(await thumb.getAttribute('alt')).toBe('crack.png');

    await page.setInputFiles('#ticket-file', { name: 'delivery-note.pdf', mimeType: 'application/pdf', buffer: pdf() });
    const link = page.locator('.ticket-attachments a.ticket-file-link');
    await link.waitFor();
    expect(await link.textContent()).toBe(`Download delivery-note.pdf (${pdf().length} B)`);
    const download = page.waitForEvent('download');
    await link.click();
    expect((await readFile(await (await download).path())).equals(pdf())).toBe(true);

    await page.setInputFiles('#ticket-file', { name: 'evil.png', mimeType: 'image/png', buffer: html() });
    await page.waitForSelector('.toast-error[data-code="ATTACHMENT_TYPE_REFUSED"]');
    expect(await page.textContent('.toast-error .toast-text')).toBe('Add the file: This type of file is not accepted (images, PDF, documents, audio and video only).');
    expect(await page.locator('.ticket-attachments li').count()).toBe(1);
    await shot(page, '01-ticket-with-files-en');
    await page.click('.toast-error button');
  });

  it('given the page in Chinese then the files and their words are Chinese', async () => {
    const page = alice.page;
    await page.selectOption('.language-picker select', 'zh-CN');
    await page.waitForSelector('#attachments-title:has-text("附件")');
    expect(await page.textContent('.ticket-attachments a.ticket-file-link')).toBe(`下载 delivery-note.pdf（${pdf().length} B）`);
    expect(await page.textContent('button[data-action="attach-to-ticket"]')).toBe('给工单添加文件');
    expect(await page.textContent('.file-pick-names')).toBe('未选择文件');
    await shot(page, '02-ticket-with-files-zh');
    expect(alice.problems).toEqual([]);
  });
});
