/**
 * Remote assistance end to end in headless Chromium (issue 20), two browser contexts: a visitor
 * with the widget on a stranger's site and the agent in the chat workspace. Chromium's fake media
 * (--use-fake-device-for-media-stream, --use-fake-ui-for-media-stream) answers getDisplayMedia
 * with its synthetic screen without a picker, so consent is the widget's own button.
 *
 * Covered: the invitation and consent, the visitor's screen reaching the agent peer to peer (a
 * frame drawn to a canvas has lit pixels), the "being shared" bar for the whole share (also with
 * the panel minimized), ending from either side, a declined invitation, the timeline's notes, a
 * screenshot and a 3-second screen recording sent and received (its shown length is the clip's
 * own), an oversized recording refused with the usual code, and the same in Chinese on a phone.
 * Video guidance: a two-way camera call (fake camera and microphone) on a 375x812 phone layout,
 * a decoded frame on each side, mute and camera-off signs crossing over, ended from either side.
 * Recording (the admin switch on the chat settings page): the widget's notice before consent and
 * on the bar and call card, the agent page's WebM of a screen share and of a video call sent after
 * each ends and linked from the timeline.
 * Screenshots: test-artifacts/assist/.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { startHostSite, type HostSite } from './host-site.js';
import { openVisitor, type Visitor } from './visitor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/assist');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const MB = 1024 * 1024;
const VIDEO_LIMIT = 4 * MB;

type Share = { id: string; kind: string; state: string; endedBy: string | null; quality: string };

/** The decoded width of a video element (0 until a frame of the far side arrived). */
const frameWidth = (page: Page, selector: string) => page.locator(selector).evaluate((v) => (v as HTMLVideoElement).videoWidth);

