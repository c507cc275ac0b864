/**
 * The MediaServer port on FreeSWITCH 1.10 over the Event Socket.
 *
 * Shape: one inbound ESL connection (EslSession) carries every command and every event; an
 * optional outbound listener learns about new calls fastest (the dialplan's `socket` app);
 * CHANNEL_PARK of a channel marked `switchboard_owned=true` is the other way calls arrive
 * (dialplan `park`), so both dialplans work and a call is announced once, by whichever is first.
 *
 * Ownership: every channel we handle carries `switchboard_owned=true` (dialplan or originate).
 * After every (re)connect we compare our table with `show channels as json`: ours that are gone
 * end with cause 'lost'; unknown ones that carry the mark are adopted (a daemon restart).
 *
 * Call-control pieces live beside this file: bridges.ts (bridge emulation), recordings.ts,
 * playback.ts (prompts and digits), supervision.ts (eavesdrop), commands.ts (command text).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type {
  BridgeKind, ChannelInfo, CollectOptions, CollectResult, EndpointPresence, EndpointRef, HangupCause, MediaRef,
  MediaServer, OriginateOptions, PbxEvent, PbxSnapshot, Playback, PlayOptions, RecordOptions, SuperviseOptions,
  SupervisionMode,
} from '../port.js';
import { validateDtmf, validateMedia } from '../shared/media-ref.js';
import { BridgeEmulator } from './bridges.js';
import { ChannelTable } from './channel-table.js';
import { channelVariables, checkVariable, dialString, mediaApplication, mohSource, type DialConfig } from './commands.js';
import type { EslEvent, EslEventFormat } from './esl-event.js';
import { EslSession } from './esl-session.js';
import {
  causeFromFreeSwitch, causeToFreeSwitch, channelInfoFromHeaders, channelInfoFromRow, isNoSuchChannel, parseShowChannels,
  stateOfRow,
} from './event-map.js';
import { EslOutboundListener, type OutboundArrival } from './outbound-listener.js';
import { collectDigits, goneplayback, startPlayback, type MediaHost } from './playback.js';
import { Recordings } from './recordings.js';
import { Supervision } from './supervision.js';

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
  private readonly listeners = new Set<(event: PbxEvent) => void>();
  private readonly table = new ChannelTable();
  private readonly session: EslSession;
  private readonly bridges: BridgeEmulator;
  private readonly recordings: Recordings;
  private readonly supervision: Supervision;
  private readonly executions = new Map<string, { resolve: () => void; reject: (e: Error) => void; channelId: string }>();
  private readonly media: MediaHost;
  private outbound: EslOutboundListener | null = null;
  private outboundAddress: { host: string; port: number } | null = null;

  constructor(private readonly config: FreeSwitchConfig) {
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
      { onUp: () => this.onUp(), onDown: (reason) => this.onDown(reason), onEvent: (e) => this.onEslEvent(e) },
    );
    const channelCommand = (id: string, cmd: string): Promise<string> => this.channelCommand(id, cmd);
    this.bridges = new BridgeEmulator({
      channelCommand,
      ensureExists: (id) => this.ensureExists(id),
      setBridgeOf: (id, bridgeId) => {
        const owned = this.table.get(id);
        if (owned) owned.info.bridgeId = bridgeId;
      },
      conferenceProfile: config.conferenceProfile ?? 'default',
    });
    this.media = {
      clock: config.clock,
      isAlive: (id) => this.table.has(id),
      watch: (id, w) => this.table.watch(id, w),
      execute: (id, app, arg) => this.execute(id, app, arg),
      breakMedia: (id) => void this.session.api(`uuid_break ${id} all`).catch(() => undefined),
    };
    this.recordings = new Recordings({
      clock: config.clock,
      recordingsDir: config.recordingsDir,
      channelCommand,
      execute: (id, app, arg) => this.execute(id, app, arg),
      watch: (id, w) => this.table.watch(id, w),
      emit: (e) => this.emit(e),
    });
    this.supervision = new Supervision({
      clock: config.clock,
      channelCommand,
      requireChannel: (id) => this.requireChannel(id),
      ensureExists: (id) => this.ensureExists(id),
      watch: (id, w) => this.table.watch(id, w),
      waitExecute: (id, app) => this.waitExecute(id, app),
    });
  }

  async connect(): Promise<void> {
    if (this.config.outbound && !this.outbound) {
      this.outbound = new EslOutboundListener({ ...this.config.outbound, logger: this.config.logger }, (a) => this.onOutboundArrival(a));
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
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async answer(channelId: string): Promise<void> {
    await this.channelCommand(channelId, `uuid_answer ${channelId}`);
  }

  async hangup(channelId: string, cause?: HangupCause): Promise<void> {
    const owned = this.requireChannel(channelId);
    owned.endingLocally = true;
    await this.channelCommand(channelId, `uuid_kill ${channelId} ${causeToFreeSwitch(cause)}`);
    this.endChannel(channelId, { cause: cause ?? 'normal' }, 'local');
  }

  async originate(options: OriginateOptions): Promise<string> {
    this.requireUp();
    const id = options.channelId ?? randomUUID();
    if (!CHANNEL_ID.test(id)) throw new AppError('VALIDATION_FAILED', `not a usable channel id: ${JSON.stringify(id)}`);
    if (this.table.has(id) || this.table.hasEnded(id)) throw new AppError('CONFLICT', `channel id ${id} is already used`);
    const target = dialString(options.endpoint, this.config.dial);
    const vars: Record<string, string> = {
      ...options.variables,
      origination_uuid: id,
      originate_timeout: String(Math.max(1, Math.ceil(options.timeoutMs / 1000))),
      switchboard_owned: 'true',
      park_after_bridge: 'true',
    };
    if (options.callerIdNumber !== undefined) vars.origination_caller_id_number = options.callerIdNumber;
    if (options.callerIdName !== undefined) vars.origination_caller_id_name = options.callerIdName;
    const line = `originate ${channelVariables(vars)}${target} &park()`;
    const endpoint = options.endpoint;
    const dialed = endpoint.kind === 'phone' ? endpoint.name : endpoint.kind === 'number' ? endpoint.number : endpoint.dialString;
    const info: ChannelInfo = {
      id, direction: 'outbound', state: 'down', name: target, callerNumber: options.callerIdNumber ?? '',
      callerName: options.callerIdName ?? '', dialedNumber: dialed, variables: { ...options.variables }, sipHeaders: {},
    };
    this.table.add(info);
    // Our own Job-UUID: the result is matched to this leg even if the reply comes after the event.
    const job = this.session.bgapi(line, randomUUID());
    void job.result.then(
      (body) => {
        if (!body.startsWith('-ERR')) return;
        const owned = this.table.get(id);
        this.endChannel(id, causeFromFreeSwitch(body.slice(4).trim().split(/\s/)[0]), owned?.endingLocally ? 'local' : 'remote');
      },
      () => undefined,
    );
    try {
      await job.accepted;
    } catch (err) {
      this.table.drop(id);
      throw err;
    }
    return id;
  }

  async play(channelId: string, media: MediaRef[], options?: PlayOptions): Promise<Playback> {
    validateMedia(media);
    this.requireUp();
    if (!this.table.has(channelId)) return goneplayback();
    const items = media.map((m) => mediaApplication(m, this.config.dial));
    return startPlayback(this.media, channelId, items, options?.interruptDigits ?? '');
  }

  async collectDigits(channelId: string, options: CollectOptions): Promise<CollectResult> {
    if (options.prompt) validateMedia(options.prompt, '/prompt');
    this.requireUp();
    if (!this.table.has(channelId)) return { digits: '', reason: 'gone' };
    const prompt = options.prompt;
    const items = prompt?.map((m) => mediaApplication(m, this.config.dial));
    return collectDigits(this.media, channelId, options, items ? () => startPlayback(this.media, channelId, items, ALL_DTMF) : null);
  }

  async startMoh(channelId: string, mohClass?: string): Promise<void> {
    const source = mohSource(mohClass);
    this.requireChannel(channelId);
    await this.execute(channelId, 'playback', source);
  }

  async stopMoh(channelId: string): Promise<void> {
    await this.channelCommand(channelId, `uuid_break ${channelId} all`);
  }

  async sendDtmf(channelId: string, digits: string): Promise<void> {
    validateDtmf(digits);
    await this.channelCommand(channelId, `uuid_send_dtmf ${channelId} ${digits}`);
  }

  async createBridge(kind: BridgeKind, id?: string): Promise<string> {
    this.requireUp();
    return this.bridges.create(kind, id ?? randomUUID());
  }

  async addToBridge(bridgeId: string, channelId: string): Promise<void> {
    this.requireUp();
    this.bridges.members(bridgeId);
    this.requireChannel(channelId);
    await this.bridges.add(bridgeId, channelId);
  }

  async removeFromBridge(bridgeId: string, channelId: string): Promise<void> {
    this.requireUp();
    this.bridges.members(bridgeId);
    this.requireChannel(channelId);
    await this.bridges.remove(bridgeId, channelId);
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    this.requireUp();
    await this.bridges.destroy(bridgeId);
  }

  async hold(channelId: string): Promise<void> {
    await this.channelCommand(channelId, `uuid_hold ${channelId}`);
  }

  async unhold(channelId: string): Promise<void> {
    await this.channelCommand(channelId, `uuid_hold off ${channelId}`);
  }

  async mute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    await this.setMute(channelId, direction, '1');
  }

  async unmute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    await this.setMute(channelId, direction, '0');
  }

  async startRecording(options: RecordOptions): Promise<string> {
    this.requireUp();
    this.recordings.pathOf(options.name);
    let channelId: string;
    if ('bridgeId' in options.target) {
      const first = this.bridges.members(options.target.bridgeId)[0];
      if (first === undefined) throw new AppError('BRIDGE_GONE', `bridge ${options.target.bridgeId} has nobody to record`);
      channelId = first;
    } else channelId = options.target.channelId;
    this.requireChannel(channelId);
    if (options.beep) {
      // Not awaited: the beep must not hold the recording back (it lands in the first half second).
      void this.execute(channelId, 'playback', 'tone_stream://%(400,0,800)').catch(() => undefined);
    }
    return this.recordings.start(channelId, options.name, options);
  }

  async stopRecording(recordingId: string): Promise<void> {
    this.requireUp();
    await this.recordings.stop(recordingId);
  }

  async pauseRecording(recordingId: string): Promise<void> {
    this.requireUp();
    await this.recordings.pause(recordingId);
  }

  async resumeRecording(recordingId: string): Promise<void> {
    this.requireUp();
    await this.recordings.resume(recordingId);
  }

  async supervise(options: SuperviseOptions): Promise<string> {
    this.requireUp();
    return this.supervision.start(options);
  }

  async setSupervisionMode(sessionId: string, mode: SupervisionMode): Promise<void> {
    this.requireUp();
    await this.supervision.setMode(sessionId, mode);
  }

  async endSupervision(sessionId: string): Promise<void> {
    this.requireUp();
    await this.supervision.end(sessionId);
  }

  async redirect(channelId: string, target: EndpointRef): Promise<void> {
    const dial = dialString(target, this.config.dial, '/target');
    // Unmarked first: a reconcile must not adopt a call we handed away.
    await this.channelCommand(channelId, `uuid_setvar ${channelId} switchboard_owned false`);
    const owned = this.table.get(channelId);
    if (owned) owned.endingLocally = true;
    await this.channelCommand(channelId, `uuid_transfer ${channelId} bridge:${dial} inline`);
    this.endChannel(channelId, { cause: 'normal' }, 'local');
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    checkVariable(name, value);
    await this.channelCommand(channelId, `uuid_setvar ${channelId} ${name} ${value}`);
  }

  async getVariable(channelId: string, name: string): Promise<string | undefined> {
    checkVariable(name, undefined);
    const value = await this.channelCommand(channelId, `uuid_getvar ${channelId} ${name}`);
    return value === '_undef_' ? undefined : value;
  }

  async endpointPresence(name: string): Promise<EndpointPresence> {
    this.requireUp();
    dialString({ kind: 'phone', name }, this.config.dial, '/name');
    const exists = (await this.session.api(`user_exists id ${name} ${this.config.domain}`)).trim();
    if (exists !== 'true') return 'unknown';
    const regs = await this.session.api(`sofia status profile ${this.config.sofiaProfile} reg ${name}`);
    if (regs.startsWith('-ERR') || /Invalid Profile/i.test(regs)) return 'unknown';
    const users = [...regs.matchAll(/^User:\s*([^@\s]+)@/gm)].map((m) => m[1]);
    return users.includes(name) ? 'registered' : 'unregistered';
  }

  async snapshot(): Promise<PbxSnapshot> {
    this.requireUp();
    const rows = parseShowChannels(await this.session.api('show channels as json'));
    const channels: ChannelInfo[] = [];
    for (const row of rows) {
      const owned = this.table.get(row.uuid);
      if (!owned) continue;
      channels.push({ ...owned.info, state: stateOfRow(row), variables: { ...owned.info.variables } });
    }
    return { channels, bridges: this.bridges.list() };
  }

  // ---- events and connection ----

  private emit(event: PbxEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.config.logger.error({ err, event: event.type }, 'a PbxEvent listener threw');
      }
    }
  }

  private onUp(): void {
    this.emit({ type: 'connection.up' });
    void this.reconcile().catch((err: unknown) => this.config.logger.warn({ err }, 'FreeSWITCH reconcile failed; it runs again on the next connect'));
  }

  private onDown(reason: string): void {
    for (const [uuid, waiter] of this.executions) {
      this.executions.delete(uuid);
      waiter.reject(new AppError('PBX_UNAVAILABLE', 'FreeSWITCH connection lost'));
    }
    this.emit({ type: 'connection.down', reason });
  }

  /** After every connect: ours that FreeSWITCH lost end as 'lost'; marked strangers are adopted. */
  private async reconcile(): Promise<void> {
    const before = this.table.ids();
    const rows = parseShowChannels(await this.session.api('show channels as json'));
    const alive = new Set(rows.map((r) => r.uuid));
    const lost = before.filter((id) => this.table.has(id) && !alive.has(id));
    for (const id of lost) this.endChannel(id, { cause: 'lost' }, 'unknown');
    const adopted: string[] = [];
    for (const row of rows) {
      if (this.table.has(row.uuid) || this.table.hasEnded(row.uuid)) continue;
      const mark = (await this.session.api(`uuid_getvar ${row.uuid} switchboard_owned`)).trim();
      if (mark !== 'true' || this.table.has(row.uuid)) continue;
      this.table.add(channelInfoFromRow(row));
      adopted.push(row.uuid);
    }
    this.emit({ type: 'connection.reconciled', lostChannelIds: lost, adoptedChannelIds: adopted });
  }

  private onOutboundArrival(arrival: OutboundArrival): void {
    this.arrive(arrival.headers, arrival.release);
  }

  private arrive(headers: Record<string, string>, release?: () => void): void {
    const id = headers['Unique-ID'];
    if (!id || this.table.hasEnded(id)) return release?.();
    const known = this.table.get(id);
    if (known) {
      if (release) known.release = release;
      return;
    }
    const info = channelInfoFromHeaders(headers, 'inbound');
    this.table.add(info, release);
    this.emit({ type: 'channel.inbound', channel: { ...info, variables: { ...info.variables }, sipHeaders: { ...info.sipHeaders } } });
  }

  private onEslEvent(event: EslEvent): void {
    const name = event.name;
    if (name === 'CUSTOM') return this.onCustom(event);
    if (name === 'HEARTBEAT' || name === 'BACKGROUND_JOB') return;
    const id = event.get('Unique-ID');
    if (id === undefined) return;
    if (name === 'CHANNEL_PARK' && !this.table.has(id)) {
      if (event.get('variable_switchboard_owned') === 'true' && event.get('Call-Direction') === 'inbound') this.arrive(event.headers);
      return;
    }
    const owned = this.table.get(id);
    switch (name) {
      case 'CHANNEL_PROGRESS':
      case 'CHANNEL_PROGRESS_MEDIA':
        if (owned && owned.info.direction === 'outbound' && !owned.ringingSent && owned.info.state !== 'up') {
          owned.ringingSent = true;
          owned.info.state = 'ringing';
          this.emit({ type: 'channel.ringing', channelId: id });
        }
        return;
      case 'CHANNEL_ANSWER':
        if (owned && !owned.answeredSent) {
          owned.answeredSent = true;
          owned.info.state = 'up';
          this.emit({ type: 'channel.answered', channelId: id });
        }
        return;
      case 'CHANNEL_HANGUP':
      case 'CHANNEL_HANGUP_COMPLETE': {
        if (!owned) return;
        const disposition = event.get('variable_sip_hangup_disposition') ?? '';
        const initiator = owned.endingLocally ? 'local' : disposition.startsWith('recv_') ? 'remote' : 'unknown';
        this.endChannel(id, causeFromFreeSwitch(event.get('Hangup-Cause')), initiator);
        return;
      }
      case 'DTMF': {
        const digit = event.get('DTMF-Digit');
        if (!owned || !digit) return;
        // Digits we inject into a supervisor leg to steer eavesdrop are not the supervisor's keys.
        if (event.get('DTMF-Source') === 'APP' && this.supervision.isSupervisor(id)) return;
        this.emit({ type: 'channel.dtmf', channelId: id, digit });
        this.table.dtmf(id, digit);
        return;
      }
      case 'RECORD_STOP':
        this.recordings.onRecordStop(event.get('Record-File-Path'));
        return;
      case 'CHANNEL_EXECUTE':
      case 'CHANNEL_EXECUTE_COMPLETE': {
        const key = `${name === 'CHANNEL_EXECUTE' ? 'start' : 'done'}:${event.get('Application-UUID') ?? ''}`;
        const byApp = `start-app:${id}:${event.get('Application') ?? ''}`;
        for (const k of [key, byApp]) {
          const waiter = this.executions.get(k);
          if (waiter) {
            this.executions.delete(k);
            waiter.resolve();
          }
        }
        return;
      }
      default:
        return;
    }
  }

  private onCustom(event: EslEvent): void {
    const sub = event.get('Event-Subclass');
    if (sub !== 'sofia::register' && sub !== 'sofia::unregister' && sub !== 'sofia::expire') return;
    const user = event.get('from-user') ?? event.get('username');
    if (!user) return;
    this.emit({ type: 'endpoint.presence', endpoint: user, presence: sub === 'sofia::register' ? 'registered' : 'unregistered' });
  }

  private endChannel(id: string, cause: { cause: HangupCause; causeCode?: number; causeText?: string }, initiator: 'remote' | 'local' | 'unknown'): void {
    const owned = this.table.end(id);
    if (!owned) return;
    this.bridges.channelGone(id);
    this.supervision.channelGone(id);
    for (const [key, waiter] of this.executions) {
      if (waiter.channelId !== id) continue;
      this.executions.delete(key);
      waiter.reject(new AppError('CHANNEL_GONE', `channel ${id} hung up`));
    }
    this.emit({ type: 'channel.hangup', channelId: id, ...cause, initiator });
  }

  // ---- command helpers ----

  private requireUp(): void {
    if (!this.session.isUp()) throw new AppError('PBX_UNAVAILABLE', 'FreeSWITCH is not connected');
  }

  private requireChannel(id: string): { endingLocally: boolean } {
    this.requireUp();
    const owned = this.table.get(id);
    if (!owned) throw new AppError('CHANNEL_GONE', `no channel ${id}`, { channelId: id });
    return owned;
  }

  /** An api command about one of our channels; `-ERR` for a vanished channel becomes CHANNEL_GONE. */
  private async channelCommand(id: string, cmd: string): Promise<string> {
    this.requireChannel(id);
    const reply = await this.session.api(cmd);
    if (!reply.startsWith('-ERR')) return reply;
    if (isNoSuchChannel(reply) || (await this.session.api(`uuid_exists ${id}`)).trim() !== 'true') {
      this.endChannel(id, { cause: 'lost' }, 'unknown');
      throw new AppError('CHANNEL_GONE', `FreeSWITCH no longer has channel ${id}`, { channelId: id, reply: reply.trim() });
    }
    throw new AppError('PBX_REJECTED', `FreeSWITCH refused ${cmd.split(' ', 1)[0]}: ${reply.trim()}`, { reply: reply.trim() });
  }

  private async ensureExists(id: string): Promise<void> {
    this.requireChannel(id);
    if ((await this.session.api(`uuid_exists ${id}`)).trim() === 'true') return;
    this.endChannel(id, { cause: 'lost' }, 'unknown');
    throw new AppError('CHANNEL_GONE', `FreeSWITCH no longer has channel ${id}`, { channelId: id });
  }

  /** `sendmsg execute` with our Event-UUID; `done` settles on the matching EXECUTE_COMPLETE. */
  private async execute(channelId: string, app: string, arg: string): Promise<{ done: Promise<void> }> {
    this.requireChannel(channelId);
    const appUuid = randomUUID();
    const done = new Promise<void>((resolve, reject) => this.executions.set(`done:${appUuid}`, { resolve, reject, channelId }));
    done.catch(() => undefined);
    try {
      await this.session.sendmsg(channelId, { 'call-command': 'execute', 'execute-app-name': app, 'execute-app-arg': arg, 'Event-UUID': appUuid });
    } catch (err) {
      this.executions.delete(`done:${appUuid}`);
      if (err instanceof AppError && err.code === 'PBX_REJECTED' && isNoSuchChannel(String((err.details as { reply?: string })?.reply ?? ''))) {
        this.endChannel(channelId, { cause: 'lost' }, 'unknown');
        throw new AppError('CHANNEL_GONE', `FreeSWITCH no longer has channel ${channelId}`, { channelId });
      }
      throw err;
    }
    return { done };
  }

  /** Resolves when the channel starts running `app` (CHANNEL_EXECUTE). */
  private waitExecute(channelId: string, app: string): Promise<void> {
    return new Promise<void>((resolve, reject) => this.executions.set(`start-app:${channelId}:${app}`, { resolve, reject, channelId }));
  }

  private async setMute(channelId: string, direction: 'in' | 'out' | 'both', level: '0' | '1'): Promise<void> {
    // uuid_audio: 'read' is what the channel says (towards the bridge), 'write' what it hears.
    if (direction !== 'out') await this.channelCommand(channelId, `uuid_audio ${channelId} start read mute ${level}`);
    if (direction !== 'in') await this.channelCommand(channelId, `uuid_audio ${channelId} start write mute ${level}`);
  }
}
