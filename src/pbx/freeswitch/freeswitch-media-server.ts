/**
 * The MediaServer port on FreeSWITCH 1.10 over the Event Socket.
 *
 * Shape: one inbound ESL connection (EslSession) carries every command and every event; an
 * optional outbound listener learns about new calls fastest (the dialplan's `socket` app);
 * CHANNEL_PARK of a channel marked `switchboard_owned=true` is the other way calls arrive
 * (dialplan `park`), so both dialplans work and a call is announced once, by whichever is first.
 *
 * Ownership: every channel we handle carries `switchboard_owned=true` (dialplan or originate).
 * The channel table is kept from events; after every (re)connect call-tracker.ts reconciles it
 * with FreeSWITCH, confirming each channel with uuid_dump before ending or adopting it.
 *
 * Call-control pieces live beside this file: bridges.ts (bridge emulation), recordings.ts,
 * playback.ts (prompts and digits), supervision.ts (eavesdrop), commands.ts (command text).
 */
import { randomUUID } from 'node:crypto';
import { BackgroundTasks } from '../../core/background-tasks.js';
import type { Clock } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type {
  BridgeKind, ChannelInfo, CollectOptions, CollectResult, EndpointPresence, EndpointRef, HangupCause, MediaRef,
  MediaServer, MissingPrompt, OriginateOptions, PbxEvent, PbxSnapshot, Playback, PlayOptions, RecordOptions, SuperviseOptions,
  SupervisionMode,
} from '../port.js';
import { validateDtmf, validateMedia } from '../shared/media-ref.js';
import { BridgeEmulator } from './bridges.js';
import { CallTracker } from './call-tracker.js';
import { ChannelControl } from './channel-control.js';
import { ChannelTable } from './channel-table.js';
import { checkVariable, dialString, mediaApplications, mohSource, originateRequest, type DialConfig } from './commands.js';
import type { EslEventFormat } from './esl-event.js';
import { EslSession } from './esl-session.js';
import { causeFromFreeSwitch, causeToFreeSwitch, registeredUsers } from './event-map.js';
import { EslOutboundListener } from './outbound-listener.js';
import { collectDigits, goneplayback, startPlayback, type MediaHost } from './playback.js';
import { missingPrompts } from './prompts.js';
import { Recordings } from './recordings.js';
import { Supervision } from './supervision.js';
import { PbxEventHub } from '../shared/event-hub.js';

export interface FreeSwitchConfig {
  esl: { host: string; port: number; password: string; format?: EslEventFormat };
  /** Where the dialplan's `socket` application connects; omit for park-only arrival. */
  outbound?: { host: string; port: number };
  dial: DialConfig;
  /** Folder as FreeSWITCH sees it; recordings are `<dir>/<name>.wav`. */
  recordingsDir: string;
  /** Sofia profile agent phones register on, and their directory domain. */
  sofiaProfile: string;
  domain: string;
  conferenceProfile?: string;
  clock: Clock;
  logger: Logger;
  /** Commands nobody awaits (a media break, a beep): failures logged and counted; log-only when omitted. */
  background?: BackgroundTasks;
  heartbeatTimeoutMs?: number;
  commandTimeoutMs?: number;
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

const EVENTS = [
  'CHANNEL_PARK', 'CHANNEL_PROGRESS', 'CHANNEL_PROGRESS_MEDIA', 'CHANNEL_ANSWER', 'CHANNEL_HANGUP',
  'CHANNEL_HANGUP_COMPLETE', 'CHANNEL_EXECUTE', 'CHANNEL_EXECUTE_COMPLETE', 'DTMF', 'RECORD_STOP',
  'BACKGROUND_JOB', 'HEARTBEAT', 'CUSTOM', 'sofia::register', 'sofia::unregister', 'sofia::expire',
];
const CHANNEL_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const ALL_DTMF = '0123456789*#ABCD';

export class FreeSwitchMediaServer implements MediaServer {
  readonly kind = 'freeswitch';
  readonly simulated = false;
  /** Every adapter delivers through the same hub: after the producing call returns, in order. */
  private readonly hub: PbxEventHub;
  private readonly table = new ChannelTable();
  private readonly session: EslSession;
  private readonly bridges: BridgeEmulator;
  private readonly recordings: Recordings;
  private readonly supervision: Supervision;
  private readonly control: ChannelControl;
  private readonly tracker: CallTracker;
  private readonly media: MediaHost;
  private outbound: EslOutboundListener | null = null;
  private outboundAddress: { host: string; port: number } | null = null;
  private readonly background: BackgroundTasks;

