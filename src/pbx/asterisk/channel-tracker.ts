import type { Logger } from '../../core/log.js';
import type { BridgeInfo, ChannelInfo, HangupCause, PbxEvent } from '../port.js';
import type { AriChannel, AriEvent, AriLiveRecording, AriPlayback } from './ari-models.js';
import { causeFromDialStatus, causeFromQ850, channelState, toChannelInfo } from './event-map.js';

/**
 * What we know of each channel of our Stasis app, fed by ARI events in arrival order.
 *
 * Per channel:
 *   inbound:    StasisStart -> (answer: ChannelStateChange Up => answered) -> StasisEnd => hangup
 *   originated: placed (before POST /channels) -> Dial RINGING => ringing -> StasisStart (after
 *               answer) => answered -> StasisEnd -> ChannelDestroyed => hangup
 *               placed -> ChannelDestroyed (busy 17 / no answer 19 / ...) => hangup
 *   snoop:      internal only, never reported.
 * A channel leaving Stasis for the dialplan gets no ChannelDestroyed, so inbound and redirected
 * channels are reported at StasisEnd; originated ones wait for ChannelDestroyed and its cause.
 */
export interface TrackedChannel {
  info: ChannelInfo;
  origin: 'inbound' | 'originated' | 'adopted';
  inStasis: boolean;
  ringingSent: boolean;
  answeredSent: boolean;
  /** Cause of the latest ChannelHangupRequest. */
  requestCause?: number;
  /** A hangup is under way: a PlaybackFinished now means the channel went, not the prompt ended. */
  hangupRequested?: boolean;
  lastDialStatus?: string;
  /** Set when we asked for the hangup (or redirect): the initiator is us. */
  localCause?: HangupCause;
  leavesWithoutDestroy: boolean;
}

export type ChannelSignal = { kind: 'dtmf'; digit: string } | { kind: 'gone' };

export class ChannelTracker {
  readonly channels = new Map<string, TrackedChannel>();
  readonly bridges = new Map<string, BridgeInfo>();
  /** Snoop channels we created; their Stasis life is internal. */
  readonly internal = new Set<string>();
  /** Internal channels that have entered Stasis, and who waits for one to (see inStasis). */
  private readonly internalStarted = new Set<string>();
  private readonly startWaiters = new Map<string, (inStasis: boolean) => void>();
  private readonly channelListeners = new Map<string, Set<(s: ChannelSignal) => void>>();
  private readonly playbackListeners = new Map<string, (p: AriPlayback, type: string) => void>();
  private readonly recordingsDone = new Set<string>();

  constructor(
    private readonly app: string,
    private readonly emit: (e: PbxEvent) => void,
    private readonly logger: Logger,
  ) {}

  /** Register an originated leg before the request goes out: its events may precede the response. */
  placeOriginated(info: ChannelInfo): void {
    this.channels.set(info.id, {
      info,
      origin: 'originated',
      inStasis: false,
      ringingSent: false,
      answeredSent: false,
      leavesWithoutDestroy: false,
    });
  }

  adopt(ch: AriChannel): void {
    const args = (ch.dialplan.app_data ?? '').split(',').slice(1);
    const originated = args[0] === 'originated';
    this.channels.set(ch.id, {
      info: toChannelInfo(ch, originated ? 'outbound' : 'inbound', args),
      origin: 'adopted',
      inStasis: ch.dialplan.app_name === 'Stasis',
      ringingSent: true,
      answeredSent: ch.state === 'Up',
      leavesWithoutDestroy: !originated,
    });
  }

  /** Is this channel one of ours (by what Asterisk shows), for reconcile and snapshot. */
  isOurs(ch: AriChannel): boolean {
    if (this.internal.has(ch.id)) return false;
    if (this.channels.has(ch.id)) return true;
    const data = ch.dialplan.app_data ?? '';
    return ch.dialplan.app_name === 'Stasis' && (data === this.app || data.startsWith(`${this.app},`));
  }

