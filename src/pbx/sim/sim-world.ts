/**
 * The simulated PBX's own state: what "the media server" has (channels, bridges, supervision
 * sessions, phones) and what the far ends experienced. The port side (simulated-media-server.ts)
 * and the far-side control API (sim-control.ts) both act on one world.
 *
 * Like a real adapter, the world tracks which channels the port's user knows of (`known`): events
 * are lost while the connection is down, and reconcile() then reports every known channel that
 * no longer exists as lost, exactly as the port asks of real adapters.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import type { BridgeKind, ChannelInfo, HangupCause, PbxEvent, SupervisionMode } from '../port.js';
import { q850ForCause } from '../shared/hangup-causes.js';
import type { PbxEventHub } from '../shared/event-hub.js';
import type { Utterance } from './sim-voice.js';

/** How a phone or external number reacts to a leg we originate to it. */
export type SimPhoneBehaviour = 'answer' | 'busy' | 'no_answer' | 'manual' | { answerAfterMs: number };

export interface SimChannel extends Omit<ChannelInfo, 'bridgeId'> {
  bridgeId: string | undefined;
  /** The phone name or number an originated leg rings. */
  target: string | undefined;
  moh: boolean;
  onHold: boolean;
  muted: { in: boolean; out: boolean };
  timers: Set<TimerHandle>;
  dtmfListeners: Set<(digit: string) => void>;
  goneListeners: Set<() => void>;
  /** What the caller said on this channel, oldest first (recordings hear it). */
  voice: Utterance[];
}

export interface SimBridge {
  id: string;
  kind: BridgeKind;
  channelIds: string[];
}

export interface SimSupervision {
  id: string;
  targetChannelId: string;
  supervisorChannelId: string;
  mode: SupervisionMode;
}

/** What the far end of a channel lived through; kept after the channel ends. */
export interface FarRecord {
  answered: boolean;
  heardPrompts: string[];
  receivedDtmf: string;
  redirectedTo?: string;
}

export interface SimPhone {
  registered: boolean;
  behaviour: SimPhoneBehaviour;
}

export class SimWorld {
  readonly channels = new Map<string, SimChannel>();
  readonly bridges = new Map<string, SimBridge>();
  readonly sessions = new Map<string, SimSupervision>();
  readonly far = new Map<string, FarRecord>();
  readonly phones = new Map<string, SimPhone>();
  /** Behaviour of external numbers / dial strings; 'answer' unless set. */
  readonly numbers = new Map<string, SimPhoneBehaviour>();
  readonly known = new Set<string>();
  /** The port's user is connected (events flow, operations run). */
  connected = false;
  /** The PBX can be reached; false between dropConnection and restoreConnection. */
  reachable = true;
  private seq = 0;
  private readonly looseTimers = new Set<TimerHandle>();

  constructor(
    readonly clock: Clock,
    readonly hub: PbxEventHub,
    readonly newId: () => string,
    readonly logger: Logger,
  ) {}

  nextSeq(): number {
    return ++this.seq;
  }

  emit(event: PbxEvent): void {
    if (!this.connected) return;
    if (event.type === 'channel.inbound') this.known.add(event.channel.id);
    if (event.type === 'channel.hangup') this.known.delete(event.channelId);
    this.hub.emit(event);
  }

  requireConnected(): void {
    if (!this.connected) throw new AppError('PBX_UNAVAILABLE', 'The simulated media server is not connected');
  }

  /** The live channel, or CHANNEL_GONE; a channel we knew that vanished is reported lost once. */
  channel(id: string): SimChannel {
    const ch = this.channels.get(id);
    if (ch) return ch;
    if (this.known.has(id)) this.emit({ type: 'channel.hangup', channelId: id, cause: 'lost', initiator: 'unknown' });
    throw new AppError('CHANNEL_GONE', `Channel ${id} no longer exists`, { channelId: id });
  }

  bridge(id: string): SimBridge {
    const b = this.bridges.get(id);
    if (!b) throw new AppError('BRIDGE_GONE', `Bridge ${id} no longer exists`, { bridgeId: id });
    return b;
  }

  farRecord(id: string): FarRecord {
    let rec = this.far.get(id);
    if (!rec) {
      rec = { answered: false, heardPrompts: [], receivedDtmf: '' };
      this.far.set(id, rec);
    }
    return rec;
  }

