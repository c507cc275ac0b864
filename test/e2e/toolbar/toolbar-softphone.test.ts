/**
 * The browser phone inside the agent toolbar, in headless Chromium with fake media devices: the
 * daemon on the simulated media server hands the page its SIP credentials, the page registers with
 * a SIP-over-WebSocket PBX written in the test (test/e2e/softphone/test-pbx.ts), and the test
 * plays the media server's two halves together: when the simulator rings the agent's browser
 * extension, the test PBX sends the browser the INVITE, and when the browser answers it, the
 * simulator's phone answers. Beside the call the agent looks up a knowledge-base article and marks
 * it used on the call. Screenshots in test-artifacts/toolbar/ (softphone-*).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sipPasswordFor } from '../../../src/softphone/sip-password.js';
import { haveTools } from '../../helpers/tools.js';
import { header } from '../softphone/sip-message.js';
import { TestPbx, type Dialog } from '../softphone/test-pbx.js';
import { CHROMIUM, launch, openTab, shot, signIn, type AgentTab } from './browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type ToolbarDaemon } from './toolbar-daemon.js';

const LINE = `description: softphone test line
numbers: ["+15550100"]
timezone: UTC
start: support
nodes:
  support:
    type: queue
    queue: support
`;

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const DOMAIN = 'pbx.test';
const EXTENSION = 'web-alice';
const CUSTOMER = '+4930555123';
const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** The media server's offer for a call to the browser: a real RTCPeerConnection in a spare page. */
async function farEndOffer(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      const done = () => {
        if (pc.iceGatheringState === 'complete') resolve();
      };
      pc.addEventListener('icegatheringstatechange', done);
      done();
    });
    return pc.localDescription?.sdp ?? '';
  });
}