/** Lit pixels of the live screen on a staff page, drawn to a canvas (0 until a decoded frame arrived). */
function litPixels(page: Page, within = ''): Promise<number> {
  return page.locator(`${within} .share-screen`.trim()).evaluate((v) => {
    const video = v as HTMLVideoElement;
    if (video.videoWidth === 0) return 0;
    const c = document.createElement('canvas');
    c.width = video.videoWidth;
    c.height = video.videoHeight;
    const g = c.getContext('2d');
    if (!g) return 0;
    g.drawImage(video, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    for (let i = 0; i < d.length; i += 4) if ((d[i] ?? 0) + (d[i + 1] ?? 0) + (d[i + 2] ?? 0) > 30) lit++;
    return lit;
  });
}

describe.runIf(haveTools('remote assistance in Chromium', [CHROMIUM]))('remote assistance: screen sharing, screenshots and recordings in the chat', () => {
  let dir: string;
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let alice: AgentTab;
  let visitor: Visitor;
  let chatId: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = await mkdtemp(path.join(tmpdir(), 'sb-assist-'));
    d = await startToolbarDaemon({}, { dataDir: dir, attachments: { maxBytes: { image: 10 * MB, file: 20 * MB, video: VIDEO_LIMIT, voice: 10 * MB }, uploadsPerMinute: 20 } });
    const aliceUser = await d.createUser('alice', ['agent']);
    await d.createUser('sam', ['supervisor']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 3 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
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
    const id = (await alice.page.getAttribute('.chat-waiting li', 'data-chat')) as string;
    await alice.page.click('.chat-waiting li button');
    await alice.page.waitForSelector(`.conversation[data-chat="${id}"]`);
    await v.page.waitForSelector('switchboard-chat .status[data-status="connected"]');
    return id;
  }

  const shares = async (id: string) => (await d.api<{ shares: Share[] }>('GET', `/api/chats/${id}/shares`)).shares;

  /** The agent asks, the visitor consents, and the agent's screen shows lit pixels of the visitor's. */
  async function shareLive(v: Visitor, id: string, quality: 'speed' | 'picture' = 'speed'): Promise<void> {
    await alice.page.selectOption(`.conversation[data-chat="${id}"] .share-quality select`, quality);
    await alice.page.click(`.conversation[data-chat="${id}"] .share-ask`);
    await v.page.waitForSelector('switchboard-chat .share-ask');
    await v.page.click('switchboard-chat .share-accept');
    await v.page.waitForSelector('switchboard-chat .share-live');
    await alice.page.waitForSelector(`.conversation[data-chat="${id}"] .share-screen`);
    await waitFor('a lit frame of the visitor screen on the agent page', async () => (await litPixels(alice.page)) > 0);
  }

  it('given a connected chat when the agent asks to see the screen and the visitor consents then the visitor screen reaches the agent and the widget says it is being shared, also minimized', async () => {
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    chatId = await connect(visitor, site.url);
    await alice.page.click(`.conversation[data-chat="${chatId}"] .share-ask`);
    await visitor.page.waitForSelector('switchboard-chat .share-ask');
    expect(await visitor.page.textContent('switchboard-chat .share-title')).toBe('Alice Wang asks to see your screen');
    expect(await visitor.page.textContent('switchboard-chat .share-text')).toBe('View only: nobody can control your computer. You choose what to share and can stop at any time.');
    expect(await alice.page.textContent(`.conversation[data-chat="${chatId}"] .share-status`)).toBe('Waiting for the visitor to share their screen…');
    await shot(visitor.page, '01-widget-asked-en');
    await shot(alice.page, '02-agent-waiting-en');

    await visitor.page.click('switchboard-chat .share-accept');
    await visitor.page.waitForSelector('switchboard-chat .share-live');
    expect(await visitor.page.textContent('switchboard-chat .share-live-text')).toBe('Your screen is being shared with Alice Wang');
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"] .share-screen`);
    await waitFor('a lit frame of the visitor screen on the agent page', async () => (await litPixels(alice.page)) > 0);
    expect(await litPixels(alice.page)).toBeGreaterThan(0);
    await waitFor('the share stored as live', async () => (await shares(chatId))[0]?.state === 'live');
    expect(await alice.page.textContent(`.conversation[data-chat="${chatId}"] .share-status`)).toBe("The visitor's screen (view only)");
    await shot(visitor.page, '03-widget-sharing-en');
    await shot(alice.page, '04-agent-sees-screen-en');

    await visitor.page.click('switchboard-chat .minimize');
    expect(await visitor.page.isVisible('switchboard-chat .share-live')).toBe(true);
    await shot(visitor.page, '05-widget-sharing-minimized-en');
    await visitor.page.click('switchboard-chat .launcher');
  });

  it('given a live share when the agent ends it then the bar leaves the widget and both timelines note who shared and for how long', async () => {
    await alice.page.click(`.conversation[data-chat="${chatId}"] .share-end`);
    await visitor.page.waitForSelector('switchboard-chat .share-live', { state: 'detached' });
    const line = visitor.page.locator('switchboard-chat .line[data-author="system"]').last();
    await waitFor('the share note in the widget', async () => /^Screen shared with Alice Wang for \d+:\d\d$/.test((await line.textContent()) ?? ''));
    const note = alice.page.locator(`.conversation[data-chat="${chatId}"] .message[data-from="system"] .message-text`).last();
    await waitFor('the share note in the workspace', async () => /^Screen shared with Alice Wang for \d+:\d\d \(from .+\)$/.test((await note.textContent()) ?? ''));
    expect((await shares(chatId))[0]).toMatchObject({ state: 'ended', endedBy: 'agent' });
    await shot(visitor.page, '06-widget-ended-by-agent-en');
    await shot(alice.page, '07-agent-ended-en');
  });

  it('given a live share in picture-first quality when the visitor stops sharing then the agent is told and the share is stored as ended by the visitor', async () => {
    await shareLive(visitor, chatId, 'picture');
    await visitor.page.click('switchboard-chat .share-stop');
    await visitor.page.waitForSelector('switchboard-chat .share-live', { state: 'detached' });
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"] .share-status[data-state="ended"]`);
    expect(await alice.page.textContent(`.conversation[data-chat="${chatId}"] .share-status[data-state="ended"]`)).toBe('Screen sharing ended.');
    expect((await shares(chatId)).at(-1)).toMatchObject({ state: 'ended', endedBy: 'visitor', quality: 'picture' });
    await shot(alice.page, '08-agent-ended-by-visitor-en');
  });

  it('given an invitation when the visitor declines then nothing is shared, the agent reads that the visitor declined and the timeline notes it', async () => {
    await alice.page.click(`.conversation[data-chat="${chatId}"] .share-ask`);
    await visitor.page.waitForSelector('switchboard-chat .share-ask');
    await visitor.page.click('switchboard-chat .share-decline');
    await visitor.page.waitForSelector('switchboard-chat .share-ask', { state: 'detached' });
    await alice.page.waitForSelector(`.conversation[data-chat="${chatId}"] .share-status[data-state="declined"]`);
    expect(await alice.page.textContent(`.conversation[data-chat="${chatId}"] .share-status[data-state="declined"]`)).toBe('The visitor declined to share their screen.');
    expect(await visitor.page.isVisible('switchboard-chat .share-live')).toBe(false);
    const line = visitor.page.locator('switchboard-chat .line[data-author="system"]').last();
    await waitFor('the decline note in the widget', async () => (await line.textContent()) === 'Alice Wang asked to see your screen; you declined.');
    expect((await shares(chatId)).at(-1)).toMatchObject({ state: 'declined', endedBy: 'visitor' });
    await shot(visitor.page, '09-widget-declined-en');
    await shot(alice.page, '10-agent-declined-en');
  });

  it('given the chat when the visitor sends a screenshot and a 3-second screen recording and the agent a screenshot then each arrives on the other side; the recording plays inline with its own length', async () => {
    await visitor.page.click('switchboard-chat .shot');
    await alice.page.waitForSelector('.message[data-from="visitor"] img.chat-thumb[alt^="screenshot-"]');
    await waitFor('the screenshot loaded on the agent page', () => alice.page.locator('.message[data-from="visitor"] img.chat-thumb[alt^="screenshot-"]').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0));

    await visitor.page.click('switchboard-chat .screen-rec');
    await visitor.page.waitForSelector('switchboard-chat .screen-rec[data-recording]');
    expect(await visitor.page.textContent('switchboard-chat .screen-recording')).toBe('Recording the screen… press the stop button to send.');
    await shot(visitor.page, '11-widget-recording-en');
    // Real time for a real recorder: the clip is about this long (its length is read from the clip, not assumed).
    await visitor.page.waitForTimeout(3000);
    await visitor.page.click('switchboard-chat .screen-rec');
    const clip = alice.page.locator('.message[data-from="visitor"] .chat-clip').last();
    await clip.locator('.chat-duration').waitFor();
    const { shown, real } = await clip.evaluate((el) => ({ shown: el.querySelector('.chat-duration')?.textContent ?? '', real: Number((el.querySelector('.chat-duration') as HTMLElement).dataset.seconds) }));
    expect(real).toBeGreaterThan(0);
    expect(shown).toBe(`Length ${Math.floor(Math.round(real) / 60)}:${String(Math.round(real) % 60).padStart(2, '0')}`);
    const widgetClip = visitor.page.locator('switchboard-chat .line[data-author="visitor"] .att.clip .duration').last();
    await widgetClip.waitFor();
    expect(await widgetClip.textContent()).toBe(`Length ${shown.slice('Length '.length)}`);
    const stored = await d.api<{ messages: { attachment?: { kind: string; contentType: string } }[] }>('GET', `/api/chats/${chatId}/messages`);
    expect(stored.messages.flatMap((m) => (m.attachment ? [`${m.attachment.kind}:${m.attachment.contentType}`] : []))).toEqual(['image:image/png', 'video:video/webm']);

    await alice.page.click(`.conversation[data-chat="${chatId}"] .chat-screenshot`);
    await visitor.page.waitForSelector('switchboard-chat .line[data-author="agent"] img.thumb');
    await shot(visitor.page, '12-widget-screenshot-and-recording-en');
    await shot(alice.page, '13-agent-screenshot-and-recording-en');
  });

  it('given a recording larger than the video limit when the visitor sends it then it is refused with ATTACHMENT_TOO_LARGE and nothing is stored', async () => {
    const before = (await d.api<{ messages: unknown[] }>('GET', `/api/chats/${chatId}/messages`)).messages.length;
    const answer = await visitor.page.evaluate(
      async ({ base, id, size }) => {
        const kept = JSON.parse(localStorage.getItem(`switchboard.chat:${base}`) ?? '{}') as { visitorToken?: string };
        const body = new Uint8Array(size);
        body.set([0x1a, 0x45, 0xdf, 0xa3]);
        const res = await fetch(`${base}/api/widget/chats/${id}/uploads?clientId=big-rec&kind=video&name=screen-recording.webm`, { method: 'POST', headers: { 'x-visitor-token': kept.visitorToken ?? '' }, body });
        return { status: res.status, code: ((await res.json()) as { code: string }).code };
      },
      { base: d.base, id: chatId, size: VIDEO_LIMIT + 1 },
    );
    expect(answer).toEqual({ status: 413, code: 'ATTACHMENT_TOO_LARGE' });
    expect((await d.api<{ messages: unknown[] }>('GET', `/api/chats/${chatId}/messages`)).messages.length).toBe(before);
  });

  it('given a live share when a supervisor monitoring the chat watches then the screen reaches the supervisor too; when the supervisor stops watching the visitor keeps sharing with the agent', async () => {
    await shareLive(visitor, chatId);
    const sam = await openTab(browser, d.base);
    await signIn(sam.page, 'sam', PASSWORD);
    // Signed in once the form is gone (then the console is opened with the session cookie).
    await sam.page.waitForSelector('#login-username', { state: 'detached' });
    await sam.page.goto(`${d.base}/app/supervisor`);
    await sam.page.click(`.supervisor-chats tr[data-chat="${chatId}"] .chat-monitor`);
    await sam.page.click('.monitor-pane .share-watch');
    await sam.page.waitForSelector('.monitor-pane .share-screen');
    await waitFor('a lit frame of the visitor screen on the supervisor page', async () => (await litPixels(sam.page, '.monitor-pane')) > 0);
    expect(await sam.page.textContent('.monitor-pane .share-status')).toBe("Watching the visitor's screen (view only)");
    await shot(sam.page, '19-supervisor-watches-en');

    await sam.page.click('.monitor-pane .share-end');
    await sam.page.waitForSelector('.monitor-pane .share-watch');
    expect(await visitor.page.isVisible('switchboard-chat .share-live')).toBe(true);
    expect((await shares(chatId)).at(-1)?.state).toBe('live');
    expect(await litPixels(alice.page)).toBeGreaterThan(0);
    await alice.page.click(`.conversation[data-chat="${chatId}"] .share-end`);
    await visitor.page.waitForSelector('switchboard-chat .share-live', { state: 'detached' });
    await sam.page.waitForSelector('.monitor-pane .share-watch', { state: 'detached' });
    expect(sam.problems).toEqual([]);
    await sam.context.close();
  });

  it('given a visitor on a 375x812 phone when the agent asks for a video call and the visitor accepts then each side decodes the other camera, mute and camera off show on the far side, and the visitor ending it is noted as a video call on both timelines', async () => {
    await visitor.page.setViewportSize({ width: 375, height: 812 });
    const conv = `.conversation[data-chat="${chatId}"]`;
    await alice.page.click(`${conv} .video-ask`);
    await visitor.page.waitForSelector('switchboard-chat .share-ask[data-kind="video"]');
    expect(await visitor.page.textContent('switchboard-chat .share-title')).toBe('Alice Wang asks for a video call');
    expect(await alice.page.textContent(`${conv} .share-status`)).toBe('Waiting for the visitor to accept the video call…');
    // A phone's second (rear) camera: Chromium's fake device is one camera with no facing, so the
    // page is given a second one, and asking for a facing opens the fake camera again.
    await visitor.page.evaluate(() => {
      const md = navigator.mediaDevices;
      const open = md.getUserMedia.bind(md);
      const list = md.enumerateDevices.bind(md);
      const w = window as unknown as { askedFacing?: string };
      md.enumerateDevices = async () => [...(await list()), { kind: 'videoinput', deviceId: 'rear', groupId: 'rear', label: 'rear', toJSON: () => ({}) } as MediaDeviceInfo];
      md.getUserMedia = (c?: MediaStreamConstraints) => {
        const facing = typeof c?.video === 'object' ? (c.video.facingMode as { exact?: string } | undefined)?.exact : undefined;
        if (facing) w.askedFacing = facing;
        return open(facing ? { video: true } : c);
      };
    });
    await visitor.page.click('switchboard-chat .share-accept');
    await visitor.page.waitForSelector('switchboard-chat .call');
    await waitFor("a frame of the agent's camera in the widget", async () => (await visitor.page.locator('switchboard-chat .call-remote').count()) > 0 && (await frameWidth(visitor.page, 'switchboard-chat .call-remote')) > 0);
    await waitFor("a frame of the visitor's camera in the workspace", async () => (await alice.page.locator(`${conv} .call-remote`).count()) > 0 && (await frameWidth(alice.page, `${conv} .call-remote`)) > 0);
    expect(await frameWidth(visitor.page, 'switchboard-chat .call-self')).toBeGreaterThan(0);
    expect(await frameWidth(alice.page, `${conv} .call-self`)).toBeGreaterThan(0);
    expect(await alice.page.textContent(`${conv} .share-status`)).toBe('Video call with the visitor');
    expect((await shares(chatId)).at(-1)).toMatchObject({ kind: 'video', state: 'live' });
    // Every control of the call card inside the phone's screen, and the panel's minimize button not under the card.
    for (const control of ['.call-mic', '.call-cam', '.call-flip', '.call-end']) {
      const box = await visitor.page.locator(`switchboard-chat ${control}`).boundingBox();
      expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 375 && box.y + box.height <= 812, control).toBe(true);
    }
    const card = await visitor.page.locator('switchboard-chat .call').boundingBox();
    const minimize = await visitor.page.locator('switchboard-chat .minimize').boundingBox();
    expect(card && minimize && minimize.y + minimize.height <= card.y).toBe(true);

    // The rear camera: its track replaces the sent one (no renegotiation: the agent's picture goes on).
    const selfTrack = () => visitor.page.evaluate(() => ((document.querySelector('switchboard-chat')?.shadowRoot?.querySelector('.call-self') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks().map((t) => t.id).join());
    const before = await selfTrack();
    expect(await visitor.page.getAttribute('switchboard-chat .call-flip', 'aria-label')).toBe('Use the rear camera');
    await visitor.page.click('switchboard-chat .call-flip');
    await visitor.page.waitForSelector('switchboard-chat .call-flip[aria-label="Use the front camera"]');
    expect(await visitor.page.evaluate(() => (window as unknown as { askedFacing?: string }).askedFacing)).toBe('environment');
    expect(await selfTrack()).not.toBe(before);
    expect(await frameWidth(alice.page, `${conv} .call-remote`)).toBeGreaterThan(0);

    await visitor.page.click('switchboard-chat .call-mic');
    await alice.page.waitForSelector(`${conv} .call-badge[data-off="mic"]`);
    expect(await visitor.page.evaluate(() => (document.querySelector('switchboard-chat')?.shadowRoot?.querySelector('.call-self') as HTMLVideoElement).srcObject instanceof MediaStream && ((document.querySelector('switchboard-chat')?.shadowRoot?.querySelector('.call-self') as HTMLVideoElement).srcObject as MediaStream).getAudioTracks().every((t) => !t.enabled))).toBe(true);
    await alice.page.click(`${conv} .call-cam`);
    await visitor.page.waitForSelector('switchboard-chat .call-badge[data-off="cam"]');
    expect(await visitor.page.getAttribute('switchboard-chat .call-badge[data-off="cam"]', 'aria-label')).toBe("Alice Wang's camera is off");
    // The agent's own black preview says why.
    expect(await alice.page.getAttribute(`${conv} .call-self-off`, 'aria-label')).toBe('Your camera is off');
    await alice.page.click(`${conv} .call-mic`);
    await visitor.page.waitForSelector('switchboard-chat .call-badge[data-off="mic"]');
    await shot(visitor.page, '21-widget-video-call-375-en');
    await shot(alice.page, '22-agent-video-call-en');
    await visitor.page.click('switchboard-chat .call-mic');
    await alice.page.waitForSelector(`${conv} .call-badge[data-off="mic"]`, { state: 'detached' });

    await visitor.page.click('switchboard-chat .call-end');
    await visitor.page.waitForSelector('switchboard-chat .call', { state: 'detached' });
    await alice.page.waitForSelector(`${conv} .share-status[data-state="ended"]`);
    expect(await alice.page.textContent(`${conv} .share-status[data-state="ended"]`)).toBe('Video call ended.');
    const line = visitor.page.locator('switchboard-chat .line[data-author="system"]').last();
    await waitFor('the video call note in the widget', async () => /^Video call with Alice Wang for \d+:\d\d$/.test((await line.textContent()) ?? ''));
    const note = alice.page.locator(`${conv} .message[data-from="system"] .message-text`).last();
    await waitFor('the video call note in the workspace', async () => /^Video call with Alice Wang for \d+:\d\d \(from .+\)$/.test((await note.textContent()) ?? ''));
    expect((await shares(chatId)).at(-1)).toMatchObject({ kind: 'video', state: 'ended', endedBy: 'visitor' });
  });

  it('given a live video call when the agent ends it then the call card leaves the widget and the agent camera stops', async () => {
    const conv = `.conversation[data-chat="${chatId}"]`;
    await alice.page.click(`${conv} .video-ask`);
    await visitor.page.click('switchboard-chat .share-accept');
    await waitFor("a frame of the visitor's camera in the workspace", async () => (await alice.page.locator(`${conv} .call-remote`).count()) > 0 && (await frameWidth(alice.page, `${conv} .call-remote`)) > 0);
    await alice.page.click(`${conv} .share-end`);
    await visitor.page.waitForSelector('switchboard-chat .call', { state: 'detached' });
    expect(await alice.page.locator(`${conv} .call-self`).count()).toBe(0);
    expect((await shares(chatId)).at(-1)).toMatchObject({ kind: 'video', state: 'ended', endedBy: 'agent' });
    await shot(visitor.page, '23-widget-video-ended-by-agent-375-en');
  });

  it('given an admin turning recording on when the agent asks to see the screen and then for a video call then the widget says the session is recorded before consent and on the bar and call card, and the agent page sends a non-empty WebM after each ends, linked from the timeline', async () => {
    // Whatever happens here, the tests after this one run with recording off.
    onTestFinished(async () => {
      await d.api('PUT', '/api/chat-assist/settings', { recordShares: false });
    });
    const admin = await openTab(browser, d.base);
    await signIn(admin.page, 'toolbar-admin', PASSWORD);
    await admin.page.waitForSelector('#login-username', { state: 'detached' });
    await admin.page.goto(`${d.base}/app/chat-bot`);
    await admin.page.waitForSelector('.assist-admin input[name=record-shares]');
    expect(await admin.page.isChecked('.assist-admin input[name=record-shares]')).toBe(false);
    await admin.page.check('.assist-admin input[name=record-shares]');
    await admin.page.waitForSelector('.assist-admin .assist-saved');
    expect(await d.api<{ recordShares: boolean }>('GET', '/api/chat-assist/settings')).toMatchObject({ recordShares: true });
    await admin.page.locator('.assist-admin').scrollIntoViewIfNeeded();
    await shot(admin.page, '24-admin-recording-switch-en');
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    await visitor.page.setViewportSize({ width: 1280, height: 800 });
    const conv = `.conversation[data-chat="${chatId}"]`;
    await alice.page.click(`${conv} .share-ask`);
    await visitor.page.waitForSelector('switchboard-chat .share-ask .share-recorded');
    expect(await visitor.page.textContent('switchboard-chat .share-recorded')).toBe('This session is recorded: what Alice Wang sees is kept as a recording.');
    await shot(visitor.page, '25-widget-asked-recorded-en');
    await visitor.page.click('switchboard-chat .share-accept');
    await visitor.page.waitForSelector('switchboard-chat .share-live');
    expect(await visitor.page.textContent('switchboard-chat .share-live-text')).toBe('Your screen is being shared with Alice Wang and recorded');
    await waitFor('a lit frame of the visitor screen on the agent page', async () => (await alice.page.locator(`${conv} .share-screen`).count()) > 0 && (await litPixels(alice.page)) > 0);
    await alice.page.waitForSelector(`${conv} .share-recording[data-recording="on"]`);
    await shot(visitor.page, '26-widget-sharing-recorded-en');
    await shot(alice.page, '27-agent-recording-en');
    const screen = (await shares(chatId)).at(-1) as Share & { recorded: boolean };
    expect(screen).toMatchObject({ state: 'live', recorded: true });
    await visitor.page.click('switchboard-chat .share-stop');
    await alice.page.waitForSelector(`${conv} .share-recording[data-recording="sent"]`);
    const stored = (await shares(chatId)).at(-1) as Share & { recording?: { size: number } };
    expect(stored.recording?.size ?? 0).toBeGreaterThan(0);
    // What the daemon serves is the WebM the page recorded (EBML magic), to the agent's own session.
    const served = await alice.page.evaluate(async (url) => {
      const res = await fetch(url);
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { status: res.status, type: res.headers.get('content-type'), size: bytes.length, magic: [...bytes.slice(0, 4)] };
    }, `/api/shares/${screen.id}/recording`);
    expect(served).toEqual({ status: 200, type: 'video/webm', size: stored.recording?.size, magic: [0x1a, 0x45, 0xdf, 0xa3] });
    const link = alice.page.locator(`${conv} .message[data-from="system"] a.share-recording-link[href="/api/shares/${screen.id}/recording"]`);
    await link.scrollIntoViewIfNeeded();
    expect(await link.textContent()).toBe('Recording');
    await shot(alice.page, '28-agent-recording-saved-en');

    // A video call on the phone: the consent says it is recorded, the call card says so while it lasts.
    // The agent's page is told a small limit (the daemon's own is larger): its recording stops short
    // of it while the call goes on, and what it recorded is still sent.
    const pageLimit = 420_000;
    await alice.page.route('**/api/chat-assist/settings', (route) => route.fulfill({ json: { recordShares: true, recordingMaxBytes: pageLimit } }));
    await visitor.page.setViewportSize({ width: 375, height: 812 });
    await alice.page.click(`${conv} .video-ask`);
    await visitor.page.waitForSelector('switchboard-chat .share-ask[data-kind="video"] .share-recorded');
    await visitor.page.click('switchboard-chat .share-accept');
    await waitFor("a frame of the visitor's camera in the workspace", async () => (await alice.page.locator(`${conv} .call-remote`).count()) > 0 && (await frameWidth(alice.page, `${conv} .call-remote`)) > 0);
    expect(await visitor.page.textContent('switchboard-chat .call-recorded')).toBe('Recorded');
    await shot(visitor.page, '29-widget-video-call-recorded-375-en');
    await alice.page.waitForSelector(`${conv} .share-recording[data-recording="full"]`);
    expect(await alice.page.textContent(`${conv} .share-recording[data-recording="full"]`)).toBe('Recording stopped at the size limit; what was recorded is kept.');
    await shot(alice.page, '29b-agent-recording-full-en');
    await alice.page.click(`${conv} .share-end`);
    await alice.page.waitForSelector(`${conv} .share-recording[data-recording="sent"]`);
    await alice.page.unroute('**/api/chat-assist/settings');
    const call = (await shares(chatId)).at(-1) as Share & { recording?: { size: number } };
    expect(call).toMatchObject({ kind: 'video', state: 'ended' });
    expect(call.recording?.size ?? 0).toBeGreaterThan(0);
    expect(call.recording?.size ?? Infinity).toBeLessThanOrEqual(pageLimit);
    expect(visitor.problems).toEqual([]);
    expect(alice.problems).toEqual([]);
  });

  it('given a Chinese visitor on a phone and the agent in Chinese when a share is asked, shared and stopped then every word is Chinese', async () => {
    await alice.page.selectOption('.language-picker select', 'zh-CN');
    const zh = await openVisitor(browser, site.url, { viewport: { width: 375, height: 667 }, locale: 'zh-CN', isMobile: true });
    const zhChat = await connect(zh, `${site.url}?lang=zh-CN`);
    await alice.page.click(`.conversation[data-chat="${zhChat}"] .share-ask`);
    await zh.page.waitForSelector('switchboard-chat .share-ask');
    expect(await zh.page.textContent('switchboard-chat .share-title')).toBe('Alice Wang 请求查看您的屏幕');
    await shot(zh.page, '14-widget-asked-375-zh');
    await zh.page.click('switchboard-chat .share-accept');
    await zh.page.waitForSelector('switchboard-chat .share-live');
    expect(await zh.page.textContent('switchboard-chat .share-live-text')).toBe('您的屏幕正在共享给 Alice Wang');
    await waitFor('a lit frame of the Chinese visitor screen', async () => (await alice.page.locator(`.conversation[data-chat="${zhChat}"] .share-screen`).count()) > 0 && (await litPixels(alice.page)) > 0);
    await shot(zh.page, '15-widget-sharing-375-zh');
    await shot(alice.page, '16-agent-sees-screen-zh');
    await zh.page.click('switchboard-chat .share-stop');
    const line = zh.page.locator('switchboard-chat .line[data-author="system"]').last();
    await waitFor('the Chinese share note', async () => /^屏幕已共享给 Alice Wang，时长 \d+:\d\d$/.test((await line.textContent()) ?? ''));
    await alice.page.waitForSelector(`.conversation[data-chat="${zhChat}"] .share-status[data-state="ended"]`);
    expect(await alice.page.textContent(`.conversation[data-chat="${zhChat}"] .share-status[data-state="ended"]`)).toBe('屏幕共享已结束。');
    await shot(zh.page, '17-widget-ended-375-zh');
    await shot(alice.page, '18-agent-ended-zh');

    // A video call asked and declined, in Chinese on both sides.
    await alice.page.click(`.conversation[data-chat="${zhChat}"] .video-ask`);
    await zh.page.waitForSelector('switchboard-chat .share-ask[data-kind="video"]');
    expect(await zh.page.textContent('switchboard-chat .share-title')).toBe('Alice Wang 请求与您视频通话');
    expect(await zh.page.textContent('switchboard-chat .share-accept')).toBe('开始视频通话');
    await zh.page.click('switchboard-chat .share-decline');
    await alice.page.waitForSelector(`.conversation[data-chat="${zhChat}"] .share-status[data-state="declined"]`);
    expect(await alice.page.textContent(`.conversation[data-chat="${zhChat}"] .share-status[data-state="declined"]`)).toBe('访客拒绝了视频通话。');
    await waitFor('the Chinese video call note', async () => (await line.textContent()) === 'Alice Wang 请求视频通话，您已拒绝。');

    // With recording on, the request says so in Chinese before consent.
    onTestFinished(async () => {
      await d.api('PUT', '/api/chat-assist/settings', { recordShares: false });
    });
    await d.api('PUT', '/api/chat-assist/settings', { recordShares: true });
    await alice.page.click(`.conversation[data-chat="${zhChat}"] .share-ask`);
    await zh.page.waitForSelector('switchboard-chat .share-ask .share-recorded');
    expect(await zh.page.textContent('switchboard-chat .share-recorded')).toBe('本次会话将被录制：Alice Wang 看到的内容会保存为录像。');
    await shot(zh.page, '30-widget-asked-recorded-375-zh');
    await zh.page.click('switchboard-chat .share-decline');
    await alice.page.waitForSelector(`.conversation[data-chat="${zhChat}"] .share-status[data-state="declined"]`);
    expect(zh.problems).toEqual([]);
    expect(visitor.problems).toEqual([]);
    expect(alice.problems).toEqual([]);
  });

  it('given a phone browser that cannot share a screen when the agent asks then the widget says so in Chinese and its OK declines', async () => {
    const phone = await openVisitor(browser, site.url, { viewport: { width: 375, height: 667 }, locale: 'zh-CN', isMobile: true });
    await phone.context.addInitScript(() => Object.defineProperty(MediaDevices.prototype, 'getDisplayMedia', { value: undefined }));
    const phoneChat = await connect(phone, `${site.url}?lang=zh-CN`);
    await alice.page.click(`.conversation[data-chat="${phoneChat}"] .share-ask`);
    await phone.page.waitForSelector('switchboard-chat .share-ask');
    expect(await phone.page.textContent('switchboard-chat .share-text')).toBe('此浏览器无法共享屏幕（手机浏览器不支持）。请使用电脑，或描述您看到的内容。');
    expect(await phone.page.locator('switchboard-chat .share-accept').count()).toBe(0);
    await shot(phone.page, '20-widget-cannot-share-375-zh');
    await phone.page.click('switchboard-chat .share-decline');
    await alice.page.waitForSelector(`.conversation[data-chat="${phoneChat}"] .share-status[data-state="declined"]`);
    expect(await alice.page.textContent(`.conversation[data-chat="${phoneChat}"] .share-status[data-state="declined"]`)).toBe('访客拒绝了屏幕共享。');
    expect(phone.problems).toEqual([]);
  });
});
