import { Inviter, Registerer, RegistererState, UserAgent, UserAgentState, Web, type Invitation, type LogLevel } from 'sip.js';
import { AudioOutput } from './audio-output.js';
import { Call } from './call.js';
import { listAudioDevices } from './devices.js';
import { isSoftphoneError, SoftphoneError } from './errors.js';
import { Listeners } from './listeners.js';
import { Microphone, stopTracks } from './microphone.js';
import { sendRegister } from './registration.js';
import type { AudioDevices, RegistrationState, Softphone, SoftphoneCall, SoftphoneCredentials, SoftphoneEvents, SoftphoneSnapshot } from './types.js';

export interface SoftphoneOptions {
  credentials: SoftphoneCredentials;
  /** Where the far end is heard; by default an element of our own, never attached to the page. */
  audioElement?: HTMLAudioElement;
  /** The microphone to use (a deviceId from listDevices); the browser's default otherwise. */
  inputDeviceId?: string;
  /** Seconds to wait for the WebSocket to open before PBX_UNREACHABLE (default 5). */
  connectTimeoutSeconds?: number;
  /** Milliseconds to gather ICE candidates before sending an offer or answer (default 5000). */
  iceGatheringTimeoutMs?: number;
  /** SIP.js's own log, for diagnostics (SIP messages at 'debug'); silent by default. */
  log?: (level: LogLevel, message: string) => void;
  logLevel?: LogLevel;
}

