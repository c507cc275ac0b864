/**
 * The agent's browser softphone inside the toolbar, for an agent whose phone binding is
 * 'browser': it asks the daemon for the SIP credentials over the signed-in session, loads the
 * softphone module (a separate chunk: desk-phone agents never download SIP.js), registers, and
 * lends the toolbar's Answer button to whatever rings on it.
 *
 *   off ──start()──▶ loading ──credentials──▶ connecting ──200 OK──▶ registered
 *   loading ──PHONE_NOT_BROWSER / NO_PHONE──▶ off            (a desk phone: nothing to do here)
 *   loading|connecting ──any failure──▶ failed ──back-off / retry()──▶ loading
 *   registered ──connection lost / registration dropped──▶ failed ──back-off──▶ loading
 *   any ──stop()──▶ off
 *
 * The daemon places every call (the agent's leg is rung on this phone), so the phone itself only
 * answers, plays the far end and sends the microphone: hold, mute, transfer and DTMF go through
 * the daemon for every kind of phone alike.
 */
import { signal } from '@preact/signals';
import { backoffMs } from '../api/backoff.js';
import { agent } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import { reportError } from '../kit/toast-store.js';
import type { AudioDevices, Softphone, SoftphoneCall, SoftphoneCredentials } from '../softphone/index.js';
import { registerPhoneAnswerer } from './phone-answer.js';

export type BrowserPhoneStatus = 'off' | 'loading' | 'connecting' | 'registered' | 'failed';

/** The daemon's answers that mean "this agent's phone is not the browser": no softphone, no error. */
const NOT_A_BROWSER_PHONE = new Set(['PHONE_NOT_BROWSER', 'NO_PHONE']);
const DEVICE_KEY = 'switchboard.softphone.devices';

interface StoredDevices {
  input?: string;
  output?: string;
}

export interface BrowserPhoneOptions {
  /** Whether an incoming call is the agent's own leg of a call they just dialed from the toolbar. */
  isOwnDialBack(): boolean;
  /** The softphone module; the real one is loaded on first use (tests may hand another). */
  load?: () => Promise<{ createSoftphone(o: { credentials: SoftphoneCredentials; inputDeviceId?: string }): Softphone }>;
}

export class BrowserPhone {
  readonly status = signal<BrowserPhoneStatus>('off');
  /** Something rings on this phone now. */
  readonly ringing = signal(false);
  /** The code of the last failure, shown next to the status until the phone registers again. */
  readonly failure = signal<string | undefined>(undefined);
  readonly devices = signal<AudioDevices | null>(null);
  readonly chosen = signal<StoredDevices>(readStoredDevices());

  private phone: Softphone | undefined;
  private unlisten: (() => void)[] = [];
  private retryTimer: number | undefined;
  private attempt = 0;
  private running = false;

  constructor(private readonly options: BrowserPhoneOptions) {}

  /** Fetches the credentials and registers; a desk phone leaves the status 'off'. */
  async start(): Promise<void> {
    this.running = true;
    await this.connect();
  }

  /** The agent's Retry button: at once, not at the next back-off. */
  async retry(): Promise<void> {
    this.clearRetry();
    this.attempt = 0;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearRetry();
    await this.drop();
    this.status.value = 'off';
  }

  /** Lists microphones and loudspeakers; the first time it asks for the microphone so names show. */
  async loadDevices(): Promise<void> {
    if (!this.phone) return;
    try {
      this.devices.value = await this.phone.listDevices({ askPermission: !this.devices.value?.inputs.some((d) => d.label) });
    } catch (err) {
      reportError('softphone.devices', err);
    }
  }

  async chooseInput(deviceId: string): Promise<void> {
    if (!this.phone) return;
    try {
      await this.phone.setInputDevice(deviceId || undefined);
      this.remember({ ...this.chosen.value, input: deviceId });
    } catch (err) {
      reportError('softphone.devices', err);
    }
  }