  onChannel(id: string, fn: (s: ChannelSignal) => void): () => void {
    let set = this.channelListeners.get(id);
    if (!set) {
      set = new Set();
      this.channelListeners.set(id, set);
    }
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0) this.channelListeners.delete(id);
    };
  }

  onPlayback(id: string, fn: (p: AriPlayback, type: string) => void): () => void {
    this.playbackListeners.set(id, fn);
    return () => this.playbackListeners.delete(id);
  }

  /** A request about a channel we track met "Channel not found": it vanished without events. */
  vanished(id: string): void {
    if (this.channels.has(id)) this.ended(id, 'lost', 'unknown');
  }

  /** Report a channel ended (events, reconcile): once, then forget it. */
  ended(id: string, cause: HangupCause, initiator: 'remote' | 'local' | 'unknown', code?: number, text?: string): void {
    const t = this.channels.get(id);
    if (!t) return;
    this.channels.delete(id);
    const bridge = t.info.bridgeId ? this.bridges.get(t.info.bridgeId) : undefined;
    if (bridge) bridge.channelIds = bridge.channelIds.filter((c) => c !== id);
    const ev: PbxEvent = { type: 'channel.hangup', channelId: id, cause, initiator };
    if (code !== undefined) ev.causeCode = code;
    if (text !== undefined) ev.causeText = text;
    this.emit(ev);
    for (const fn of [...(this.channelListeners.get(id) ?? [])]) fn({ kind: 'gone' });
    this.channelListeners.delete(id);
  }

  handle(e: AriEvent): void {
    switch (e.type) {
      case 'StasisStart':
        return this.stasisStart(e.channel, e.args);
      case 'ChannelStateChange':
        return this.stateChange(e.channel);
      case 'Dial': {
        const t = this.channels.get(e.peer.id);
        if (!t) return;
        t.lastDialStatus = e.dialstatus;
        if (e.dialstatus === 'RINGING') this.ringing(e.peer.id, t);
        return;
      }
      case 'ChannelDtmfReceived':
        if (!this.channels.has(e.channel.id)) return;
        this.emit({ type: 'channel.dtmf', channelId: e.channel.id, digit: e.digit });
        for (const fn of [...(this.channelListeners.get(e.channel.id) ?? [])]) fn({ kind: 'dtmf', digit: e.digit });
        return;
      case 'ChannelHangupRequest': {
        const t = this.channels.get(e.channel.id);
        if (!t) return;
        t.hangupRequested = true;
        if (e.cause !== undefined) t.requestCause = e.cause;
        return;
      }
      case 'StasisEnd':
        return this.stasisEnd(e.channel);
      case 'ChannelDestroyed':
        return this.destroyed(e.channel.id, e.cause, e.cause_txt);
      case 'ChannelEnteredBridge':
      case 'ChannelLeftBridge': {
        this.bridgeUpdate(e.bridge.id, e.bridge.bridge_type, e.bridge.channels);
        const t = this.channels.get(e.channel.id);
        if (t) t.info.bridgeId = e.type === 'ChannelEnteredBridge' ? e.bridge.id : undefined;
        return;
      }
      case 'BridgeDestroyed':
        this.bridges.delete(e.bridge.id);
        return;
      case 'PlaybackStarted':
      case 'PlaybackContinuing':
      case 'PlaybackFinished':
        this.playbackListeners.get(e.playback.id)?.(e.playback, e.type);
        return;
      case 'RecordingFinished':
      case 'RecordingFailed':
        return this.recordingEnded(e.recording, e.type === 'RecordingFailed');
      default:
        return;
    }
  }

  /**
   * Resolves true once the internal channel (a snoop) is in our Stasis app, false when it ended
   * first. A real Asterisk may answer POST /channels/{id}/snoop before the snoop's StasisStart,
   * and a bridge refuses a channel that is not in Stasis yet.
   */
  internalInStasis(id: string): Promise<boolean> {
    if (this.internalStarted.has(id)) return Promise.resolve(true);
    if (!this.internal.has(id)) return Promise.resolve(false);
    return new Promise((resolve) => this.startWaiters.set(id, resolve));
  }

  /** The ARI socket dropped: a StasisStart awaited now may never be seen, so nobody waits on. */
  connectionLost(): void {
    for (const resolve of this.startWaiters.values()) resolve(false);
    this.startWaiters.clear();
  }

  private internalEnded(id: string): boolean {
    this.internalStarted.delete(id);
    this.startWaiters.get(id)?.(false);
    this.startWaiters.delete(id);
    return this.internal.delete(id);
  }

  private stasisStart(ch: AriChannel, args: string[]): void {
    if (this.internal.has(ch.id)) {
      this.internalStarted.add(ch.id);
      this.startWaiters.get(ch.id)?.(true);
      this.startWaiters.delete(ch.id);
      return;
    }
    if (args[0] === 'snoop') return;
    const t = this.channels.get(ch.id);
    if (t) {
      t.inStasis = true;
      t.info = { ...t.info, name: ch.name, state: channelState(ch.state) };
      if (t.origin === 'originated' && ch.state === 'Up' && !t.answeredSent) {
        t.answeredSent = true;
        this.emit({ type: 'channel.answered', channelId: ch.id });
      }
      return;
    }
    const info = toChannelInfo(ch, 'inbound', args);
    this.channels.set(ch.id, {
      info,
      origin: 'inbound',
      inStasis: true,
      ringingSent: true,
      answeredSent: ch.state === 'Up',
      leavesWithoutDestroy: true,
    });
    this.emit({ type: 'channel.inbound', channel: { ...info } });
  }

  private stateChange(ch: AriChannel): void {
    const t = this.channels.get(ch.id);
    if (!t) return;
    t.info.state = channelState(ch.state);
    if (ch.state === 'Ringing' && t.origin === 'originated') this.ringing(ch.id, t);
    if (ch.state === 'Up' && t.origin !== 'originated' && !t.answeredSent) {
      t.answeredSent = true;
      this.emit({ type: 'channel.answered', channelId: ch.id });
    }
  }

  private ringing(id: string, t: TrackedChannel): void {
    if (t.ringingSent) return;
    t.ringingSent = true;
    this.emit({ type: 'channel.ringing', channelId: id });
  }

  private stasisEnd(ch: AriChannel): void {
    if (this.internalEnded(ch.id)) return;
    const t = this.channels.get(ch.id);
    if (!t) return;
    t.inStasis = false;
    if (!t.leavesWithoutDestroy && !t.localCause) return; // ChannelDestroyed follows with the cause
    if (t.localCause) {
      this.ended(ch.id, t.localCause, 'local', t.requestCause);
      return;
    }
    this.ended(ch.id, causeFromQ850(t.requestCause), 'remote', t.requestCause);
  }

  private destroyed(id: string, cause: number, text: string): void {
    this.internalEnded(id);
    const t = this.channels.get(id);
    if (!t) return;
    if (t.localCause) {
      this.ended(id, t.localCause, 'local', cause, text);
      return;
    }
    const mapped = (!t.answeredSent && causeFromDialStatus(t.lastDialStatus)) || causeFromQ850(cause);
    this.ended(id, mapped, 'remote', cause, text);
  }

  private bridgeUpdate(id: string, type: string, channels: string[]): void {
    const kind = type === 'holding' ? 'holding' : 'mixing';
    const ours = channels.filter((c) => this.channels.has(c));
    const b = this.bridges.get(id);
    if (b) b.channelIds = ours;
    else this.bridges.set(id, { id, kind, channelIds: ours });
  }

  private recordingEnded(rec: AriLiveRecording, failed: boolean): void {
    if (this.recordingsDone.has(rec.name)) return;
    this.recordingsDone.add(rec.name);
    // Only recent names matter (a late stop of a finished recording); keep the set bounded.
    if (this.recordingsDone.size > 1000) {
      const oldest = this.recordingsDone.values().next().value;
      if (oldest !== undefined) this.recordingsDone.delete(oldest);
    }
    if (failed) this.logger.warn({ recording: rec.name, cause: rec.cause }, 'Asterisk recording failed');
    const ev: PbxEvent = { type: 'recording.finished', recordingId: rec.name };
    if (typeof rec.duration === 'number') ev.durationMs = rec.duration * 1000;
    this.emit(ev);
  }

  recordingWasFinished(name: string): boolean {
    return this.recordingsDone.has(name);
  }

  forgetRecording(name: string): void {
    this.recordingsDone.delete(name);
  }
}