/** An extension (no '@', no scheme) is completed with the softphone's own domain. */
const EXTENSION = /^[A-Za-z0-9_.+*#-]+$/;

/**
 * The agent's browser phone: a SIP.js user agent registered over WSS as the agent's WebRTC
 * extension, one call at a time (a second INVITE is answered 486 Busy Here), its events typed
 * for a framework-free page. The PBX does the contact-center work; this is only the phone.
 */
export function createSoftphone(options: SoftphoneOptions): Softphone {
  return new BrowserSoftphone(options);
}

class BrowserSoftphone implements Softphone {
  private readonly listeners = new Listeners<SoftphoneEvents>();
  private readonly media: () => MediaDevices | undefined;
  private readonly microphone: Microphone;
  private readonly output: AudioOutput;
  private readonly ua: UserAgent;
  private readonly registerer: Registerer;
  private readonly domain: string;
  private state: RegistrationState = 'unregistered';
  private live: Call | undefined;
  private last: Call | undefined;
  private registering: Promise<void> | undefined;
  /** Rejects the register() in flight when the WebSocket drops under it. */
  private abortRegister: ((err: SoftphoneError) => void) | undefined;
  private disposed = false;
  /** Our own unregister(): the registration ending then is no failure. */
  private unregistering = false;

  constructor(private readonly options: SoftphoneOptions) {
    const { credentials } = options;
    const uri = UserAgent.makeURI(credentials.sipUri);
    if (!uri) throw new SoftphoneError('INVALID_TARGET', `Not a SIP address: ${credentials.sipUri}`);
    this.domain = uri.host;
    // Read on every use: undefined outside a secure context, which open() reports as MEDIA_UNSUPPORTED.
    this.media = () => (typeof navigator === 'undefined' ? undefined : navigator.mediaDevices);
    this.microphone = new Microphone(this.media);
    this.microphone.deviceId = options.inputDeviceId;
    this.output = new AudioOutput(options.audioElement);
    this.ua = new UserAgent({
      uri,
      displayName: credentials.displayName,
      authorizationUsername: credentials.authorizationUsername,
      authorizationPassword: credentials.password,
      transportOptions: { server: credentials.wsUrl, connectionTimeout: options.connectTimeoutSeconds ?? 5, traceSip: false },
      sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(this.microphone.factory),
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: credentials.iceServers },
        iceGatheringTimeout: options.iceGatheringTimeoutMs ?? 5000,
      },
      userAgentString: 'Switchboard softphone',
      logBuiltinEnabled: false,
      logLevel: options.logLevel ?? 'warn',
      logConnector: (level, category, _label, content) => options.log?.(level, `${category} ${content}`),
      delegate: {
        onInvite: (invitation) => this.onInvite(invitation),
        onDisconnect: (error) => this.onDisconnect(error),
      },
    });
    this.registerer = new Registerer(this.ua);
    this.registerer.stateChange.addListener((s) => this.onRegistererState(s));
  }

  get registration(): RegistrationState {
    return this.state;
  }

  get call(): SoftphoneCall | undefined {
    return this.live;
  }

  snapshot(): SoftphoneSnapshot {
    const call = this.live ?? this.last;
    return { registration: this.state, ...(call ? { call: call.snapshot() } : {}) };
  }

  on<K extends keyof SoftphoneEvents>(event: K, handler: (payload: SoftphoneEvents[K]) => void): () => void {
    return this.listeners.on(event, handler);
  }

  register(): Promise<void> {
    if (this.disposed) return Promise.reject(new SoftphoneError('INVALID_STATE', 'This softphone was disposed'));
    if (this.state === 'registered') return Promise.resolve();
    this.registering ??= this.connectAndRegister().finally(() => {
      this.registering = undefined;
    });
    return this.registering;
  }

  async unregister(): Promise<void> {
    if (this.registerer.state === RegistererState.Registered) {
      this.unregistering = true;
      await new Promise<void>((resolve) => {
        // Either answer ends the registration on our side; the PBX forgets it at expiry anyway.
        this.registerer
          .unregister({ requestDelegate: { onAccept: () => resolve(), onReject: () => resolve() } })
          .catch((err: unknown) => {
            this.options.log?.('warn', `unregister not sent: ${String(err)}`);
            resolve();
          });
      }).finally(() => {
        this.unregistering = false;
      });
    }
    this.setRegistration('unregistered');
  }

  async dial(target: string): Promise<SoftphoneCall> {
    if (this.state !== 'registered') throw new SoftphoneError('INVALID_STATE', 'The softphone is not registered', { details: { registration: this.state } });
    if (this.live) throw new SoftphoneError('INVALID_STATE', 'A call is already in progress', { details: { callId: this.live.id } });
    const uri = UserAgent.makeURI(EXTENSION.test(target) ? `sip:${target}@${this.domain}` : target);
    if (!uri) throw new SoftphoneError('INVALID_TARGET', `Not an extension or SIP address: ${target}`);
    await this.microphone.reserve();
    const call = this.track(new Call(new Inviter(this.ua, uri, { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } as Web.SessionDescriptionHandlerOptions }), this.callContext()));
    try {
      await call.start();
    } catch (err) {
      this.microphone.release();
      throw isSoftphoneError(err) ? err : new SoftphoneError('CALL_FAILED', `The call to ${target} could not be placed`, { cause: err });
    }
    return call;
  }

  async listDevices(options: { askPermission?: boolean } = {}): Promise<AudioDevices> {
    if (options.askPermission) stopTracks(await this.microphone.open());
    return listAudioDevices(this.media(), this.output.selectable);
  }

  async setInputDevice(deviceId: string | undefined): Promise<void> {
    const before = this.microphone.deviceId;
    this.microphone.deviceId = deviceId;
    if (this.live?.state !== 'active') return;
    try {
      await this.live.switchMicrophone(await this.microphone.open());
    } catch (err) {
      this.microphone.deviceId = before;
      throw err;
    }
  }

  async setOutputDevice(deviceId: string): Promise<void> {
    await this.output.setDevice(deviceId);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    try {
      await this.live?.hangup();
      await this.unregister();
    } finally {
      this.microphone.release();
      this.output.stop();
      await this.ua.stop();
      this.listeners.clear();
    }
  }

  private async connectAndRegister(): Promise<void> {
    this.setRegistration('connecting');
    try {
      await this.connect();
      const pending = sendRegister(this.registerer);
      this.abortRegister = pending.abort;
      try {
        await pending.done;
      } finally {
        this.abortRegister = undefined;
      }
      this.setRegistration('registered');
    } catch (err) {
      this.setRegistration('failed');
      throw err;
    }
  }

  private async connect(): Promise<void> {
    if (this.ua.isConnected()) return;
    try {
      if (this.ua.state === UserAgentState.Started) await this.ua.reconnect();
      else await this.ua.start();
    } catch (err) {
      throw new SoftphoneError('PBX_UNREACHABLE', `The phone system is unreachable at ${this.options.credentials.wsUrl} (is its certificate trusted?)`, { cause: err });
    }
  }

  private onRegistererState(s: RegistererState): void {
    // A refresh the PBX refused (or a registration it dropped) while we thought we were registered.
    if (s === RegistererState.Unregistered && this.state === 'registered' && !this.registering && !this.unregistering) {
      this.setRegistration('failed');
      this.listeners.emit('error', new SoftphoneError('REGISTRATION_FAILED', 'The phone system ended this phone\'s registration: calls no longer reach it'));
    }
  }

  private onDisconnect(error: Error | undefined): void {
    // SIP.js calls this with an error only when the socket closed without us asking.
    if (!error || this.disposed) return;
    const lost = new SoftphoneError(this.state === 'registered' ? 'CONNECTION_LOST' : 'PBX_UNREACHABLE', 'The connection to the phone system was lost', { cause: error });
    if (this.abortRegister) {
      this.abortRegister(lost);
      this.abortRegister = undefined;
      return;
    }
    if (this.state === 'registered') {
      this.setRegistration('failed');
      this.listeners.emit('error', lost);
    }
  }

  private onInvite(invitation: Invitation): void {
    if (this.live) {
      // One call at a time: an agent's second call is the PBX's to queue or reroute.
      invitation.reject({ statusCode: 486 }).catch((err: unknown) => this.options.log?.('warn', `could not refuse a second call: ${String(err)}`));
      return;
    }
    const call = this.track(new Call(invitation, this.callContext()));
    this.listeners.emit('incoming', call);
  }

  private track(call: Call): Call {
    this.live = call;
    this.last = undefined;
    this.emitState();
    return call;
  }

  private callContext() {
    return {
      microphone: this.microphone,
      output: this.output,
      changed: () => {
        const ended = this.live?.state === 'ended' ? this.live : undefined;
        if (ended) {
          this.last = ended;
          this.live = undefined;
        }
        this.emitState();
      },
      error: (err: SoftphoneError) => this.listeners.emit('error', err),
      dtmf: (tone: string, via: 'rtp' | 'info') => {
        const call = this.live ?? this.last;
        if (call) this.listeners.emit('dtmf', { callId: call.id, tone, via });
      },
    };
  }

  private setRegistration(state: RegistrationState): void {
    if (this.state === state) return;
    this.state = state;
    this.emitState();
  }

  private emitState(): void {
    this.listeners.emit('state', this.snapshot());
  }
}
