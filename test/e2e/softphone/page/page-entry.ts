/**
 * The test page's script (bundled by the test with vite): the softphone module as the toolbar
 * would use it, plus the far end, driven by page.evaluate through `window.sbTest`.
 */
import { createSoftphone, isSoftphoneError, type Softphone, type SoftphoneCall, type SoftphoneCredentials } from '../../../../src/web/softphone/index.js';
import { FarEnd } from './far-end.js';

export type Outcome = { ok: true } | { ok: false; code: string; message: string };
export type PageEvent =
  | { type: 'state'; registration: string; call?: { id: string; state: string; held: boolean; muted: boolean; endReason?: string; statusCode?: number; remote: string } }
  | { type: 'incoming'; from: string; name: string }
  | { type: 'error'; code: string }
  | { type: 'dtmf'; tone: string; via: string };

function outcome(p: Promise<unknown>): Promise<Outcome> {
  return p.then(
    () => ({ ok: true }) as const,
    (err: unknown) => ({ ok: false, code: isSoftphoneError(err) ? err.code : 'UNCODED', message: err instanceof Error ? err.message : String(err) }),
  );
}

export class PageUnderTest {
  phone: Softphone | undefined;
  incoming: SoftphoneCall | undefined;
  readonly events: PageEvent[] = [];
  /** SIP.js's own log, read by the test when something does not add up. */
  readonly sipLog: string[] = [];
  readonly farEnd = new FarEnd();

  start(credentials: SoftphoneCredentials): void {
    const phone = (this.phone = createSoftphone({ credentials, iceGatheringTimeoutMs: 3000, logLevel: 'debug', log: (level, message) => this.sipLog.push(`${level} ${message}`) }));
    phone.on('state', (s) =>
      this.events.push({
        type: 'state',
        registration: s.registration,
        ...(s.call ? { call: { id: s.call.id, state: s.call.state, held: s.call.held, muted: s.call.muted, remote: s.call.remote.uri, ...(s.call.endReason ? { endReason: s.call.endReason } : {}), ...(s.call.statusCode ? { statusCode: s.call.statusCode } : {}) } } : {}),
      }),
    );
    phone.on('incoming', (call) => {
      this.incoming = call;
      this.events.push({ type: 'incoming', from: call.remote.uri, name: call.remote.displayName });
    });
    phone.on('error', (err) => this.events.push({ type: 'error', code: err.code }));
    phone.on('dtmf', (d) => this.events.push({ type: 'dtmf', tone: d.tone, via: d.via }));
  }

  private get live(): Softphone {
    if (!this.phone) throw new Error('start() first');
    return this.phone;
  }

  register = (): Promise<Outcome> => outcome(this.live.register());
  unregister = (): Promise<Outcome> => outcome(this.live.unregister());
  answer = (): Promise<Outcome> => outcome(Promise.resolve(this.incoming).then((c) => c?.answer()));
  reject = (): Promise<Outcome> => outcome(Promise.resolve(this.incoming).then((c) => c?.reject()));
  dial = (target: string): Promise<Outcome> => outcome(this.live.dial(target));
  hangup = (): Promise<Outcome> => outcome(Promise.resolve(this.live.call?.hangup()));
  hold = (): Promise<Outcome> => outcome(Promise.resolve(this.live.call?.hold()));
  unhold = (): Promise<Outcome> => outcome(Promise.resolve(this.live.call?.unhold()));
  dtmf = (tones: string): Promise<Outcome> => outcome(Promise.resolve(this.live.call?.sendDtmf(tones)));
  mute = (): Outcome => {
    this.live.call?.mute();
    return { ok: true };
  };
  /**
   * Whether the microphone tracks are enabled: mute and hold act on the track, and the module
   * rightly exposes no session, so the test looks inside the call (test-only).
   */
  senderEnabled = (): boolean[] => {
    const stream = (this.live.call as unknown as { session?: { sessionDescriptionHandler?: { localMediaStream?: MediaStream } } } | undefined)?.session?.sessionDescriptionHandler?.localMediaStream;
    return stream?.getAudioTracks().map((t) => t.enabled) ?? [];
  };
  devices = (): Promise<unknown> => this.live.listDevices({ askPermission: true });
  setOutput = (id: string): Promise<Outcome> => outcome(this.live.setOutputDevice(id));
  setInput = (id: string | undefined): Promise<Outcome> => outcome(this.live.setInputDevice(id));
  snapshot = () => this.live.snapshot();
}

declare global {
  interface Window {
    sbTest: PageUnderTest;
  }
}

window.sbTest = new PageUnderTest();
