/**
 * The fake Asterisk's world: channels, bridges, playbacks, live recordings, phones. Plain data
 * plus the audio-path rules (who hears whom), kept apart from the REST/event plumbing.
 */
import type { TimerHandle } from '../../../src/core/clock.js';
import { RECORDED_SOUND_IDS, type FakeChannelShape } from './ari-frames.js';

export type Reply = { status: number; body?: unknown; headers?: Record<string, string>; after?: () => void };

export type PhoneBehaviour = 'answer' | 'busy' | 'no_answer' | 'manual' | { answerAfterMs: number };

export interface FakeChannel extends FakeChannelShape {
  origin: 'inbound' | 'originated' | 'snoop';
  inStasis: boolean;
  vars: Map<string, string>;
  bridgeId?: string;
  moh: boolean;
  /**
   * A HOLD indication on this channel (ARI POST /channels/{id}/hold). chan_pjsip answers it by
   * starting music on hold on this same channel: its own far end hears music, the bridge goes on
   * hearing its voice (the indication does not reach the other members).
   */
  hold: boolean;
  /** ARI POST /channels/{id}/silence: a silence generator plays to this channel. */
  silence: boolean;
  /** When the silence generator started (clock ms), to report `silence:<ms>` as heard. */
  silenceSince?: number;
  muteIn: boolean;
  muteOut: boolean;
  heard: string[];
  dtmf: string;
  /** Phone or number an originated leg rings. */
  target?: string;
  appArgs: string[];
  timer?: TimerHandle;
  snoop?: { target: string; spy: string; whisper: string };
}

export interface FakeBridge {
  id: string;
  type: 'mixing' | 'holding';
  name: string;
  channels: string[];
  creationtime: string;
  moh: boolean;
}

export interface FakePlayback {
  id: string;
  channelId: string;
  media: string;
  timer?: TimerHandle;
}

export interface FakeRecording {
  name: string;
  format: string;
  target: { channelId: string } | { bridgeId: string };
  recordedMs: number;
  /** When the current unpaused stretch began, or undefined while paused. */
  since?: number;
  maxMs?: number;
  terminateOn: string;
  timer?: TimerHandle;
}

/** What the far side of a channel lives through (kept after hang-up for redirect checks). */
export interface FarSide {
  answered: boolean;
  hearsMoh: boolean;
  onHold: boolean;
  muted: { in: boolean; out: boolean };
  heardPrompts: string[];
  receivedDtmf: string;
  hears: string[];
  redirectedTo?: string;
}

export class FakeWorld {
  readonly channels = new Map<string, FakeChannel>();
  readonly bridges = new Map<string, FakeBridge>();
  readonly playbacks = new Map<string, FakePlayback>();
  readonly recordings = new Map<string, FakeRecording>();
  /** Finished recordings by file name as Asterisk stores them (`<name>.wav`, `<name>.wav16`). */
  readonly files = new Map<string, Buffer>();
  /** Far-side views of channels that ended, for questions asked after the hang-up. */
  readonly ended = new Map<string, FarSide>();
  readonly phones = new Map<string, 'registered' | 'unregistered'>();
  /** Installed sound ids (GET /ari/sounds/{id}); tests remove one to fake a missing prompt. */
  readonly sounds = new Set<string>(RECORDED_SOUND_IDS);
  readonly behaviours = new Map<string, PhoneBehaviour>();

  /**
   * Voices a channel hears, by the rules of bridges, mute and snoops. A generator on the channel
   * (music on hold, a HOLD indication's music, silence) replaces what the bridge writes to it:
   * Asterisk drops frames written to a channel while a non-interruptible generator runs.
   */
  hears(id: string): string[] {
    const c = this.channels.get(id);
    if (!c || c.muteOut || c.origin === 'snoop' || hasGenerator(c)) return [];
    const heard = new Set<string>(this.bridgeVoices(c));
    for (const s of this.channels.values()) {
      // A whisper snoop injects what its bridge says into the snooped channel.
      if (s.snoop?.target !== id || (s.snoop.whisper !== 'out' && s.snoop.whisper !== 'both') || !s.bridgeId) continue;
      for (const m of this.bridges.get(s.bridgeId)?.channels ?? []) {
        const v = this.channels.get(m);
        if (v && m !== s.id && !v.muteIn) heard.add(m);
      }
    }
    heard.delete(id);
    return [...heard].sort();
  }

  private bridgeVoices(c: FakeChannel): string[] {
    const b = c.bridgeId ? this.bridges.get(c.bridgeId) : undefined;
    if (!b || b.type === 'holding' || hasGenerator(c)) return [];
    const out: string[] = [];
    for (const m of b.channels) {
      if (m === c.id) continue;
      const v = this.channels.get(m);
      if (!v) continue;
      if (v.snoop) {
        // A spying snoop carries its target's voice and what the target hears.
        const t = this.channels.get(v.snoop.target);
        if (v.snoop.spy === 'none' || !t) continue;
        if (!t.muteIn) out.push(t.id);
        out.push(...this.bridgeVoices(t));
        continue;
      }
      if (!v.muteIn) out.push(m);
    }
    return out;
  }

  farSide(id: string): FarSide | undefined {
    const c = this.channels.get(id);
    if (!c) return this.ended.get(id);
    const b = c.bridgeId ? this.bridges.get(c.bridgeId) : undefined;
    return {
      answered: c.state === 'Up',
      // A HOLD indication plays music to the held channel itself, never to its bridge peers.
      hearsMoh: !c.muteOut && (c.moh || c.hold || (!!b && b.moh)),
      onHold: c.hold,
      muted: { in: c.muteIn, out: c.muteOut },
      heardPrompts: [...c.heard],
      receivedDtmf: c.dtmf,
      hears: this.hears(id),
    };
  }
}

/** Music on hold (started, or from a HOLD indication) or silence is playing to the channel. */
function hasGenerator(c: FakeChannel): boolean {
  return c.moh || c.hold || c.silence;
}
