/**
 * What the fake FreeSWITCH knows about each channel, and what its far end experiences: who it
 * hears (uuid_bridge peer, conference members, eavesdrop), hold, mute, prompts, DTMF received.
 */
import type { TimerHandle } from '../../../src/core/clock.js';

export type EavesdropMode = 'listen' | 'whisper' | 'barge';

export interface RunningApp {
  appUuid: string;
  app: string;
  arg: string;
  timer: TimerHandle | undefined;
  /** The file could not be opened: no PLAYBACK_START/STOP, Application-Response FILE NOT FOUND. */
  failed?: boolean;
}

export interface FakeRecording {
  path: string;
  startedAt: number;
  limitTimer: TimerHandle | undefined;
  /** Samples per second of the file: `record_sample_rate` when valid, else the codec's (PCMU: 8000). */
  rate: number;
}

/** Rates FreeSWITCH accepts in `record_sample_rate` (switch_is_valid_rate). */
const VALID_RATES = new Set([8000, 12000, 16000, 24000, 32000, 11025, 22050, 44100, 48000]);

/** The rate a recording starting now on `ch` is written at. */
export function recordRate(ch: FakeChannel): number {
  const asked = Number.parseInt(ch.vars.get('record_sample_rate') ?? '', 10);
  return VALID_RATES.has(asked) ? asked : 8000;
}

export interface FakeChannel {
  id: string;
  direction: 'inbound' | 'outbound';
  name: string;
  callerNumber: string;
  callerName: string;
  dest: string;
  vars: Map<string, string>;
  answered: boolean;
  /** The application the channel sits in. */
  app: 'park' | 'bridge' | 'conference' | 'eavesdrop' | 'socket' | 'ringing' | 'gone-elsewhere';
  peer?: string;
  conference?: string;
  eavesdrop?: { target: string; mode: EavesdropMode };
  hold: boolean;
  mute: { in: boolean; out: boolean };
  moh: boolean;
  heardPrompts: string[];
  receivedDtmf: string;
  redirectedTo?: string;
  running: RunningApp | undefined;
  queue: { appUuid: string; app: string; arg: string }[];
  recordings: Map<string, FakeRecording>;
  /** Originate bookkeeping: the job to answer and the ring timers. */
  jobUuid?: string;
  timers: TimerHandle[];
  created: number;
  /** Call states and when they began: `show channels` reports them only after a lag (fake-listing.ts). */
  callstates: { state: string; at: number }[];
}

export function newChannel(init: Pick<FakeChannel, 'id' | 'direction' | 'name' | 'callerNumber' | 'callerName' | 'dest'> & { vars?: Record<string, string>; created: number }): FakeChannel {
  return {
    ...init,
    vars: new Map(Object.entries(init.vars ?? {})),
    answered: false,
    app: init.direction === 'outbound' ? 'ringing' : 'park',
    hold: false,
    mute: { in: false, out: false },
    moh: false,
    heardPrompts: [],
    receivedDtmf: '',
    running: undefined,
    queue: [],
    recordings: new Map(),
    timers: [],
    created: init.created,
    callstates: [{ state: 'RINGING', at: init.created }],
  };
}

/** Channel ids whose voice `id` hears now. */
export function hearsOf(channels: ReadonlyMap<string, FakeChannel>, id: string): string[] {
  const me = channels.get(id);
  if (!me || me.mute.out) return [];
  const out = new Set<string>();
  const speaks = (c: FakeChannel | undefined): c is FakeChannel => c !== undefined && !c.mute.in && !c.hold;
  if (me.eavesdrop) {
    const target = channels.get(me.eavesdrop.target);
    if (speaks(target)) out.add(target.id);
    const other = target?.peer === undefined ? undefined : channels.get(target.peer);
    if (speaks(other)) out.add(other.id);
    return [...out];
  }
  if (me.peer !== undefined && !me.hold) {
    const peer = channels.get(me.peer);
    if (speaks(peer)) out.add(peer.id);
  }
  if (me.conference !== undefined) {
    for (const c of channels.values()) if (c.id !== id && c.conference === me.conference && speaks(c)) out.add(c.id);
  }
  for (const s of channels.values()) {
    if (!s.eavesdrop || !speaks(s)) continue;
    const talksToMe = s.eavesdrop.target === id ? s.eavesdrop.mode !== 'listen' : s.eavesdrop.target === me.peer && s.eavesdrop.mode === 'barge';
    if (talksToMe) out.add(s.id);
  }
  return [...out];
}

export function hearsMoh(channels: ReadonlyMap<string, FakeChannel>, id: string): boolean {
  const me = channels.get(id);
  if (!me) return false;
  if (me.moh) return true;
  const peer = me.peer === undefined ? undefined : channels.get(me.peer);
  return peer?.hold === true;
}

/** `kind:value` as describeMedia writes it, from the application FreeSWITCH was asked to run. */
export function describeApp(app: string, arg: string): string | null {
  if (app === 'say') {
    const parts = arg.split(' ');
    const value = parts.slice(3).join(' ');
    return parts[2] === 'pronounced' ? `number:${value}` : `digits:${value}`;
  }
  if (app !== 'playback') return null;
  if (arg.startsWith('silence_stream://')) return `silence:${arg.slice(17)}`;
  if (arg.startsWith('local_stream://') || arg.startsWith('tone_stream://')) return null;
  const path = arg.replace(/\.wav$/, '');
  return path.startsWith('/') ? `file:${path}` : `sound:${path}`;
}

/** A small valid WAV (16-bit mono, silence, 8 kHz unless said) of the given length. */
export function wavOf(ms: number, rate = 8000): Buffer {
  const data = Math.max(0, Math.round((ms * rate) / 1000)) * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'latin1');
  b.write('fmt ', 12, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(data, 40);
  return b;
}
