/**
 * Uploads end to end in headless Chromium, two browser contexts: a visitor with the widget on a
 * stranger's site (another origin) and the agent in the toolbar's chat workspace. The visitor
 * sends an image, the agent a PDF; each shows on both screens (the image as a loaded thumbnail,
 * the file as a download link that really downloads it); a disguised file is refused with words
 * the visitor can read. Then the same in Chinese. Screenshots: test-artifacts/chat-uploads/.
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
import { startHostSite, type HostSite } from './host-site.js';
import { openVisitor, type Visitor } from './visitor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat-uploads');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const loaded = (page: Page, selector: string) => waitFor(`${selector} loaded`, () => page.locator(selector).first().evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0).catch(() => false));

describe.runIf(haveTools('chat uploads in Chromium', [CHROMIUM]))('chat uploads: the widget and the agent workspace', () => {
  let dir: string;
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let visitor: Visitor;
  let queueId: string;
  let chatId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = await mkdtemp(path.join(tmpdir(), 'sb-uploads-'));
    d = await startToolbarDaemon({}, { dataDir: dir });
    const aliceUser = await d.createUser('alice', ['agent']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    // A fake microphone (a tone) that needs no permission prompt: the widget's voice button.
    browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
    alice = await openTab(browser, d.base);
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    await alice.page.check('input[name=first-state][value=not_ready]');
    await alice.page.selectOption('#first-reason', 'meeting');
    await alice.page.click('.agent-login button[type=submit]');
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function connect(v: Visitor, url: string): Promise<string> {
    await v.page.goto(url);
    await v.page.click('switchboard-chat .launcher');
    await v.page.click('switchboard-chat .start');
    await alice.page.waitForSelector('.chat-waiting li button');
    const chatId = (await alice.page.getAttribute('.chat-waiting li', 'data-chat')) as string;
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"]`);
    await v.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    return chatId;
  }

  it('given a connected chat when the visitor sends an image and the agent a PDF then both screens show the image as a thumbnail and the PDF as a link that downloads it', async () => {
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    chatId = await connect(visitor, site.url);
    await visitor.page.setInputFiles('switchboard-chat input.picker', { name: 'tyre.png', mimeType: 'image/png', buffer: png(120, 80, [40, 140, 60]) });
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="visitor"][data-status="sent"] img.thumb');
    await loaded(visitor.page, 'switchboard-chat .line[data-author="visitor"] img.thumb');
    await alice.page.waitForSelector('.message[data-from="visitor"] img.chat-thumb');
    await loaded(alice.page, '.message[data-from="visitor"] img.chat-thumb');
    expect(await alice.page.getAttribute('.message[data-from="visitor"] img.chat-thumb', 'alt')).toBe('tyre.png');

    await alice.page.setInputFiles('.conversation input[type=file]', { name: 'invoice.pdf', mimeType: 'application/pdf', buffer: pdf() });
    await alice.page.waitForSelector('.message[data-from="agent"][data-seq] .chat-file');
    expect(await alice.page.textContent('.message[data-from="agent"] .chat-file')).toBe(`Download invoice.pdf (${pdf().length} B)`);
    const link = visitor.page.locator('switchboard-chat .line[data-author="agent"] a.att.file');
    await link.waitFor();
    // The widget's paperclip is an SVG icon (no emoji font needed), the words its text.
    expect((await link.textContent())?.trim()).toBe(`Download invoice.pdf (${pdf().length} B)`);
    expect(await link.locator('svg.icon').count()).toBe(1);
    const download = visitor.page.waitForEvent('download');
    await link.click();
    const saved = await (await download).path();
    expect((await readFile(saved)).equals(pdf())).toBe(true);
    expect((await download).suggestedFilename()).toBe('invoice.pdf');
    await shot(visitor.page, '01-widget-image-and-file-en');
    await shot(alice.page, '02-workspace-image-and-file-en');
  });

  it('given an HTML page named .png when the visitor sends it then the line is marked not sent and the widget says why; the agent sees nothing', async () => {
    const before = await alice.page.locator('.message[data-from="visitor"]').count();
    await visitor.page.setInputFiles('switchboard-chat input.picker', { name: 'cat.png', mimeType: 'image/png', buffer: html() });
    await visitor.page.waitForSelector('switchboard-chat .line[data-status="failed"]');
    expect(await visitor.page.textContent('switchboard-chat .line[data-status="failed"] .bubble')).toBe('cat.png');
    expect(await visitor.page.textContent('switchboard-chat .line[data-status="failed"] .meta')).toBe('Not sent');
    expect(await visitor.page.textContent('switchboard-chat .error')).toBe('This type of file cannot be sent (images, PDF, documents, audio and video only).');
    await shot(visitor.page, '03-widget-refused-en');
    expect(await alice.page.locator('.message[data-from="visitor"]').count()).toBe(before);
  });

  it('given the visitor records a voice message when they stop then it arrives as a voice clip with a player on both screens', async () => {
    await visitor.context.grantPermissions(['microphone']);
    await visitor.page.click('switchboard-chat .voice');
    await visitor.page.waitForSelector('switchboard-chat .voice[data-recording]');
    expect(await visitor.page.textContent('switchboard-chat .notice.recording')).toBe('Recording… press the stop button to send.');
    // Real time for a real recorder: the fake device speaks for a moment (nothing asserted on the time).
    await visitor.page.waitForTimeout(800);
    await visitor.page.click('switchboard-chat .voice');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="visitor"][data-status="sent"] audio.att');
    const clip = alice.page.locator('.message[data-from="visitor"] audio.chat-attachment');
    await clip.waitFor();
    expect(await clip.getAttribute('aria-label')).toMatch(/^voice-.*\.webm$/);
    const stored = await d.api<{ messages: { attachment?: { kind: string; contentType: string } }[] }>('GET', `/api/chats/${chatId}/messages`);
    expect(stored.messages.filter((m) => m.attachment?.kind === 'voice').map((m) => m.attachment?.contentType)).toEqual(['audio/webm']);
    // The agent answers with a voice message of her own.
    await alice.page.click('.conversation .chat-voice');
    await alice.page.waitForSelector('.conversation .chat-voice[aria-pressed="true"]');
    await alice.page.waitForTimeout(800);
    await alice.page.click('.conversation .chat-voice');
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"] audio.att');
    await alice.page.waitForSelector('.message[data-from="agent"][data-seq] audio.chat-attachment');
    await shot(visitor.page, '03b-widget-voice-en');
    await shot(alice.page, '03c-workspace-voice-en');
  });

  it('given a Chinese visitor and the agent in Chinese when they exchange an image and a file then the words are Chinese', async () => {
    await alice.page.selectOption('.language-picker select', 'zh-CN');
    const zh = await openVisitor(browser, site.url, { viewport: { width: 375, height: 667 }, locale: 'zh-CN', isMobile: true });
    await connect(zh, `${site.url}?lang=zh-CN`);
    await zh.page.setInputFiles('switchboard-chat input.picker', { name: '照片.png', mimeType: 'image/png', buffer: png(90, 60, [200, 120, 20]) });
    await loaded(zh.page, 'switchboard-chat .line[data-author="visitor"] img.thumb');
    await alice.page.waitForSelector('.message[data-from="visitor"] img.chat-thumb[alt="照片.png"]');
    await loaded(alice.page, '.message[data-from="visitor"] img.chat-thumb[alt="照片.png"]');
    await alice.page.setInputFiles('.conversation input[type=file]', { name: '发票.pdf', mimeType: 'application/pdf', buffer: pdf() });
    const link = zh.page.locator('switchboard-chat .line[data-author="agent"] a.att.file');
    await link.waitFor();
    expect((await link.textContent())?.trim()).toBe(`下载 发票.pdf（${pdf().length} B）`);
    expect(await alice.page.textContent('.conversation .compose button:not([type=submit])')).toBe('发送文件');
    await shot(zh.page, '04-widget-image-and-file-375-zh');
    await shot(alice.page, '05-workspace-image-and-file-zh');
    expect(zh.problems).toEqual([]);
  });

  it('given the whole run when the consoles are read then no page had an error', () => {
    expect(alice.problems).toEqual([]);
    expect(visitor.problems).toEqual([]);
  });
});