  constructor(private readonly config: FreeSwitchConfig) {
    const background = (this.background = config.background ?? new BackgroundTasks(config.logger));
    this.hub = new PbxEventHub(config.logger);
    this.session = new EslSession(
      {
        ...config.esl,
        format: config.esl.format ?? 'json',
        events: EVENTS,
        clock: config.clock,
        logger: config.logger,
        heartbeatTimeoutMs: config.heartbeatTimeoutMs,
        commandTimeoutMs: config.commandTimeoutMs,
        reconnectInitialMs: config.reconnectInitialMs,
        reconnectMaxMs: config.reconnectMaxMs,
      },
      { onUp: () => this.onUp(), onDown: (reason) => this.onDown(reason), onEvent: (e) => this.tracker.onEslEvent(e) },
    );
    this.tracker = new CallTracker({
      table: this.table,
      session: this.session,
      control: () => this.control,
      bridges: () => this.bridges,
      recordings: () => this.recordings,
      supervision: () => this.supervision,
      emit: (e) => this.emit(e),
      logger: config.logger,
    });
    this.control = new ChannelControl(this.session, this.table, (id) => this.tracker.endChannel(id, { cause: 'lost' }, 'unknown'));
    const control = this.control;
    const channelCommand = (id: string, cmd: string): Promise<string> => control.channelCommand(id, cmd);
    this.bridges = new BridgeEmulator({
      channelCommand,
      ensureExists: (id) => control.ensureExists(id),
      setBridgeOf: (id, bridgeId) => {
        const owned = this.table.get(id);
        if (owned) owned.info.bridgeId = bridgeId;
      },
      conferenceProfile: config.conferenceProfile ?? 'default',
      log: config.logger,
    });
    this.media = {
      clock: config.clock,
      isAlive: (id) => this.table.has(id),
      watch: (id, w) => this.table.watch(id, w),
      execute: (id, app, arg) => control.execute(id, app, arg),
      // With the link down nothing plays for us any more: nothing to break.
      breakMedia: (id) => background.run('break media', () => this.session.api(`uuid_break ${id} all`), { channelId: id }, { expected: linkDown }),
    };
    this.recordings = new Recordings({
      clock: config.clock,
      recordingsDir: config.recordingsDir,
      channelCommand,
      execute: (id, app, arg) => control.execute(id, app, arg),
      watch: (id, w) => this.table.watch(id, w),
      emit: (e) => this.emit(e),
      background,
    });
    this.supervision = new Supervision({
      clock: config.clock,
      channelCommand,
      requireChannel: (id) => control.requireChannel(id),
      ensureExists: (id) => control.ensureExists(id),
      watch: (id, w) => this.table.watch(id, w),
      waitExecute: (id, app) => control.waitExecute(id, app),
    });
  }

  async connect(): Promise<void> {
    if (this.config.outbound && !this.outbound) {
      this.outbound = new EslOutboundListener({ ...this.config.outbound, logger: this.config.logger }, (a) => this.tracker.arrive(a.headers, a.release));
      this.outboundAddress = await this.outbound.listen();
    }
    await this.session.start();
  }

  /** Where our outbound listener really listens (port 0 resolved). */
  outboundListenAddress(): { host: string; port: number } | null {
    return this.outboundAddress;
  }

  async close(): Promise<void> {
    await this.session.stop();
    await this.outbound?.close();
    this.outbound = null;
  }

  isConnected(): boolean {
    return this.session.isUp();
  }

  onEvent(listener: (event: PbxEvent) => void): () => void {
    return this.hub.on(listener);
  }

  async answer(channelId: string): Promise<void> {
    await this.control.channelCommand(channelId, `uuid_answer ${channelId}`);
  }

  async hangup(channelId: string, cause?: HangupCause): Promise<void> {
    const owned = this.control.requireChannel(channelId);
    owned.endingLocally = true;
    await this.control.channelCommand(channelId, `uuid_kill ${channelId} ${causeToFreeSwitch(cause)}`);
    this.tracker.endChannel(channelId, { cause: cause ?? 'normal' }, 'local');
  }

