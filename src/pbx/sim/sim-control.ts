/**
 * The far side of the simulated PBX, for demos, browser tests, load tests and the contract
 * suite: callers dial in, press keys and hang up; phones answer, refuse or ring out; the PBX
 * itself goes away and comes back. Nothing here is part of the MediaServer port.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../../core/errors.js';
import type { EndpointPresence } from '../port.js';
import { validateDtmf } from '../shared/media-ref.js';
import { hears, hearsMoh } from './audio-paths.js';
import type { SimCalls } from './sim-calls.js';
import type { SimRecorder } from './sim-recorder.js';
import { parseVoiceWav, utteranceEnd } from './sim-voice.js';
import type { SimPhoneBehaviour, SimWorld } from './sim-world.js';

export interface SimInboundCall {
  from: string;
  fromName?: string;
  /** The DID dialed. */
  to: string;
  headers?: Record<string, string>;
  variables?: Record<string, string>;
  /** Our id for the new channel; generated when omitted. */
  channelId?: string;
}

export interface SimFarSide {
  answered: boolean;
  hearsMoh: boolean;
  onHold: boolean;
  muted: { in: boolean; out: boolean };
  heardPrompts: string[];
  receivedDtmf: string;
  hears: string[];
  redirectedTo?: string;
  /** The channel has ended (hung up by either side): nothing more will happen to it. */
  gone: boolean;
}

export class SimControl {
  /** The port's user asked to be connected (connect() without close()): reconnect after outages. */
  wantConnected = false;

  constructor(
    private readonly world: SimWorld,
    private readonly calls: SimCalls,
    private readonly recorder: SimRecorder,
  ) {}

  /** A caller dials in; resolves with the channel id once channel.inbound has been delivered. */
  async placeInboundCall(call: SimInboundCall): Promise<string> {
    const world = this.world;
    if (!world.connected) throw new AppError('PBX_UNAVAILABLE', 'The call cannot reach the application: not connected');
    const id = call.channelId ?? world.newId();
    if (world.channels.has(id)) throw new AppError('CONFLICT', `Channel id ${id} is already in use`, { channelId: id });
    const ch = world.newChannel({
      id,
      direction: 'inbound',
      state: 'ringing',
      name: `SIM/${call.from}-${String(world.nextSeq()).padStart(8, '0')}`,
      callerNumber: call.from,
      callerName: call.fromName ?? '',
      dialedNumber: call.to,
      variables: { ...call.variables },
      sipHeaders: { ...call.headers },
      target: undefined,
    });
    world.emit({ type: 'channel.inbound', channel: world.info(ch) });
    await world.hub.idle();
    return id;
  }

  /** How a phone or external number reacts to the next legs originated to it. */
  setPhoneBehaviour(target: string, behaviour: SimPhoneBehaviour): void {
    const phone = this.world.phones.get(target);
    if (phone) phone.behaviour = behaviour;
    else this.world.numbers.set(target, behaviour);
  }

  /** Adds a phone to the configuration (registered unless said otherwise). */
  addPhone(name: string, registered = true): void {
    if (!this.world.phones.has(name)) this.world.phones.set(name, { registered, behaviour: 'answer' });
  }

  phoneNames(): string[] {
    return [...this.world.phones.keys()];
  }

  /** Ids of the legs ringing at a phone or number, oldest first (a demo phone shows them). */
  ringingAt(target: string): string[] {
    return [...this.world.channels.values()].filter((c) => c.target === target && c.state === 'ringing').map((c) => c.id);
  }

  /** Picks up the oldest leg ringing at that phone or number. */
  async answerPhone(target: string): Promise<void> {
    this.calls.answerTarget(target);
    await this.world.hub.idle();
  }

  /** The far end presses keys: one channel.dtmf per digit, in order. */
  async pressDigits(channelId: string, digits: string): Promise<void> {
    validateDtmf(digits);
    for (const digit of digits) {
      const ch = this.farChannel(channelId);
      this.world.emit({ type: 'channel.dtmf', channelId, digit });
      for (const listener of [...ch.dtmfListeners]) listener(digit);
    }
    await this.world.hub.idle();
  }