  async chooseOutput(deviceId: string): Promise<void> {
    if (!this.phone) return;
    try {
      await this.phone.setOutputDevice(deviceId);
      this.remember({ ...this.chosen.value, output: deviceId });
    } catch (err) {
      reportError('softphone.devices', err);
    }
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    await this.drop();
    this.status.value = 'loading';
    let credentials: SoftphoneCredentials;
    try {
      credentials = await agent.softphone();
    } catch (err) {
      if (isApiError(err) && NOT_A_BROWSER_PHONE.has(err.code)) {
        this.status.value = 'off';
        return;
      }
      return this.failed(err);
    }
    try {
      const module = await (this.options.load ?? (() => import('../softphone/index.js')))();
      const stored = this.chosen.value;
      const phone = module.createSoftphone({ credentials, ...(stored.input ? { inputDeviceId: stored.input } : {}) });
      this.phone = phone;
      this.unlisten = [
        phone.on('state', (s) => {
          this.ringing.value = s.call?.state === 'ringing';
          if (s.registration === 'registered') this.status.value = 'registered';
        }),
        phone.on('incoming', (call) => this.onIncoming(call)),
        phone.on('error', (err) => {
          reportError('softphone.title', err);
          if (phone.registration === 'failed') this.scheduleRetry(err.code);
        }),
        registerPhoneAnswerer({ canAnswer: () => phone.call?.state === 'ringing' && phone.call.direction === 'incoming', answer: () => this.answer() }),
      ];
      if (stored.output) await phone.setOutputDevice(stored.output).catch((err: unknown) => console.info('the remembered loudspeaker is not there any more', err));
      if (!this.running) return await this.drop();
      this.status.value = 'connecting';
      await phone.register();
      this.status.value = 'registered';
      this.failure.value = undefined;
      this.attempt = 0;
    } catch (err) {
      this.failed(err);
    }
  }

  private async answer(): Promise<void> {
    const call = this.phone?.call;
    if (!call || call.state !== 'ringing') return;
    await call.answer();
  }

  private onIncoming(call: SoftphoneCall): void {
    // Click-to-dial rings the agent's own phone first: they asked for this call, so it connects
    // without a second click. Everything else (offers, consultations) waits for Answer.
    if (!this.options.isOwnDialBack()) return;
    call.answer().catch((err: unknown) => reportError('softphone.title', err));
  }

  private failed(err: unknown): void {
    this.status.value = 'failed';
    const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : 'unexpected';
    this.failure.value = code;
    // Said once per outage: the retries that follow update the status line, not a toast each.
    if (this.attempt === 0) reportError('softphone.title', err);
    else console.info('the browser phone is still not connected', code, err);
    this.scheduleRetry(code);
  }

  /** A PBX restarting or a network blip must not leave a floor of agents deaf: try again, spaced out. */
  private scheduleRetry(code: string): void {
    this.status.value = 'failed';
    this.failure.value = code;
    // The agent must act first (allow the microphone, fix the configuration): no point retrying.
    if (!this.running || code === 'MIC_DENIED' || code === 'REGISTRATION_REFUSED' || code === 'SOFTPHONE_NOT_CONFIGURED') return;
    this.clearRetry();
    this.retryTimer = window.setTimeout(() => void this.connect(), backoffMs(this.attempt++));
  }

  private clearRetry(): void {
    if (this.retryTimer !== undefined) window.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async drop(): Promise<void> {
    for (const off of this.unlisten) off();
    this.unlisten = [];
    const phone = this.phone;
    this.phone = undefined;
    this.ringing.value = false;
    if (!phone) return;
    try {
      await phone.dispose();
    } catch (err) {
      console.info('the softphone did not close cleanly', err);
    }
  }

  private remember(devices: StoredDevices): void {
    this.chosen.value = devices;
    try {
      localStorage.setItem(DEVICE_KEY, JSON.stringify(devices));
    } catch (err) {
      console.info('the audio devices could not be remembered on this browser', err);
    }
  }
}

function readStoredDevices(): StoredDevices {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(DEVICE_KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const { input, output } = parsed as Record<string, unknown>;
    return { ...(typeof input === 'string' ? { input } : {}), ...(typeof output === 'string' ? { output } : {}) };
  } catch {
    // Nothing stored, or storage refused: the browser's default devices.
    return {};
  }
}
