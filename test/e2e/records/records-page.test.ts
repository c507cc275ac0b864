/**
 * The call records page in headless Chromium against the daemon on the simulated media server:
 * a supervisor finds it in the console's header, pages back with "Show older calls", searches by a
 * customer number written another way, exports the search (the progress shows, the file starts
 * with the UTF-8 byte-order mark and holds the Chinese note), opens a call and plays and seeks its
 * recording (Range requests), by its player and by a click on its waveform, where the pause and
 * resume of the recording are marked. An admin sees the recording storage (folder, last purge, each
 * queue's retention, and the files and bytes its kept recordings take), a recording purged by
 * retention says so, and deleting one asks first. An agent reaches the page from the toolbar's
 * page menu and sees only their own calls, with nothing they may not use (team filter, agent
 * column, export, storage), and the purged recording marked as deleted by retention; they open a
 * call of theirs and listen to its recording with its waveform (audited), without Download or Delete.
 * English and Chinese; screenshots under test-artifacts/records/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { haveTools } from '../../helpers/tools.js';
import { startSupervisorFloor } from '../supervisor/supervisor-floor.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/records');
const SCREEN = { width: 1440, height: 900 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0);
const CALLS = 61;
const LAST = `call-${String(CALLS - 1).padStart(3, '0')}`;
const PURGED = `call-${String(CALLS - 2).padStart(3, '0')}`;
/** Bob's calls (every other call is Alice's): the purged one among them. */
const BOBS = [PURGED, 'call-058', 'call-003'];
/** Bob's call whose recording he listens to (recorded once the admin's storage figures are checked). */
const BOB_RECORDED = 'call-058';

/**
 * A PCM WAV of `seconds` at 8 kHz, 16 bit, mono: something a browser plays and seeks, with a
 * shape to draw: a 300 Hz tone swelling and fading, silent from 0:01 to 0:03 where the call's
 * timeline has the recording paused (masked with silence, as FreeSWITCH records a pause).
 */
function shapedWav(seconds: number): Buffer {
  const data = 8000 * 2 * seconds;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < data / 2; i++) {
    const at = i / 8000;
    const level = at >= 1 && at < 3 ? 0 : 0.15 + 0.7 * Math.abs(Math.sin(at * Math.PI * 1.3));
    b.writeInt16LE(Math.round(32767 * level * Math.sin(2 * Math.PI * 300 * at)), 44 + i * 2);
  }
  return b;
}