  newChannel(info: Omit<SimChannel, 'timers' | 'dtmfListeners' | 'goneListeners' | 'moh' | 'onHold' | 'muted' | 'bridgeId' | 'voice'>): SimChannel {
    const ch: SimChannel = {
      ...info,
      bridgeId: undefined,
      moh: false,
      onHold: false,
      muted: { in: false, out: false },
      timers: new Set(),
      dtmfListeners: new Set(),
      goneListeners: new Set(),
      voice: [],
    };
    this.channels.set(ch.id, ch);
    this.farRecord(ch.id);
    return ch;
  }

  /** A timer that dies with the channel (ring timers, prompt steps). */
  channelTimer(ch: SimChannel, ms: number, fn: () => void): TimerHandle {
    const handle = this.clock.setTimeout(() => {
      ch.timers.delete(handle);
      fn();
    }, ms);
    ch.timers.add(handle);
    return handle;
  }

  /** A timer not tied to a channel (recording limits); cleared on close. */
  timer(ms: number, fn: () => void): TimerHandle {
    const handle = this.clock.setTimeout(() => {
      this.looseTimers.delete(handle);
      fn();
    }, ms);
    this.looseTimers.add(handle);
    return handle;
  }

  /** Pass the channel for channel timers: without it every channel is searched. */
  clearTimer(handle: TimerHandle | undefined, ch?: SimChannel): void {
    if (!handle) return;
    this.clock.clearTimeout(handle);
    if (this.looseTimers.delete(handle)) return;
    if (ch) ch.timers.delete(handle);
    else for (const c of this.channels.values()) c.timers.delete(handle);
  }

  answerChannel(ch: SimChannel): void {
    if (ch.state === 'up') return;
    ch.state = 'up';
    this.farRecord(ch.id).answered = true;
    this.emit({ type: 'channel.answered', channelId: ch.id });
  }

  /** The channel ends: out of its bridge and sessions, listeners told, hang-up emitted. */
  endChannel(id: string, cause: HangupCause, initiator: 'remote' | 'local' | 'unknown'): void {
    if (!this.channels.has(id)) return;
    this.removeSilently(id);
    const causeCode = q850ForCause(cause);
    this.emit(
      causeCode === undefined
        ? { type: 'channel.hangup', channelId: id, cause, initiator }
        : { type: 'channel.hangup', channelId: id, cause, causeCode, initiator },
    );
  }

  /** The PBX forgets the channel; nobody is told (vanish, restart). */
  removeSilently(id: string): void {
    const ch = this.channels.get(id);
    if (!ch) return;
    this.channels.delete(id);
    for (const t of ch.timers) this.clock.clearTimeout(t);
    ch.timers.clear();
    if (ch.bridgeId) {
      const b = this.bridges.get(ch.bridgeId);
      if (b) b.channelIds = b.channelIds.filter((c) => c !== id);
    }
    for (const s of [...this.sessions.values()]) {
      if (s.targetChannelId === id || s.supervisorChannelId === id) this.sessions.delete(s.id);
    }
    const listeners = [...ch.goneListeners];
    ch.goneListeners.clear();
    ch.dtmfListeners.clear();
    for (const l of listeners) l();
  }

  /** After a reconnect: every channel the user knew that the PBX lost is hung up as lost. */
  reconcile(): void {
    const lost = [...this.known].filter((id) => !this.channels.has(id));
    for (const id of lost) this.emit({ type: 'channel.hangup', channelId: id, cause: 'lost', initiator: 'unknown' });
    const adopted = [...this.channels.keys()].filter((id) => !this.known.has(id));
    for (const id of adopted) this.known.add(id);
    this.emit({ type: 'connection.reconciled', lostChannelIds: lost, adoptedChannelIds: adopted });
  }

  info(ch: SimChannel): ChannelInfo {
    const info: ChannelInfo = {
      id: ch.id,
      direction: ch.direction,
      state: ch.state,
      name: ch.name,
      callerNumber: ch.callerNumber,
      callerName: ch.callerName,
      dialedNumber: ch.dialedNumber,
      variables: { ...ch.variables },
      sipHeaders: { ...ch.sipHeaders },
    };
    if (ch.bridgeId) info.bridgeId = ch.bridgeId;
    return info;
  }

  /** Stops every timer (close). */
  stopAllTimers(): void {
    for (const t of this.looseTimers) this.clock.clearTimeout(t);
    this.looseTimers.clear();
    for (const ch of this.channels.values()) {
      for (const t of ch.timers) this.clock.clearTimeout(t);
      ch.timers.clear();
    }
  }
}
