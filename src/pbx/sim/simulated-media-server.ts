/**
 * The simulated media server: the whole `MediaServer` port in-process, with no PBX. It runs on
 * the injected Clock (prompt lengths, ringing, timeouts), writes real WAV recordings, and exposes
 * `control` so demos, browser tests and load tests can play the far side (callers dialing in,
 * phones answering, digits, hang-ups, PBX outages). It passes the same contract suite as the real
 * adapters (test/contract/sim.contract.test.ts). Every UI that shows it labels it simulated.
 */
import type { Clock } from '../../core/clock.js';
import { AppError, validationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { silentLogger, type Logger } from '../../core/log.js';
import type {
  MissingPrompt,
  BridgeKind,
  CollectOptions,
  CollectResult,
  EndpointPresence,
  EndpointRef,
  HangupCause,
  MediaRef,
  MediaServer,
  OriginateOptions,
  PbxEvent,
  PbxSnapshot,
  Playback,
  PlayOptions,
  RecordOptions,
  SuperviseOptions,
  SupervisionMode,
} from '../port.js';
import { PbxEventHub } from '../shared/event-hub.js';
import { describeEndpoint, validateDtmf } from '../shared/media-ref.js';
import { SimCalls } from './sim-calls.js';
import { SimControl } from './sim-control.js';
import { DEFAULT_PROMPT_TIMING, SimMedia, type PromptTiming } from './sim-media.js';
import { SimRecorder } from './sim-recorder.js';
import { SimWorld, type SimPhoneBehaviour } from './sim-world.js';

export interface SimulatedMediaServerOptions {
  clock: Clock;
  /** Where recordings are written (`<dir>/<name>.wav`). */
  recordingsDir: string;
  /** Configured phones; registered unless said otherwise. */
  phones?: { name: string; registered?: boolean }[];
  /** How phones react to originated legs until told otherwise ('answer'). */
  defaultPhoneBehaviour?: SimPhoneBehaviour;
  promptTiming?: Partial<PromptTiming>;
  /** Record a tone at this frequency instead of silence (audible demos). */
  recordingToneHz?: number;
  newId?: () => string;
  logger?: Logger;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_.()-]{0,63}$/;
const MODES: readonly SupervisionMode[] = ['listen', 'whisper', 'barge'];

export class SimulatedMediaServer implements MediaServer {
  readonly kind = 'sim';
  readonly simulated = true;
  /** The far side: callers, phones, the PBX itself. */
  readonly control: SimControl;
  private readonly world: SimWorld;
  private readonly hub: PbxEventHub;
  private readonly media: SimMedia;
  private readonly calls: SimCalls;
  private readonly recorder: SimRecorder;

  constructor(options: SimulatedMediaServerOptions) {
    const logger = options.logger ?? silentLogger;
    this.hub = new PbxEventHub(logger);
    this.world = new SimWorld(options.clock, this.hub, options.newId ?? newId, logger);
    for (const p of options.phones ?? [])
      this.world.phones.set(p.name, { registered: p.registered ?? true, behaviour: options.defaultPhoneBehaviour ?? 'answer' });
    this.media = new SimMedia(this.world, { ...DEFAULT_PROMPT_TIMING, ...options.promptTiming });
    this.calls = new SimCalls(this.world);
    this.recorder = new SimRecorder(this.world, options.recordingsDir, options.recordingToneHz);
    this.control = new SimControl(this.world, this.calls, this.recorder);
  }

  async connect(): Promise<void> {
    if (!this.world.reachable) throw new AppError('PBX_UNAVAILABLE', 'The simulated PBX is down');
    if (this.world.connected) return;
    this.world.connected = true;
    this.control.wantConnected = true;
    this.world.emit({ type: 'connection.up' });
    // Like the real adapters: every connection, the first included, is followed by a reconcile.
    this.world.reconcile();
    await this.hub.idle();
  }

  async close(): Promise<void> {
    this.control.wantConnected = false;
    this.world.connected = false;
    this.world.stopAllTimers();
    await this.hub.idle();
  }

  isConnected(): boolean {
    return this.world.connected;
  }

  onEvent(listener: (event: PbxEvent) => void): () => void {
    return this.hub.on(listener);
  }

  async answer(channelId: string): Promise<void> {
    const ch = this.live(channelId);
    if (ch.direction === 'outbound' && ch.state !== 'up')
      throw new AppError('PBX_REJECTED', 'An originated leg is answered by its far end', { channelId });
    this.world.answerChannel(ch);
  }

  async hangup(channelId: string, cause: HangupCause = 'normal'): Promise<void> {
    this.live(channelId);
    this.world.endChannel(channelId, cause, 'local');
  }

  async originate(options: OriginateOptions): Promise<string> {
    return this.calls.originate(options);
  }

  async play(channelId: string, media: MediaRef[], options?: PlayOptions): Promise<Playback> {
    return this.media.play(channelId, media, options);
  }

  async collectDigits(channelId: string, options: CollectOptions): Promise<CollectResult> {
    return this.media.collectDigits(channelId, options);
  }

  async startMoh(channelId: string): Promise<void> {
    this.live(channelId).moh = true;
  }

  async stopMoh(channelId: string): Promise<void> {
    this.live(channelId).moh = false;
  }

  async sendDtmf(channelId: string, digits: string): Promise<void> {
    this.world.requireConnected();
    validateDtmf(digits);
    const ch = this.world.channel(channelId);
    this.world.farRecord(ch.id).receivedDtmf += digits;
  }

  async createBridge(kind: BridgeKind, id?: string): Promise<string> {
    this.world.requireConnected();
    if (kind !== 'mixing' && kind !== 'holding')
      throw validationError([{ where: '/kind', reason: 'must be mixing or holding' }]);
    const bridgeId = id ?? this.world.newId();
    if (this.world.bridges.has(bridgeId))
      throw new AppError('PBX_REJECTED', `Bridge id ${bridgeId} is already in use`, { bridgeId });
    this.world.bridges.set(bridgeId, { id: bridgeId, kind, channelIds: [] });
    return bridgeId;
  }

  async addToBridge(bridgeId: string, channelId: string): Promise<void> {
    const ch = this.live(channelId);
    const bridge = this.world.bridge(bridgeId);
    if (ch.bridgeId === bridgeId) return;
    if (ch.bridgeId) {
      const old = this.world.bridges.get(ch.bridgeId);
      if (old) old.channelIds = old.channelIds.filter((c) => c !== channelId);
    }
    bridge.channelIds.push(channelId);
    ch.bridgeId = bridgeId;
  }

  async removeFromBridge(bridgeId: string, channelId: string): Promise<void> {
    this.world.requireConnected();
    const bridge = this.world.bridge(bridgeId);
    const ch = this.world.channel(channelId);
    if (ch.bridgeId !== bridgeId)
      throw new AppError('PBX_REJECTED', `Channel ${channelId} is not in bridge ${bridgeId}`, { bridgeId, channelId });
    bridge.channelIds = bridge.channelIds.filter((c) => c !== channelId);
    ch.bridgeId = undefined;
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    this.world.requireConnected();
    const bridge = this.world.bridge(bridgeId);
    for (const id of bridge.channelIds) {
      const ch = this.world.channels.get(id);
      if (ch) ch.bridgeId = undefined;
    }
    this.world.bridges.delete(bridgeId);
    this.recorder.bridgeDestroyed(bridgeId);
  }

  async hold(channelId: string): Promise<void> {
    this.live(channelId).onHold = true;
  }

  async unhold(channelId: string): Promise<void> {
    this.live(channelId).onHold = false;
  }

  async mute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    this.setMute(channelId, direction, true);
  }

  async unmute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    this.setMute(channelId, direction, false);
  }

  async startRecording(options: RecordOptions): Promise<string> {
    return this.recorder.start(options);
  }

  async stopRecording(recordingId: string): Promise<void> {
    await this.recorder.stop(recordingId);
  }

  async pauseRecording(recordingId: string): Promise<void> {
    this.recorder.pause(recordingId);
  }

  async resumeRecording(recordingId: string): Promise<void> {
    this.recorder.resume(recordingId);
  }

  async supervise(options: SuperviseOptions): Promise<string> {
    this.world.requireConnected();
    this.checkMode(options.mode);
    if (options.targetChannelId === options.supervisorChannelId)
      throw validationError([{ where: '/supervisorChannelId', reason: 'a leg cannot supervise itself' }]);
    this.world.channel(options.targetChannelId);
    this.world.channel(options.supervisorChannelId);
    const id = this.world.newId();
    this.world.sessions.set(id, { id, ...options });
    return id;
  }

  async setSupervisionMode(sessionId: string, mode: SupervisionMode): Promise<void> {
    this.world.requireConnected();
    this.checkMode(mode);
    const session = this.world.sessions.get(sessionId);
    if (!session) throw new AppError('CHANNEL_GONE', `Supervision ${sessionId} has ended`, { sessionId });
    session.mode = mode;
  }

  async endSupervision(sessionId: string): Promise<void> {
    this.world.requireConnected();
    this.world.sessions.delete(sessionId);
  }

  async redirect(channelId: string, target: EndpointRef): Promise<void> {
    this.live(channelId);
    this.world.farRecord(channelId).redirectedTo = describeEndpoint(target);
    this.world.endChannel(channelId, 'normal', 'local');
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    this.world.requireConnected();
    if (!VARIABLE.test(name)) throw validationError([{ where: '/name', reason: `not a variable name: ${JSON.stringify(name)}` }]);
    this.world.channel(channelId).variables[name] = value;
  }

  async getVariable(channelId: string, name: string): Promise<string | undefined> {
    return this.live(channelId).variables[name];
  }

  async endpointPresence(name: string): Promise<EndpointPresence> {
    this.world.requireConnected();
    const phone = this.world.phones.get(name);
    if (!phone) return 'unknown';
    return phone.registered ? 'registered' : 'unregistered';
  }

  async snapshot(): Promise<PbxSnapshot> {
    this.world.requireConnected();
    return {
      channels: [...this.world.channels.values()].map((ch) => this.world.info(ch)),
      bridges: [...this.world.bridges.values()].map((b) => ({ id: b.id, kind: b.kind, channelIds: [...b.channelIds] })),
    };
  }

  /** The simulated server plays every daemon prompt (it has no sound files to miss). */
  async checkPrompts(): Promise<MissingPrompt[]> {
    this.world.requireConnected();
    return [];
  }

  private live(channelId: string): ReturnType<SimWorld['channel']> {
    this.world.requireConnected();
    return this.world.channel(channelId);
  }

  private setMute(channelId: string, direction: 'in' | 'out' | 'both', on: boolean): void {
    if (direction !== 'in' && direction !== 'out' && direction !== 'both')
      throw validationError([{ where: '/direction', reason: 'must be in, out or both' }]);
    const ch = this.live(channelId);
    if (direction !== 'out') ch.muted.in = on;
    if (direction !== 'in') ch.muted.out = on;
  }

  private checkMode(mode: SupervisionMode): void {
    if (!MODES.includes(mode)) throw validationError([{ where: '/mode', reason: 'must be listen, whisper or barge' }]);
  }
}
