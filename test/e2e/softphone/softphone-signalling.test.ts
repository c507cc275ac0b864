/**
 * The browser softphone (src/web/softphone) in real headless Chromium against a SIP-over-WebSocket
 * PBX written for the test (test-pbx.ts): digest registration, calls both ways, hold re-INVITEs,
 * DTMF, BYE both ways, and the coded errors an agent sees.
 *
 * Honesty about media: the PBX carries no RTP. Its SDP comes from a second RTCPeerConnection in
 * the same page (page/far-end.ts), so the softphone negotiates with a real WebRTC peer and the
 * test waits for that peer to reach ICE+DTLS "connected". DTMF is checked at the sender (the
 * browser's RTCDTMFSender reports each tone it puts into the RTP stream) and by the absence of
 * SIP INFO; the RTP packets themselves are not decoded.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SoftphoneCredentials } from '../../../src/web/softphone/index.js';
import { haveTools } from '../../helpers/tools.js';
import { header, type SipMessage } from './sip-message.js';
import type { Outcome, PageEvent } from './page/page-entry.js';
import { TestPbx } from './test-pbx.js';
import { bundlePage, servePage, type TestPage } from './test-page.js';

const CHROMIUM = '/usr/bin/chromium';
const BASE_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream'];
const DOMAIN = 'pbx.test';
const PASSWORD = 'derived-sip-password-0123456789ab';

let script: string;
let site: TestPage;
let allowing: Browser;
let denying: Browser;

function credentials(pbx: TestPbx, password = PASSWORD): SoftphoneCredentials {
  return { wsUrl: pbx.url, sipUri: `sip:web-agent1@${DOMAIN}`, authorizationUsername: 'web-agent1', password, displayName: 'Agent One', iceServers: [] };
}

function startPbx(page: () => Page): Promise<TestPbx> {
  return TestPbx.start({
    realm: 'switchboard-test',
    domain: DOMAIN,
    users: { 'web-agent1': PASSWORD },
    answerReinvite: (offer) => page().evaluate((o) => window.sbTest.farEnd.answer(o), offer),
  });
}

async function openPhone(browser: Browser, creds: SoftphoneCredentials): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(site.url);
  await page.waitForFunction(() => window.sbTest !== undefined);
  await page.evaluate((c) => window.sbTest.start(c), creds);
  return page;
}

const events = (page: Page): Promise<PageEvent[]> => page.evaluate(() => window.sbTest.events);
const callState = (page: Page) => page.evaluate(() => window.sbTest.snapshot().call);
const requests = (pbx: TestPbx, method: string, after = 0): SipMessage[] => pbx.received.slice(after).filter((m) => m.method === method);
const sdpDirection = (sdp: string): string | undefined => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(sdp)?.[1];

/** The answer of a far end that does not do RFC 4733: its telephone-event payload types removed. */
function withoutTelephoneEvent(sdp: string): string {
  const events = new Set([...sdp.matchAll(/^a=rtpmap:(\d+) telephone-event\//gm)].map((m) => m[1]));
  return sdp
    .split('\r\n')
    .filter((line) => !/^a=(rtpmap|fmtp|rtcp-fb):(\d+) /.test(line) || !events.has(/^a=[a-z-]+:(\d+) /.exec(line)?.[1]))
    .map((line) => (line.startsWith('m=audio ') ? line.split(' ').filter((field, i) => i < 3 || !events.has(field)).join(' ') : line))
    .join('\r\n');
}

describe.runIf(haveTools('softphone in Chromium', [CHROMIUM]))('softphone in Chromium against a SIP-over-WebSocket PBX', () => {
  beforeAll(async () => {
    script = await bundlePage();
    site = await servePage(script);
    allowing = await chromium.launch({ executablePath: CHROMIUM, args: [...BASE_ARGS, '--use-fake-ui-for-media-stream'] });
    // No fake UI: a getUserMedia prompt in headless Chromium is dismissed, which is a denial.
    denying = await chromium.launch({ executablePath: CHROMIUM, args: BASE_ARGS });
  });
  afterAll(async () => {
    await allowing?.close();
    await denying?.close();
    await site?.close();
  });

  describe('registered, with calls both ways', () => {
    let pbx: TestPbx;
    let page: Page;
    /** The call the PBX placed and the browser answered, hung up by the PBX later on. */
    let activeDialog: Awaited<ReturnType<TestPbx['call']>>['dialog'];
    beforeAll(async () => {
      pbx = await startPbx(() => page);
      page = await openPhone(allowing, credentials(pbx));
    });
    afterAll(async () => {
      await page?.close();
      await pbx?.close();
    });

    it('given the credentials when the softphone registers then the PBX challenged it, accepted the digest and knows its contact', async () => {
      expect(await page.evaluate(() => window.sbTest.register())).toEqual({ ok: true });
      const registers = requests(pbx, 'REGISTER');
      expect(registers).toHaveLength(2);
      expect(header(registers[0] as SipMessage, 'authorization')).toBeUndefined();
      expect(header(registers[1] as SipMessage, 'authorization')).toMatch(/^Digest .*username="web-agent1"/);
      expect(pbx.contact).toMatch(/^sip:[^@]+@[^;]+;transport=ws$/);
      expect(pbx.aor).toBe(`sip:web-agent1@${DOMAIN}`);
      expect(await page.evaluate(() => window.sbTest.snapshot().registration)).toBe('registered');
    });

    it('given a registered softphone when the PBX rings it and the agent answers then the answer SDP is accepted by the far end and the media connects', async () => {
      const offer = await page.evaluate(() => window.sbTest.farEnd.offer());
      const call = pbx.call({ user: '+4930999', name: 'Caller' }, offer);
      await page.waitForFunction(() => window.sbTest.incoming?.state === 'ringing');
      expect((await events(page)).filter((e) => e.type === 'incoming')).toEqual([{ type: 'incoming', from: `sip:+4930999@${DOMAIN}`, name: 'Caller' }]);
      expect(pbx.received.some((m) => m.status === 180)).toBe(true);

      expect(await page.evaluate(() => window.sbTest.answer())).toEqual({ ok: true });
      const { response, dialog } = await call;
      expect(response.status).toBe(200);
      expect(dialog).toBeDefined();
      expect(response.body).toMatch(/a=fingerprint:sha-256/);
      await page.evaluate((sdp) => window.sbTest.farEnd.accept(sdp), response.body);
      await page.evaluate(() => window.sbTest.farEnd.connected());
      expect(await callState(page)).toMatchObject({ state: 'active', held: false, muted: false, remote: { uri: `sip:+4930999@${DOMAIN}` } });
      activeDialog = dialog;
    });

    it('given an active call when the agent holds and resumes then re-INVITEs offer sendonly then sendrecv and the microphone track follows', async () => {
      const before = pbx.received.length;
      expect(await page.evaluate(() => window.sbTest.hold())).toEqual({ ok: true });
      const [hold] = requests(pbx, 'INVITE', before);
      expect(sdpDirection(hold?.body ?? '')).toBe('sendonly');
      expect(await callState(page)).toMatchObject({ state: 'active', held: true });
      expect(await page.evaluate(() => window.sbTest.senderEnabled())).toEqual([false]);

      expect(await page.evaluate(() => window.sbTest.unhold())).toEqual({ ok: true });
      const [, resume] = requests(pbx, 'INVITE', before);
      expect(sdpDirection(resume?.body ?? '')).toBe('sendrecv');
      expect(await callState(page)).toMatchObject({ state: 'active', held: false });
      expect(await page.evaluate(() => window.sbTest.senderEnabled())).toEqual([true]);
    });

    it('given an active call when the agent mutes then the microphone track stops sending and the call says so', async () => {
      await page.evaluate(() => window.sbTest.mute());
      expect(await callState(page)).toMatchObject({ muted: true });
      expect(await page.evaluate(() => window.sbTest.senderEnabled())).toEqual([false]);
    });

    it('given an active call when the agent sends DTMF then the tones go out as RTP events and no SIP INFO is sent', async () => {
      const before = pbx.received.length;
      expect(await page.evaluate(() => window.sbTest.dtmf('12#'))).toEqual({ ok: true });
      await page.waitForFunction(() => window.sbTest.events.filter((e) => e.type === 'dtmf').length === 3);
      expect((await events(page)).filter((e) => e.type === 'dtmf')).toEqual([
        { type: 'dtmf', tone: '1', via: 'rtp' },
        { type: 'dtmf', tone: '2', via: 'rtp' },
        { type: 'dtmf', tone: '#', via: 'rtp' },
      ]);
      expect(requests(pbx, 'INFO', before)).toEqual([]);
      expect(await page.evaluate(() => window.sbTest.dtmf('1x'))).toMatchObject({ ok: false, code: 'INVALID_DTMF' });
    });

    it('given an active call when the PBX hangs up then the browser answers the BYE and the call ends as remote', async () => {
      if (!activeDialog) throw new Error('the answered call of the earlier test is needed');
      const ok = await pbx.bye(activeDialog);
      expect(ok.status).toBe(200);
      await page.waitForFunction(() => window.sbTest.snapshot().call?.state === 'ended');
      expect(await callState(page)).toMatchObject({ state: 'ended', endReason: 'remote' });
      await page.evaluate(() => window.sbTest.farEnd.close());
    });

    it('given a registered softphone when the agent dials then the INVITE is authenticated, answered with a real SDP answer, and hanging up sends BYE', async () => {
      const before = pbx.received.length;
      const invited = pbx.nextInvite();
      expect(await page.evaluate(() => window.sbTest.dial('1002'))).toEqual({ ok: true });
      const invite = await invited;
      expect(invite.request.uri).toBe(`sip:1002@${DOMAIN}`);
      expect(header(invite.request, 'authorization')).toMatch(/username="web-agent1"/);
      expect(requests(pbx, 'INVITE', before)).toHaveLength(2);
      expect(sdpDirection(invite.sdp)).toBe('sendrecv');
      invite.ringing();
      const answer = await page.evaluate((sdp) => window.sbTest.farEnd.answer(sdp), invite.sdp);
      const ack = pbx.waitFor((m) => m.method === 'ACK' && header(m, 'call-id') === header(invite.request, 'call-id'), before);
      invite.answer(answer);
      await ack;
      await page.waitForFunction(() => window.sbTest.snapshot().call?.state === 'active');
      await page.evaluate(() => window.sbTest.farEnd.connected());

      expect(await page.evaluate(() => window.sbTest.hangup())).toEqual({ ok: true });
      const bye = await pbx.waitFor((m) => m.method === 'BYE' && header(m, 'call-id') === header(invite.request, 'call-id'), before);
      expect(bye.method).toBe('BYE');
      await page.waitForFunction(() => window.sbTest.snapshot().call?.state === 'ended');
      expect(await callState(page)).toMatchObject({ direction: 'outgoing', state: 'ended', endReason: 'local' });
      await page.evaluate(() => window.sbTest.farEnd.close());
    });

    it('given a far end without telephone-event when the agent sends DTMF then each tone goes as SIP INFO dtmf-relay', async () => {
      const before = pbx.received.length;
      const invited = pbx.nextInvite();
      expect(await page.evaluate(() => window.sbTest.dial('ivr'))).toEqual({ ok: true });
      const invite = await invited;
      const answer = await page.evaluate((sdp) => window.sbTest.farEnd.answer(sdp), invite.sdp);
      const withoutEvents = withoutTelephoneEvent(answer);
      expect(withoutEvents).not.toMatch(/telephone-event/);
      invite.answer(withoutEvents);
      await page.waitForFunction(() => window.sbTest.snapshot().call?.state === 'active');

      expect(await page.evaluate(() => window.sbTest.dtmf('5*'))).toEqual({ ok: true });
      const infos = requests(pbx, 'INFO', before);
      expect(infos.map((m) => [header(m, 'content-type'), m.body])).toEqual([
        ['application/dtmf-relay', 'Signal=5\r\nDuration=100'],
        ['application/dtmf-relay', 'Signal=*\r\nDuration=100'],
      ]);
      expect((await events(page)).filter((e) => e.type === 'dtmf').slice(-2)).toEqual([
        { type: 'dtmf', tone: '5', via: 'info' },
        { type: 'dtmf', tone: '*', via: 'info' },
      ]);
      expect(await page.evaluate(() => window.sbTest.hangup())).toEqual({ ok: true });
      await page.waitForFunction(() => window.sbTest.snapshot().call?.state === 'ended');
      await page.evaluate(() => window.sbTest.farEnd.close());
    });

    it('given a ringing call when the agent rejects it then the PBX gets 603 Decline', async () => {
      const offer = await page.evaluate(() => window.sbTest.farEnd.offer());
      const call = pbx.call({ user: '+4930888', name: 'Another caller' }, offer);
      await page.waitForFunction(() => window.sbTest.incoming?.state === 'ringing');
      expect(await page.evaluate(() => window.sbTest.reject())).toEqual({ ok: true });
      expect((await call).response.status).toBe(603);
      await page.waitForFunction(() => window.sbTest.snapshot().call?.state === 'ended');
      expect(await callState(page)).toMatchObject({ state: 'ended', endReason: 'local' });
      await page.evaluate(() => window.sbTest.farEnd.close());
    });

    it('given the devices when listed after the microphone was allowed then they carry labels, and a missing output is a coded error', async () => {
      const devices = (await page.evaluate(() => window.sbTest.devices())) as { inputs: { label: string }[]; outputSelectable: boolean };
      expect(devices.inputs.length).toBeGreaterThan(0);
      expect(devices.inputs.every((d) => d.label !== '')).toBe(true);
      expect(devices.outputSelectable).toBe(true);
      expect(await page.evaluate(() => window.sbTest.setOutput('no-such-device'))).toMatchObject({ ok: false, code: 'OUTPUT_DEVICE_NOT_FOUND' });
    });

    it('given a microphone that is not there (any more) when the agent dials then NO_MICROPHONE and no INVITE leaves', async () => {
      const before = pbx.received.length;
      expect(await page.evaluate(() => window.sbTest.setInput('unplugged-headset'))).toEqual({ ok: true });
      expect(await page.evaluate(() => window.sbTest.dial('1002'))).toMatchObject({ ok: false, code: 'NO_MICROPHONE' });
      expect(requests(pbx, 'INVITE', before)).toEqual([]);
      expect(await page.evaluate(() => window.sbTest.setInput(undefined))).toEqual({ ok: true });
    });

    it('given a registered softphone when it unregisters then the PBX gets a REGISTER with expires 0', async () => {
      const before = pbx.received.length;
      expect(await page.evaluate(() => window.sbTest.unregister())).toEqual({ ok: true });
      const [unregister] = requests(pbx, 'REGISTER', before);
      expect(header(unregister as SipMessage, 'contact')).toMatch(/expires=0/);
      expect(await page.evaluate(() => window.sbTest.snapshot().registration)).toBe('unregistered');
      expect((await events(page)).filter((e) => e.type === 'error')).toEqual([]);
    });
  });

  describe('coded errors', () => {
    it('given a wrong password when registering then REGISTRATION_REFUSED after the second 401', async () => {
      let page: Page | undefined;
      const pbx = await startPbx(() => page as Page);
      try {
        page = await openPhone(allowing, credentials(pbx, 'not-the-derived-password'));
        const outcome: Outcome = await page.evaluate(() => window.sbTest.register());
        expect(outcome).toMatchObject({ ok: false, code: 'REGISTRATION_REFUSED' });
        expect(requests(pbx, 'REGISTER')).toHaveLength(2);
        expect(await page.evaluate(() => window.sbTest.snapshot().registration)).toBe('failed');
      } finally {
        await page?.close();
        await pbx.close();
      }
    });

    it('given nothing listening at the WebSocket URL when registering then PBX_UNREACHABLE', async () => {
      let page: Page | undefined;
      const pbx = await startPbx(() => page as Page);
      const creds = credentials(pbx);
      await pbx.close();
      try {
        page = await openPhone(allowing, creds);
        expect(await page.evaluate(() => window.sbTest.register())).toMatchObject({ ok: false, code: 'PBX_UNREACHABLE' });
        expect(await page.evaluate(() => window.sbTest.snapshot().registration)).toBe('failed');
      } finally {
        await page?.close();
      }
    });

    it('given the microphone denied when the agent answers or dials then MIC_DENIED, the call keeps ringing and no INVITE leaves', async () => {
      let page: Page | undefined;
      const pbx = await startPbx(() => page as Page);
      try {
        page = await openPhone(denying, credentials(pbx));
        expect(await page.evaluate(() => window.sbTest.register())).toEqual({ ok: true });
        const offer = await page.evaluate(() => window.sbTest.farEnd.offer());
        const call = pbx.call({ user: '+4930777', name: 'Denied caller' }, offer);
        await page.waitForFunction(() => window.sbTest.incoming?.state === 'ringing');

        expect(await page.evaluate(() => window.sbTest.answer())).toMatchObject({ ok: false, code: 'MIC_DENIED' });
        expect(await callState(page)).toMatchObject({ state: 'ringing' });
        expect(await page.evaluate(() => window.sbTest.reject())).toEqual({ ok: true });
        expect((await call).response.status).toBe(603);
        await page.waitForFunction(() => window.sbTest.snapshot().call?.state === 'ended');

        const before = pbx.received.length;
        expect(await page.evaluate(() => window.sbTest.dial('1002'))).toMatchObject({ ok: false, code: 'MIC_DENIED' });
        expect(requests(pbx, 'INVITE', before)).toEqual([]);
      } finally {
        await page?.close();
        await pbx.close();
      }
    });
  });
});