  async originate(options: OriginateOptions): Promise<string> {
    this.control.requireUp();
    const id = options.channelId ?? randomUUID();
    if (!CHANNEL_ID.test(id)) throw new AppError('VALIDATION_FAILED', `not a usable channel id: ${JSON.stringify(id)}`);
    if (this.table.has(id) || this.table.hasEnded(id)) throw new AppError('CONFLICT', `channel id ${id} is already used`);
    const { line, info } = originateRequest(options, id, this.config.dial);
    this.table.add(info);
    // Our own Job-UUID: the result is matched to this leg even if the reply comes after the event.
    const job = this.session.bgapi(line, randomUUID());
    void job.result.then(
      (body) => {
        if (!body.startsWith('-ERR')) return;
        const owned = this.table.get(id);
        this.tracker.endChannel(id, causeFromFreeSwitch(body.slice(4).trim().split(/\s/)[0]), owned?.endingLocally ? 'local' : 'remote');
      },
      // The job's result is lost only with the link; the reconcile after the reconnect settles the leg.
      () => undefined,
    );
    try {
      await job.accepted;
    } catch (err) {
      this.table.drop(id);
      // Lost with the link (or no reply in time, which ends the link): FreeSWITCH may have run it.
      if (linkDown(err) || isAppError(err, 'PBX_TIMEOUT')) this.tracker.originateInDoubt(id);
      throw err;
    }
    return id;
  }

  async play(channelId: string, media: MediaRef[], options?: PlayOptions): Promise<Playback> {
    validateMedia(media);
    this.control.requireUp();
    if (!this.table.has(channelId)) return goneplayback();
    const items = media.flatMap((m) => mediaApplications(m, this.config.dial));
    return startPlayback(this.media, channelId, items, options?.interruptDigits ?? '');
  }

  async collectDigits(channelId: string, options: CollectOptions): Promise<CollectResult> {
    if (options.prompt) validateMedia(options.prompt, '/prompt');
    this.control.requireUp();
    if (!this.table.has(channelId)) return { digits: '', reason: 'gone' };
    const prompt = options.prompt;
    const items = prompt?.flatMap((m) => mediaApplications(m, this.config.dial));
    return collectDigits(this.media, channelId, options, items ? () => startPlayback(this.media, channelId, items, ALL_DTMF) : null);
  }

  async startMoh(channelId: string, mohClass?: string): Promise<void> {
    const source = mohSource(mohClass);
    this.control.requireChannel(channelId);
    await this.control.execute(channelId, 'playback', source);
  }

  async stopMoh(channelId: string): Promise<void> {
    await this.control.channelCommand(channelId, `uuid_break ${channelId} all`);
  }

  async sendDtmf(channelId: string, digits: string): Promise<void> {
    validateDtmf(digits);
    await this.control.channelCommand(channelId, `uuid_send_dtmf ${channelId} ${digits}`);
  }

  async createBridge(kind: BridgeKind, id?: string): Promise<string> {
    this.control.requireUp();
    return this.bridges.create(kind, id ?? randomUUID());
  }

  async addToBridge(bridgeId: string, channelId: string): Promise<void> {
    this.control.requireUp();
    this.bridges.members(bridgeId);
    this.control.requireChannel(channelId);
    await this.bridges.add(bridgeId, channelId);
  }

  async removeFromBridge(bridgeId: string, channelId: string): Promise<void> {
    this.control.requireUp();
    this.bridges.members(bridgeId);
    this.control.requireChannel(channelId);
    await this.bridges.remove(bridgeId, channelId);
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    this.control.requireUp();
    await this.bridges.destroy(bridgeId);
  }

  async hold(channelId: string): Promise<void> {
    await this.control.channelCommand(channelId, `uuid_hold ${channelId}`);
  }

  async unhold(channelId: string): Promise<void> {
    await this.control.channelCommand(channelId, `uuid_hold off ${channelId}`);
  }

  async mute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    await this.setMute(channelId, direction, '1');
  }