describe.runIf(haveTools('browser phone in the toolbar', [CHROMIUM]))('the browser phone in the agent toolbar', () => {
  let d: ToolbarDaemon;
  let pbx: TestPbx;
  let browser: Browser;
  let alice: AgentTab;
  let spare: Page;
  let aliceAgent: string;
  let articleId: string;
  /** The call of the second test, hung up in the third. */
  let talking: { caller: string; dialog: Dialog };

  beforeAll(async () => {
    pbx = await TestPbx.start({
      realm: DOMAIN,
      domain: DOMAIN,
      users: { [EXTENSION]: sipPasswordFor(SECRET, EXTENSION) },
      answerReinvite: () => Promise.reject(new Error('the toolbar holds calls through the daemon, never with a re-INVITE')),
    });
    d = await startToolbarDaemon({ line: LINE }, { webrtc: { wssUrl: pbx.url, domain: DOMAIN, secret: SECRET, iceServers: [] } });
    const aliceUser = await d.createUser('alice', ['agent']);
    aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'browser', extension: EXTENSION } })).id;
    await d.api('POST', '/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 30, noAnswerTimeoutSeconds: 120 });
    const category = (await d.api<{ id: string }>('POST', '/api/kb/categories', { name: 'Payments' })).id;
    articleId = (await d.api<{ article: { id: string } }>('POST', '/api/kb/articles', { title: 'Refund a card payment', body: 'Refunds go back to the card that paid.\n\n- Find the order\n- Choose Refund\n- Tell the caller it takes 3 to 5 days', tags: ['refund'], categoryId: category, language: 'en' })).article.id;
    await d.api('POST', `/api/kb/articles/${articleId}/publish`, { version: 1 });
    await waitFor('the line flow runs', () => d.app().deps.contactCenter.ivr.registry.runningVersion('line') !== undefined);
    // The browser's extension as the media server knows it: a WebRTC endpoint, registered by the page.
    d.pbx.control.addPhone(EXTENSION);
    d.pbx.control.setPhoneBehaviour(EXTENSION, 'manual');
    browser = await launch(FAKE_MEDIA);
    alice = await openTab(browser, d.base);
    spare = await alice.context.newPage();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
    await pbx?.close();
  });

  const deskState = (agentId: string) => d.app().deps.contactCenter.acd.agentSnapshot(agentId).state;
  const phoneShown = (state: string) => alice.page.waitForSelector(`.phone-status[data-softphone="${state}"]`);

  /**
   * The simulator rings the agent's extension; the test PBX rings the browser with it. `answered`
   * settles on the browser's final answer (wrapped: an async function would wait for it).
   */
  async function ringBrowser(from: string): Promise<{ answered: Promise<{ status: number; dialog?: Dialog }> }> {
    await waitFor('the media server rings the browser extension', () => d.pbx.control.ringingAt(EXTENSION).length > 0);
    const offer = await farEndOffer(spare);
    const answered = pbx.call({ user: from, name: 'Caller' }, offer).then(({ response, dialog }) => ({ status: response.status as number, ...(dialog ? { dialog } : {}) }));
    return { answered };
  }

  it('given an agent whose phone is the browser when they sign in then the page registers it with the credentials the daemon handed over and says it is ready', async () => {
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    expect(await alice.page.getAttribute('.fixed-phone', 'data-phone-mode')).toBe('browser');
    expect(await alice.page.textContent('.fixed-phone')).toContain(EXTENSION);
    await phoneShown('registered');
    const register = await pbx.waitFor((m) => m.method === 'REGISTER' && header(m, 'authorization') !== undefined);
    expect(header(register, 'authorization')).toContain(`username="${EXTENSION}"`);
    expect(pbx.aor).toBe(`sip:${EXTENSION}@${DOMAIN}`);
    expect(await alice.page.textContent('.phone-status')).toContain('Browser phone ready');
    await shot(alice.page, 'softphone-01-registered');
  });

  it('given the agent available when a call is offered then the browser rings, Answer picks up on the browser phone and the call connects', async () => {
    await alice.page.click('.agent-login button[type=submit]');
    await alice.page.waitForSelector('.state-now[data-state="available"]');
    const caller = await d.pbx.control.placeInboundCall({ from: CUSTOMER, to: '+15550100' });
    const { answered } = await ringBrowser(CUSTOMER);
    await alice.page.waitForSelector('.offer-card button:has-text("Answer")');
    expect(await alice.page.textContent('.phone-status')).toContain('Ringing on this browser');
    await shot(alice.page, 'softphone-02-ringing');
    await alice.page.click('.offer-card button:has-text("Answer")');
    const { status, dialog } = await answered;
    expect(status).toBe(200);
    await d.pbx.control.answerPhone(EXTENSION);
    await alice.page.waitForSelector('.call-panel');
    await waitFor('the agent is on the call', () => deskState(aliceAgent) === 'on_contact');
    await shot(alice.page, 'softphone-03-talking');
    talking = { caller, dialog: dialog as Dialog };
  });

  it('given the call when the agent finds an article beside it, reads it and marks it used on this call then the report counts one use on the call, kept into wrap-up', async () => {
    const callId = (await alice.page.getAttribute('.call-panel', 'data-call')) as string;
    await alice.page.fill('#call-kb-q', 'refund');
    await alice.page.click(`.call-kb-hit:has-text("Refund a card payment")`);
    await alice.page.waitForSelector('.call-kb-reading .kb-body');
    // The article sits beside the call: every call control is still on screen, uncovered.
    const covered = await alice.page.evaluate(() => {
      const kbBox = document.querySelector('.call-kb')?.getBoundingClientRect();
      return Array.from(document.querySelectorAll('.call-controls button')).filter((b) => {
        const r = b.getBoundingClientRect();
        return !kbBox || r.width === 0 || (r.left < kbBox.right && r.right > kbBox.left && r.top < kbBox.bottom && r.bottom > kbBox.top);
      }).length;
    });
    expect(covered).toBe(0);
    await alice.page.click('.call-kb-use');
    await alice.page.waitForSelector('.call-kb-use.is-done:has-text("Counted for this call")');
    await shot(alice.page, 'softphone-03b-kb-beside-call');

    // The agent hangs up in the toolbar: the daemon releases the call, and the PBX the browser's leg.
    await alice.page.click('.call-panel button:has-text("Hang up")');
    await waitFor('the caller is released', () => !d.pbx.control.liveChannelIds().includes(talking.caller));
    expect((await pbx.bye(talking.dialog)).status).toBe(200);
    await alice.page.waitForSelector('.wrap-up');
    // In wrap-up the panel still serves the same call, and says the article was counted.
    await alice.page.waitForSelector(`.call-kb[data-call="${callId}"] .call-kb-use.is-done`);
    await shot(alice.page, 'softphone-03c-kb-in-wrap-up');
    // The panel in Chinese, then back to English for the steps that follow.
    await alice.page.selectOption('.language-picker select', 'zh-CN');
    await alice.page.waitForSelector('.call-kb-use.is-done:has-text("已计入本次通话")');
    expect(await alice.page.textContent('#call-kb-title')).toBe('知识库');
    await shot(alice.page, 'softphone-03d-kb-in-wrap-up-zh');
    await alice.page.selectOption('.language-picker select', 'en');
    await alice.page.click('.wrap-up button:has-text("Finish wrap-up")');
    await alice.page.waitForSelector('.state-now[data-state="available"]');
    await alice.page.waitForSelector('.call-kb', { state: 'detached' });

    const report = await d.api<{ most: { articleId: string; viewed: number; usedInCall: number }[] }>('GET', `/api/kb/usage-report?from=0&to=${Date.now() + 60_000}&limit=5`);
    expect(report.most.find((r) => r.articleId === articleId)).toMatchObject({ viewed: 1, usedInCall: 1 });
  });

  it("given click-to-dial when the daemon rings the agent's browser phone first then it connects without a click and the customer is dialed", async () => {
    d.pbx.control.setPhoneBehaviour('+4930777888', 'manual');
    await alice.page.fill('#dial-number', '+4930777888');
    await alice.page.click('.dial-pad button[type=submit]');
    const { status, dialog } = await (await ringBrowser('switchboard')).answered;
    expect(status).toBe(200);
    await d.pbx.control.answerPhone(EXTENSION);
    await alice.page.waitForSelector('.call-panel[data-call-state="dialing_customer"]');
    await shot(alice.page, 'softphone-04-dialing-customer');
    await alice.page.click('.call-panel button:has-text("Hang up")');
    expect((await pbx.bye(dialog as Dialog)).status).toBe(200);
    await waitFor('the agent leaves the outbound call', () => deskState(aliceAgent) !== 'outbound');
  });

  it('given the phone system goes away when the browser phone loses its connection then the toolbar says so in words and offers to reconnect', async () => {
    await pbx.close();
    await phoneShown('failed');
    const text = await alice.page.textContent('.phone-status');
    expect(text).toContain('Browser phone not connected');
    expect(text).toMatch(/connection to the phone system was lost|cannot be reached/);
    expect(await alice.page.isVisible('.phone-status button:has-text("Reconnect")')).toBe(true);
    await shot(alice.page, 'softphone-05-connection-lost');
  });
});
