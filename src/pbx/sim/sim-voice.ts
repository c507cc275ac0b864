/**
 * What simulated callers say, and how a recording hears it. A caller's utterance is 16-bit mono
 * PCM at 8 or 16 kHz (narrowband or wideband telephony), placed on the world's timeline when it
 * is spoken; a recording renders the parts of its channels' utterances that fall inside its
 * recorded spans, at the rate the recording asked for. Mute and hold are not modelled here: a
 * channel recording hears its caller, a bridge recording hears every member.
 */
import { validationError } from '../../core/errors.js';
import { wavBytes } from '../shared/wav.js';

export type VoiceRate = 8000 | 16000;

export interface Utterance {
  /** World time (ms) the caller started speaking. */
  startAt: number;
  rate: VoiceRate;
  samples: Int16Array;
}

/** A recorded stretch of world time, [from, to). */
export interface Span {
  from: number;
  to: number;
}

export function utteranceEnd(u: Utterance): number {
  return u.startAt + (u.samples.length * 1000) / u.rate;
}

/** Reads a PCM WAV (16-bit, mono, 8 or 16 kHz), skipping chunks other than `fmt ` and `data`. */
export function parseVoiceWav(bytes: Buffer, where = '/audio'): { rate: VoiceRate; samples: Int16Array } {
  const fail = (reason: string) => validationError([{ where, reason }]);
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'RIFF' || bytes.toString('latin1', 8, 12) !== 'WAVE')
    throw fail('not a RIFF/WAVE file');
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = bytes.toString('latin1', at, at + 4);
    const size = bytes.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ' && body + 16 <= bytes.length) {
      fmt = { format: bytes.readUInt16LE(body), channels: bytes.readUInt16LE(body + 2), rate: bytes.readUInt32LE(body + 4), bits: bytes.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw fail('the data chunk comes before the fmt chunk');
      if (fmt.format !== 1 || fmt.channels !== 1 || fmt.bits !== 16) throw fail('only 16-bit mono PCM can be spoken');
      if (fmt.rate !== 8000 && fmt.rate !== 16000) throw fail(`a caller speaks at 8000 or 16000 Hz, not ${fmt.rate}`);
      // sox and espeak-ng leave the size at 0 or too large when they stream: read what is there.
      const end = Math.min(bytes.length, size === 0 ? bytes.length : body + size);
      const samples = new Int16Array(Math.floor((end - body) / 2));
      for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(body + i * 2);
      return { rate: fmt.rate, samples };
    }
    at = body + size + (size % 2);
  }
  throw fail('no data chunk');
}

/**
 * 16 kHz -> 8 kHz keeps what a narrowband line carries (a [1 2 1]/4 low-pass, then every other
 * sample); 8 kHz -> 16 kHz interpolates, so the band above 4 kHz stays empty, as it would.
 */
export function resampleVoice(samples: Int16Array, from: VoiceRate, to: VoiceRate): Int16Array {
  if (from === to) return samples;
  if (from === 16000) {
    const out = new Int16Array(Math.floor(samples.length / 2));
    for (let i = 0; i < out.length; i++) {
      const c = samples[2 * i] ?? 0;
      const prev = samples[2 * i - 1] ?? c;
      const next = samples[2 * i + 1] ?? c;
      out[i] = Math.round((prev + 2 * c + next) / 4);
    }
    return out;
  }
  const out = new Int16Array(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const a = samples[i] ?? 0;
    const b = samples[i + 1] ?? a;
    out[2 * i] = a;
    out[2 * i + 1] = Math.round((a + b) / 2);
  }
  return out;
}

/** The WAV of a recording: silence (or a tone) for its spans, with the utterances heard in them. */
export function renderRecording(spec: { spans: readonly Span[]; rate: VoiceRate; toneHz?: number; voices: readonly Utterance[] }): Buffer {
  const rate = spec.rate;
  const totalMs = spec.spans.reduce((sum, s) => sum + (s.to - s.from), 0);
  const wav = wavBytes(spec.toneHz === undefined ? { durationMs: totalMs, sampleRate: rate } : { durationMs: totalMs, sampleRate: rate, toneHz: spec.toneHz });
  const total = (wav.length - 44) / 2;
  const at = (ms: number): number => Math.round((ms * rate) / 1000);
  let offsetMs = 0;
  for (const span of spec.spans) {
    for (const u of spec.voices) {
      const from = Math.max(span.from, u.startAt);
      const to = Math.min(span.to, utteranceEnd(u));
      if (to <= from) continue;
      const pcm = resampleVoice(u.samples, u.rate, rate);
      const fileStart = at(offsetMs + from - span.from);
      const voiceStart = at(from - u.startAt);
      const n = Math.min(at(to - from), total - fileStart, pcm.length - voiceStart);
      for (let i = 0; i < n; i++) {
        const pos = 44 + (fileStart + i) * 2;
        const mixed = wav.readInt16LE(pos) + (pcm[voiceStart + i] ?? 0);
        wav.writeInt16LE(Math.max(-32768, Math.min(32767, mixed)), pos);
      }
    }
    offsetMs += span.to - span.from;
  }
  return wav;
}