  async unmute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    await this.setMute(channelId, direction, '0');
  }

  async startRecording(options: RecordOptions): Promise<string> {
    this.control.requireUp();
    this.recordings.pathOf(options.name);
    let channelId: string;
    if ('bridgeId' in options.target) {
      const first = this.bridges.members(options.target.bridgeId)[0];
      if (first === undefined) throw new AppError('BRIDGE_GONE', `bridge ${options.target.bridgeId} has nobody to record`);
      channelId = first;
    } else channelId = options.target.channelId;
    this.control.requireChannel(channelId);
    if (options.beep) {
      // Not awaited: the beep must not hold the recording back (it lands in the first half second).
      this.background.run('recording beep', () => this.control.execute(channelId, 'playback', 'tone_stream://%(400,0,800)'), { channelId, recording: options.name });
    }
    return this.recordings.start(channelId, options.name, options);
  }

  async stopRecording(recordingId: string): Promise<void> {
    this.control.requireUp();
    await this.recordings.stop(recordingId);
  }

  async pauseRecording(recordingId: string): Promise<void> {
    this.control.requireUp();
    await this.recordings.pause(recordingId);
  }

  async resumeRecording(recordingId: string): Promise<void> {
    this.control.requireUp();
    await this.recordings.resume(recordingId);
  }

  async supervise(options: SuperviseOptions): Promise<string> {
    this.control.requireUp();
    return this.supervision.start(options);
  }

  async setSupervisionMode(sessionId: string, mode: SupervisionMode): Promise<void> {
    this.control.requireUp();
    await this.supervision.setMode(sessionId, mode);
  }

  async endSupervision(sessionId: string): Promise<void> {
    this.control.requireUp();
    await this.supervision.end(sessionId);
  }

  async redirect(channelId: string, target: EndpointRef): Promise<void> {
    const dial = dialString(target, this.config.dial, '/target');
    // Unmarked first: a reconcile must not adopt a call we handed away.
    await this.control.channelCommand(channelId, `uuid_setvar ${channelId} switchboard_owned false`);
    const owned = this.table.get(channelId);
    if (owned) owned.endingLocally = true;
    await this.control.channelCommand(channelId, `uuid_transfer ${channelId} bridge:${dial} inline`);
    this.tracker.endChannel(channelId, { cause: 'normal' }, 'local');
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    checkVariable(name, value);
    await this.control.channelCommand(channelId, `uuid_setvar ${channelId} ${name} ${value}`);
  }

  async getVariable(channelId: string, name: string): Promise<string | undefined> {
    checkVariable(name, undefined);
    const value = await this.control.channelCommand(channelId, `uuid_getvar ${channelId} ${name}`);
    return value === '_undef_' ? undefined : value;
  }

  async endpointPresence(name: string): Promise<EndpointPresence> {
    this.control.requireUp();
    dialString({ kind: 'phone', name }, this.config.dial, '/name');
    const exists = (await this.session.api(`user_exists id ${name} ${this.config.domain}`)).trim();
    if (exists !== 'true') return 'unknown';
    const regs = await this.session.api(`sofia status profile ${this.config.sofiaProfile} reg ${name}`);
    if (regs.startsWith('-ERR') || /Invalid Profile/i.test(regs)) return 'unknown';
    return registeredUsers(regs).includes(name) ? 'registered' : 'unregistered';
  }

  /**
   * Our channel table, kept from events. Not `show channels`: FreeSWITCH fills that table
   * asynchronously (a new channel shows up 340-480 ms after CHANNEL_PARK, and reads RINGING
   * right after uuid_answer), so it would miss live calls and report stale states.
   */
  async snapshot(): Promise<PbxSnapshot> {
    this.control.requireUp();
    const channels: ChannelInfo[] = this.table.all().map((owned) => ({
      ...owned.info,
      variables: { ...owned.info.variables },
      sipHeaders: { ...owned.info.sipHeaders },
    }));
    return { channels, bridges: this.bridges.list() };
  }

  /** Every file the daemon's prompts use must exist under FreeSWITCH's sound_prefix (prompts.ts). */
  async checkPrompts(): Promise<MissingPrompt[]> {
    this.control.requireUp();
    return missingPrompts((command) => this.session.api(command));
  }

  // ---- events and connection ----

  private emit(event: PbxEvent): void {
    this.hub.emit(event);
  }

  private onUp(): void {
    this.emit({ type: 'connection.up' });
    void this.tracker.reconcile().catch((err: unknown) => this.config.logger.warn({ err }, 'FreeSWITCH reconcile failed; it runs again on the next connect'));
  }

  private onDown(reason: string): void {
    this.control.connectionLost();
    this.emit({ type: 'connection.down', reason });
  }

  private async setMute(channelId: string, direction: 'in' | 'out' | 'both', level: '0' | '1'): Promise<void> {
    // uuid_audio: 'read' is what the channel says (towards the bridge), 'write' what it hears.
    if (direction !== 'out') await this.control.channelCommand(channelId, `uuid_audio ${channelId} start read mute ${level}`);
    if (direction !== 'in') await this.control.channelCommand(channelId, `uuid_audio ${channelId} start write mute ${level}`);
  }
}

/** The link to FreeSWITCH is down: a command about media has nothing left to act on. */
function linkDown(err: unknown): boolean {
  return isAppError(err, 'PBX_UNAVAILABLE');
}