describe.runIf(haveTools('records page in Chromium', [CHROMIUM]))('the call records page in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    let aliceAgent: string;
    let bobAgent: string;
    ({ d, aliceAgent, bobAgent } = await startSupervisorFloor());
    const cc = d.app().deps.contactCenter;
    const queueId = (await d.api<{ items: { id: string }[] }>('GET', '/api/queues')).items[0]?.id ?? '';
    const store = cc.callStore;
    // 61 calls a minute apart: one more than fits a page and a bit, the newest with a recording.
    for (let i = 0; i < CALLS; i++) {
      const at = T0 + i * 60_000;
      const c: CallRecord = {
        id: `call-${String(i).padStart(3, '0')}`,
        direction: i % 5 === 0 ? 'outbound' : 'inbound',
        state: 'ended',
        from: i % 7 === 0 ? '+8613800138000' : `+4930${1000000 + i}`,
        to: '+861055550001',
        callerName: '王小明',
        ivrPath: [],
        variables: {},
        startedAt: at,
        answeredAt: at + 5_000,
        endedAt: at + 5_000 + i * 3_000,
        queueId,
        agentId: BOBS.includes(`call-${String(i).padStart(3, '0')}`) ? bobAgent : aliceAgent,
        outcome: i % 4 === 0 ? 'queue_abandon' : 'agent_answered',
        recordingIds: i === CALLS - 1 ? ['rec-last'] : i === CALLS - 2 ? ['rec-purged'] : [],
      };
      await store.saveCall(c);
    }
    const last = LAST;
    await store.saveWrapUp('call-056', { disposition: null, note: '客户要求回电, "周五"', by: aliceAgent, at: T0 });
    const lastAt = T0 + (CALLS - 1) * 60_000;
    for (const [seq, event, from, to] of [
      [1, 'queue_entered', 'ivr', 'queued'],
      [2, 'agent_answered', 'offering', 'connected'],
      [3, 'recording_paused', 'connected', 'connected'],
      [4, 'recording_resumed', 'connected', 'connected'],
    ] as const) {
      await store.appendTransition({ callId: last, seq, at: lastAt + seq * 2_000, from, event, to, details: {} });
    }
    await store.saveRecording({ id: 'rec-last', callId: last, name: 'call-records-test-1', startedAt: lastAt + 5_000, stoppedAt: lastAt + 9_000, durationMs: 4_000, paused: false });
    // A recording the queue's retention already purged (its row kept), and the queue keeping 30 days.
    await store.saveRecording({ id: 'rec-purged', callId: PURGED, name: 'call-records-test-0', startedAt: lastAt - 55_000, stoppedAt: lastAt - 50_000, durationMs: 5_000, paused: false });
    await cc.recordings.retentionStore.markPurged(['rec-purged'], T0 + 40 * 86_400_000, 'retention');
    await d.app().store.db.updateTable('queues').set({ recording_retention_days: 30 }).where('id', '=', queueId).execute();
    await d.api('POST', '/api/users', { username: 'ada', roles: ['admin'], password: PASSWORD });
    mkdirSync(d.app().deps.config.recordingsDir, { recursive: true });
    writeFileSync(path.join(d.app().deps.config.recordingsDir, 'call-records-test-1.wav'), shapedWav(4));
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  it('given a supervisor when they open the records page from the console then 50 calls show and "Show older calls" brings the rest', async () => {
    const page = en.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.click('.shell-head a[data-nav="records"]');
    await page.waitForSelector('.records tbody button[data-call]');
    expect(await page.locator('.records tbody tr').count()).toBe(50);
    expect(await page.textContent('.records tbody tr:first-child')).toContain('+861055550001');
    expect(await page.textContent('.records tbody')).not.toContain('王小明');
    await shot(page, '01-records-en');
    await page.click('button[data-action="more"]');
    await page.waitForFunction((n) => document.querySelectorAll('.records tbody tr').length === n, CALLS);
    expect(await page.locator('button[data-action="more"]').count()).toBe(0);
    expect(en.problems).toEqual([]);
  });

  it('given a number written with spaces when searched then only the calls of that customer show, and the export streams them with a BOM', async () => {
    const page = en.page;
    await page.fill('#rf-number', '0086 138 0013 8000');
    await page.click('button[data-action="search"]');
    const expected = Array.from({ length: CALLS }, (_, i) => i).filter((i) => i % 7 === 0).length;
    await page.waitForFunction((n) => document.querySelectorAll('.records tbody tr').length === n, expected);
    const download = page.waitForEvent('download');
    await page.click('button[data-action="export"]');
    const file = await download;
    await page.waitForSelector('.export-progress[data-done="true"]');
    expect(await page.textContent('.export-progress')).toMatch(/^Exported \d+(\.\d)? (B|KB)$/);
    const bytes = readFileSync((await file.path()) ?? '');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(expected + 1);
    expect(lines.find((l) => l.startsWith('call-056,'))).toContain('"客户要求回电, ""周五"""');
    await shot(page, '02-search-export-en');
    expect(en.problems).toEqual([]);
  });

  it('given a recorded call when opened then the timeline shows the pause marks, the recording plays and seeks, and its waveform is drawn with the pauses marked and seeks on a click', async () => {
    const page = en.page;
    await page.click('button[data-action="reset"]');
    await page.waitForFunction(() => document.querySelectorAll('.records tbody tr').length === 50);
    await page.click(`button[data-call="${LAST}"]`);
    await page.waitForSelector('dialog[open] audio');
    expect(await page.locator('dialog[open] .timeline li.mark').allTextContents()).toEqual(['0:06 Recording paused', '0:08 Recording resumed']);
    const played = await page.evaluate(async () => {
      const audio = document.querySelector<HTMLAudioElement>('dialog[open] audio');
      if (!audio) return { duration: -1, at: -1 };
      if (Number.isNaN(audio.duration)) await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
      const seeked = new Promise((r) => audio.addEventListener('seeked', r, { once: true }));
      audio.currentTime = 3;
      await seeked;
      return { duration: audio.duration, at: audio.currentTime };
    });
    expect(played).toEqual({ duration: 4, at: 3 });
    // The playback from the start is one audited listen by sue; the seek was not another.
    const listens = (await d.api<{ entries: { action: string; target?: string }[] }>('GET', '/api/audit?action=recording.listen')).entries;
    expect(listens.map((e) => e.target)).toEqual(['recording:rec-last']);
    expect(await page.locator('dialog[open] a[data-action="download"]').count()).toBe(1);
    // The waveform: one bar per peak asked (240), the pause from 0:01 to 0:03 marked on it.
    await page.waitForSelector('dialog[open] .waveform[data-state="ready"]');
    expect(await page.getAttribute('dialog[open] .waveform-bars.is-played', 'd')).toMatch(/^(M[^M]+){240}$/);
    const marks = page.locator('dialog[open] .waveform-mark');
    expect(await marks.evaluateAll((els) => els.map((e) => [e.getAttribute('data-kind'), e.getAttribute('data-at-ms'), e.getAttribute('aria-label')]))).toEqual([
      ['paused', '1000', 'Recording paused at 0:01 for 0:02'],
      ['resumed', '3000', 'Recording resumed at 0:03'],
    ]);
    // From the keyboard: Home goes to the start, an arrow 5 s on (here: the end).
    const track = page.locator('dialog[open] .waveform-track');
    const audioAt = (at: number) => page.waitForFunction((t) => Math.abs((document.querySelector<HTMLAudioElement>('dialog[open] audio')?.currentTime ?? -1) - t) < 0.05, at);
    await track.press('Home');
    await audioAt(0);
    await track.press('ArrowRight');
    await audioAt(4);
    // A click halfway along the waveform moves the audio to the middle (2 s of 4), and the slider says so.
    const box = await track.boundingBox();
    if (!box) throw new Error('the waveform has no box');
    await track.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await audioAt(2);
    expect(await track.getAttribute('aria-valuenow')).toBe('2');
    expect(await track.getAttribute('aria-valuetext')).toBe('0:02 of 0:04');
    await marks.first().hover();
    expect(await page.locator('dialog[open] .waveform-mark[data-kind="paused"] .waveform-tip').isVisible()).toBe(true);
    await shot(page, '03-call-detail-en');
    // While the waveform is on its way the status says so; refused (a file that is not PCM), it
    // says why, and the recording still plays and seeks, its pauses still marked.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const refused = { code: 'RECORDING_UNREADABLE', message: 'not PCM', details: { reason: 'audio format 6 is not PCM' } };
    await page.route('**/api/recordings/*/peaks*', async (route) => {
      await held;
      await route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify(refused) });
    });
    await page.keyboard.press('Escape');
    // Closed on the page's next render: until then what lies behind the dialog is inert.
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    await page.click(`button[data-call="${LAST}"]`);
    await page.waitForSelector('dialog[open] .waveform[data-state="loading"]');
    expect(await page.textContent('dialog[open] .waveform-status')).toBe('Loading the waveform…');
    release();
    await page.waitForSelector('dialog[open] .waveform[data-state="error"]');
    expect(await page.textContent('dialog[open] .waveform-status')).toBe('No waveform: The recording file is not a PCM WAV file that can be read. The recording still plays.');
    expect(await page.locator('dialog[open] .waveform-mark').count()).toBe(2);
    await page.waitForFunction(() => document.querySelector<HTMLAudioElement>('dialog[open] audio')?.duration === 4);
    await track.click({ position: { x: box.width / 4, y: box.height / 2 } });
    await audioAt(1);
    await shot(page, '03b-waveform-failed-en');
    await page.unroute('**/api/recordings/*/peaks*');
    expect(en.problems).toEqual([]);
  });

  it('given a time range that ends before it starts when searched then the page says so in words, and nothing else changes', async () => {
    const page = en.page;
    await page.keyboard.press('Escape');
    // Closed on the page's next render: until then what lies behind the dialog is inert.
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    await page.fill('#rf-from', '2026-11-23T10:00');
    await page.fill('#rf-to', '2026-11-23T09:00');
    await page.click('button[data-action="search"]');
    await page.waitForSelector('.toast[data-code="INVALID_RANGE"]');
    expect(await page.textContent('.toast[data-code="INVALID_RANGE"] .toast-text')).toContain('The range ends before it starts');
    expect(await page.locator('.records tbody tr').count()).toBe(50);
    await shot(page, '04-invalid-range-en');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese then headings, outcomes and the call detail read in Chinese', async () => {
    const page = zh.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/records');
    await page.waitForSelector('.records tbody button[data-call]');
    expect(await page.textContent('#records-title')).toBe('通话');
    expect(await page.textContent('.records thead')).toContain('主叫号码');
    expect(await page.textContent('.records tbody')).toContain('排队时挂断');
    await shot(page, '05-records-zh-CN');
    await page.click(`button[data-call="${LAST}"]`);
    await page.waitForSelector('dialog[open] audio');
    expect(await page.locator('dialog[open] .timeline li.mark').allTextContents()).toEqual(['0:06 录音暂停', '0:08 录音继续']);
    await page.waitForSelector('dialog[open] .waveform[data-state="ready"]');
    expect(await page.getAttribute('dialog[open] .waveform-track', 'aria-label')).toBe('录音播放位置');
    expect(await page.locator('dialog[open] .waveform-mark').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual(['录音在 0:01 暂停，暂停时长 0:02', '录音在 0:03 继续']);
    await shot(page, '06-call-detail-zh-CN');
    expect(zh.problems).toEqual([]);
  });

  it('given an admin when they open the records page then the storage panel shows the folder, the last purge and the queue kept 30 days', async () => {
    const tab = await openTab(browser, d.base, SCREEN);
    const page = tab.page;
    await signIn(page, 'ada', PASSWORD);
    await page.waitForURL(/\/app\/(?!login)/);
    await page.goto('/app/records');
    await page.waitForSelector('.storage [data-figure="folder"]');
    expect(await page.textContent('.storage [data-figure="folder"]')).toMatch(/^\d+(\.\d)? (B|KB|MB) in 1 file$/);
    expect(await page.textContent('.storage [data-retention="30"]')).toBe('30 days');
    expect(await page.textContent('.storage tbody')).toContain('support');
    // The one kept recording's file (a 4-second WAV) is the queue's: 1 file, 62.5 KB.
    expect(await page.textContent('.storage tbody [data-kept-files]')).toBe('1');
    expect(await page.textContent('.storage tbody [data-kept-bytes]')).toBe('62.5 KB');
    await page.locator('.storage').scrollIntoViewIfNeeded();
    await shot(page, '07-storage-en');
    // Sue (a supervisor, no config.edit) has no storage panel.
    expect(await en.page.locator('.storage').count()).toBe(0);
    await page.click(`button[data-call="${PURGED}"]`);
    await page.waitForSelector('dialog[open] [data-purged="retention"]');
    expect(await page.locator('dialog[open] audio').count()).toBe(0);
    expect(await page.textContent('dialog[open] [data-purged]')).toMatch(/^Deleted on .+ \(queue retention\)$/);
    await page.keyboard.press('Escape');
    // Closed on the page's next render: until then what lies behind the dialog is inert.
    await page.waitForSelector('dialog[open]', { state: 'detached' });
    await page.click(`button[data-call="${LAST}"]`);
    await page.waitForSelector('dialog[open] audio');
    await page.click('dialog[open] button[data-action="delete-recording"]');
    expect(await page.textContent('dialog[open] .confirm-delete')).toContain('Delete this recording for good?');
    await shot(page, '08-delete-confirm-en');
    await page.click('dialog[open] button[data-action="confirm-delete"]');
    await page.waitForSelector('dialog[open] [data-purged="deleted"]');
    expect(existsSync(path.join(d.app().deps.config.recordingsDir, 'call-records-test-1.wav'))).toBe(false);
    const deletions = (await d.api<{ entries: { action: string; target?: string }[] }>('GET', '/api/audit?action=recording.delete')).entries;
    expect(deletions.map((e) => e.target)).toEqual(['recording:rec-last']);
    // The storage figures follow: the folder is empty now, and the queue counts one more deleted.
    await page.waitForSelector('.storage [data-figure="folder"]:text("0 B in 0 files")');
    await page.waitForSelector('.storage tbody [data-kept-files="0"]');
    // The call's row no longer offers something to play: deleted by hand, with when.
    const row = page.locator(`.records tbody tr:has(button[data-call="${LAST}"]) [data-recording]`);
    await page.waitForSelector(`.records tbody tr:has(button[data-call="${LAST}"]) [data-recording="purged"]`);
    expect(await row.getAttribute('data-reason')).toBe('deleted');
    expect(await row.getAttribute('aria-label')).toMatch(/^Recording deleted on .+$/);
    await shot(page, '09-deleted-en');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('given an admin reading Chinese then the storage panel and the deleted recordings read in Chinese', async () => {
    const tab = await openTab(browser, d.base, SCREEN, 'zh-CN');
    const page = tab.page;
    await signIn(page, 'ada', PASSWORD);
    await page.waitForURL(/\/app\/(?!login)/);
    await page.goto('/app/records');
    await page.waitForSelector('.storage [data-figure="folder"]');
    expect(await page.textContent('#storage-title')).toBe('录音存储');
    expect(await page.textContent('.storage [data-retention="30"]')).toBe('30 天');
    await page.locator('.storage').scrollIntoViewIfNeeded();
    await shot(page, '10-storage-zh-CN');
    await page.click(`button[data-call="${LAST}"]`);
    await page.waitForSelector('dialog[open] [data-purged="deleted"]');
    expect(await page.textContent('dialog[open] [data-purged]')).toMatch(/^已于 .+ 删除$/);
    await shot(page, '11-deleted-zh-CN');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('given an agent when they open the records from their page menu then only their own calls show, the purged recording marked, and nothing they may not use', async () => {
    const tab = await openTab(browser, d.base, SCREEN);
    const page = tab.page;
    await signIn(page, 'bob', PASSWORD);
    await page.waitForURL(/\/app\/toolbar$/);
    await page.click('.page-menu summary');
    await page.click('.page-menu a[data-menu-page="records"]');
    await page.waitForSelector('.records tbody button[data-call]');
    // Every row is Bob's: no team filter, no agent column, no export, no storage; each opens.
    expect(await page.locator('#rf-team').count()).toBe(0);
    expect(await page.textContent('.records thead')).not.toContain('Agent');
    expect(await page.locator('button[data-action="export"], .storage').count()).toBe(0);
    expect(await page.locator('.records tbody button[data-call]').evaluateAll((links) => links.map((c) => c.getAttribute('data-call')))).toEqual(BOBS);
    expect(await page.textContent('.records-scope')).toBe('Only the calls and chats you handled.');
    const mark = page.locator(`.records tbody tr:has(button[data-call="${PURGED}"]) [data-recording="purged"]`);
    expect(await mark.getAttribute('data-reason')).toBe('retention');
    expect(await mark.getAttribute('aria-label')).toMatch(/^Recording deleted by retention on .+$/);
    expect(await mark.getAttribute('title')).toBe(await mark.getAttribute('aria-label'));
    expect(await page.locator('.records tbody [data-recording="present"]').count()).toBe(0);
    await shot(page, '12-agent-own-calls-en');
    await page.click('[data-tab="chats"]');
    await page.waitForSelector('.chat-records');
    expect(await page.locator('#cf-team, .chat-records button[data-action="export"]').count()).toBe(0);
    expect(await page.textContent('.chat-records thead')).not.toContain('Agent');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('given an agent when they open a recorded call of theirs then the recording plays with its waveform, without Download or Delete, and the listen is audited as his', async () => {
    // Recorded only now, so that the admin's storage figures above count Alice's one file.
    const lastAt = T0 + (CALLS - 1) * 60_000;
    await d.app().deps.contactCenter.callStore.saveRecording({ id: 'rec-bob', callId: BOB_RECORDED, name: 'call-records-test-bob', startedAt: lastAt - 115_000, stoppedAt: lastAt - 111_000, durationMs: 4_000, paused: false });
    writeFileSync(path.join(d.app().deps.config.recordingsDir, 'call-records-test-bob.wav'), shapedWav(4));
    const tab = await openTab(browser, d.base, SCREEN);
    const page = tab.page;
    await signIn(page, 'bob', PASSWORD);
    await page.waitForURL(/\/app\/toolbar$/);
    await page.goto('/app/records');
    await page.click(`button[data-call="${BOB_RECORDED}"]`);
    await page.waitForSelector('dialog[open] audio');
    const played = await page.evaluate(async () => {
      const audio = document.querySelector<HTMLAudioElement>('dialog[open] audio');
      if (!audio) return -1;
      if (Number.isNaN(audio.duration)) await new Promise((r) => audio.addEventListener('loadedmetadata', r, { once: true }));
      return audio.duration;
    });
    expect(played).toBe(4);
    await page.waitForSelector('dialog[open] .waveform[data-state="ready"]');
    expect(await page.getAttribute('dialog[open] .waveform-bars.is-played', 'd')).toMatch(/^(M[^M]+){240}$/);
    expect(await page.locator('dialog[open] [data-action="download"], dialog[open] [data-action="delete-recording"]').count()).toBe(0);
    const bob = (await d.api<{ users: { id: string; username: string }[] }>('GET', '/api/users')).users.find((u) => u.username === 'bob')?.id;
    const listens = (await d.api<{ entries: { actorId?: string; target?: string }[] }>('GET', '/api/audit?action=recording.listen')).entries;
    expect(listens.filter((e) => e.target === 'recording:rec-bob').map((e) => e.actorId)).toEqual([bob]);
    await shot(page, '12b-agent-call-detail-en');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('given an agent reading Chinese then the purged recording reads as deleted by retention in Chinese', async () => {
    const tab = await openTab(browser, d.base, SCREEN, 'zh-CN');
    const page = tab.page;
    await signIn(page, 'bob', PASSWORD);
    await page.waitForURL(/\/app\/toolbar$/);
    await page.goto('/app/records');
    const mark = page.locator(`.records tbody tr:has(button[data-call="${PURGED}"]) [data-recording="purged"]`);
    await mark.waitFor();
    expect(await mark.getAttribute('aria-label')).toMatch(/^录音已于 .+ 按保留期限删除$/);
    expect(await page.textContent('.records-scope')).toBe('仅显示您处理过的通话和聊天。');
    await shot(page, '13-agent-own-calls-zh-CN');
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });
});
