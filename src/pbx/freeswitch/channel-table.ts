/**
 * The channels we own, the ones that ended (so a late event or a late outbound connect never
 * resurrects them), and per-channel watchers (playbacks, digit collection, recordings) that must
 * always be removed again (drachtio-fsmrf's lesson: subscribe per channel id, always unsubscribe).
 */
import type { ChannelInfo } from '../port.js';
import type { ChannelWatcher } from './playback.js';

export interface OwnedChannel {
  info: ChannelInfo;
  ringingSent: boolean;
  answeredSent: boolean;
  /** We asked for the hang-up (uuid_kill, redirect): the initiator is local. */
  endingLocally: boolean;
  /** Hangup-Cause of CHANNEL_HANGUP, kept until CHANNEL_HANGUP_COMPLETE says who hung up. */
  hangupCause?: string;
  /** The outbound event socket FreeSWITCH opened for this call, if it arrived that way. */
  release?: () => void;
}

const ENDED_MEMORY = 5_000;

export class ChannelTable {
  private readonly channels = new Map<string, OwnedChannel>();
  private readonly ended = new Set<string>();
  private readonly watchers = new Map<string, Set<ChannelWatcher>>();

  get(id: string): OwnedChannel | undefined {
    return this.channels.get(id);
  }

  has(id: string): boolean {
    return this.channels.has(id);
  }

  hasEnded(id: string): boolean {
    return this.ended.has(id);
  }

  ids(): string[] {
    return [...this.channels.keys()];
  }

  all(): OwnedChannel[] {
    return [...this.channels.values()];
  }

  add(info: ChannelInfo, release?: () => void): OwnedChannel {
    const owned: OwnedChannel = { info, ringingSent: false, answeredSent: false, endingLocally: false, release };
    this.channels.set(info.id, owned);
    return owned;
  }

  /** Removes the channel and tells its watchers it is gone; returns it if it was ours. */
  end(id: string): OwnedChannel | undefined {
    const owned = this.channels.get(id);
    this.remember(id);
    if (!owned) return undefined;
    this.channels.delete(id);
    const watchers = this.watchers.get(id);
    this.watchers.delete(id);
    for (const w of watchers ?? []) w.onGone();
    owned.release?.();
    return owned;
  }

  /** The channel is hanging up: its watchers learn it is gone now, the channel stays until it ends. */
  silence(id: string): void {
    const watchers = this.watchers.get(id);
    this.watchers.delete(id);
    for (const w of watchers ?? []) w.onGone();
  }

  /** Forget an id without treating it as ended (a failed originate before FreeSWITCH saw it). */
  drop(id: string): void {
    this.channels.delete(id);
    this.watchers.delete(id);
  }

  remember(id: string): void {
    this.ended.add(id);
    if (this.ended.size > ENDED_MEMORY) {
      const oldest = this.ended.values().next().value;
      if (oldest !== undefined) this.ended.delete(oldest);
    }
  }

  watch(id: string, watcher: ChannelWatcher): () => void {
    if (!this.channels.has(id)) {
      queueMicrotask(() => watcher.onGone());
      return () => undefined;
    }
    let set = this.watchers.get(id);
    if (!set) {
      set = new Set();
      this.watchers.set(id, set);
    }
    set.add(watcher);
    return () => {
      this.watchers.get(id)?.delete(watcher);
    };
  }

  dtmf(id: string, digit: string): void {
    for (const w of [...(this.watchers.get(id) ?? [])]) w.onDtmf?.(digit);
  }
}