  /**
   * The caller says something, starting now: a WAV file (16-bit mono PCM, 8 or 16 kHz) or its
   * bytes. Recordings that hear the channel capture it; resolves with how long it lasts.
   */
  async say(channelId: string, audio: string | Buffer): Promise<{ durationMs: number }> {
    const bytes = typeof audio === 'string' ? await readFile(audio) : audio;
    const { rate, samples } = parseVoiceWav(bytes);
    const ch = this.farChannel(channelId);
    const utterance = { startAt: this.world.clock.now(), rate, samples };
    ch.voice.push(utterance);
    this.recorder.voiceHeard(channelId);
    await this.world.hub.idle();
    return { durationMs: utteranceEnd(utterance) - utterance.startAt };
  }

  /** Resolves with a recording's id once one that hears the channel runs (a caller waits for the beep). */
  whenRecording(channelId: string): Promise<string> {
    return this.recorder.whenRecording(channelId);
  }

  async farEndHangup(channelId: string): Promise<void> {
    this.farChannel(channelId);
    this.world.endChannel(channelId, 'normal', 'remote');
    await this.world.hub.idle();
  }

  /** Ids of every channel the simulated PBX has now (test teardown checks that none is left). */
  liveChannelIds(): string[] {
    return [...this.world.channels.keys()];
  }

  /** The PBX forgets the channel and tells nobody. */
  vanishChannel(channelId: string): void {
    this.farChannel(channelId);
    this.world.removeSilently(channelId);
  }

  async setPresence(phone: string, presence: Exclude<EndpointPresence, 'unknown'>): Promise<void> {
    const entry = this.world.phones.get(phone);
    if (!entry) throw new AppError('NOT_FOUND', `No phone named ${phone}`, { phone });
    entry.registered = presence === 'registered';
    this.world.emit({ type: 'endpoint.presence', endpoint: phone, presence });
    await this.world.hub.idle();
  }

  /** The PBX becomes unreachable: connection.down, then every operation is PBX_UNAVAILABLE. */
  async dropConnection(reason = 'simulated outage'): Promise<void> {
    this.world.emit({ type: 'connection.down', reason });
    this.world.connected = false;
    this.world.reachable = false;
    await this.world.hub.idle();
  }

  /**
   * The PBX is back. Channels in `lose` (all, when omitted: a restart) did not survive; a full
   * restart also loses bridges and supervision. The user reconnects and reconciles.
   */
  async restoreConnection(options: { lose?: string[] } = {}): Promise<void> {
    const world = this.world;
    const lose = options.lose ?? [...world.channels.keys()];
    for (const id of lose) world.removeSilently(id);
    if (options.lose === undefined) {
      for (const id of [...world.bridges.keys()]) this.recorder.bridgeDestroyed(id);
      world.bridges.clear();
      world.sessions.clear();
    }
    world.reachable = true;
    if (this.wantConnected) {
      world.connected = true;
      world.emit({ type: 'connection.up' });
      world.reconcile();
    }
    await world.hub.idle();
  }

  async restartPbx(options: { lose?: string[] } = {}): Promise<void> {
    await this.dropConnection('simulated restart');
    await this.restoreConnection(options);
  }

  /** What the far end of a channel experiences (kept after the channel ended). */
  farSide(channelId: string): SimFarSide {
    const rec = this.world.far.get(channelId);
    if (!rec) throw new AppError('NOT_FOUND', `No channel ${channelId} was ever seen`, { channelId });
    const ch = this.world.channels.get(channelId);
    const view: SimFarSide = {
      answered: rec.answered,
      hearsMoh: hearsMoh(this.world, channelId),
      onHold: ch?.onHold ?? false,
      muted: { in: ch?.muted.in ?? false, out: ch?.muted.out ?? false },
      heardPrompts: [...rec.heardPrompts],
      receivedDtmf: rec.receivedDtmf,
      hears: hears(this.world, channelId),
      gone: ch === undefined,
    };
    if (rec.redirectedTo !== undefined) view.redirectedTo = rec.redirectedTo;
    return view;
  }

  /** Absolute path of a recording's WAV by its RecordOptions.name. */
  recordingFile(name: string): string {
    return this.recorder.fileFor(name);
  }

  private farChannel(channelId: string): ReturnType<SimWorld['channel']> {
    const ch = this.world.channels.get(channelId);
    if (!ch) throw new AppError('CHANNEL_GONE', `Channel ${channelId} no longer exists`, { channelId });
    return ch;
  }
}
