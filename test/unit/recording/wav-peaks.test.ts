import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { wavPeaks } from '../../../src/recording/wav-peaks.js';

/** The pieces of a WAV file, written byte by byte here so that each test can bend one of them. */
interface WavSpec {
  format?: number;
  channels?: number;
  rate?: number;
  bits?: number;
  blockAlign?: number;
  /** The data chunk's bytes. */
  data: Uint8Array;
  /** What the data chunk header claims (default: the real length). */
  declaredData?: number;
  /** Chunks before `fmt ` / between `fmt ` and `data` / after `data` (id, body). */
  before?: [string, Uint8Array][];
  between?: [string, Uint8Array][];
  after?: [string, Uint8Array][];
  /** The `fmt ` chunk's body instead of the 16 bytes made from the fields above. */
  fmtBody?: Uint8Array;
}

function chunk(id: string, body: Uint8Array, declared = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length % 2));
  const v = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  v.setUint32(4, declared, true);
  out.set(body, 8);
  return out;
}

function fmtBody(s: WavSpec): Uint8Array {
  const channels = s.channels ?? 1;
  const bits = s.bits ?? 16;
  const rate = s.rate ?? 8000;
  const blockAlign = s.blockAlign ?? (channels * bits) / 8;
  const b = new Uint8Array(16);
  const v = new DataView(b.buffer);
  v.setUint16(0, s.format ?? 1, true);
  v.setUint16(2, channels, true);
  v.setUint32(4, rate, true);
  v.setUint32(8, rate * blockAlign, true);
  v.setUint16(12, blockAlign, true);
  v.setUint16(14, bits, true);
  return b;
}

function wav(s: WavSpec): Uint8Array {
  const parts = [
    ...(s.before ?? []).map(([id, body]) => chunk(id, body)),
    chunk('fmt ', s.fmtBody ?? fmtBody(s)),
    ...(s.between ?? []).map(([id, body]) => chunk(id, body)),
    // The data chunk's pad byte is left out when its size is odd and nothing follows (as a cut file ends).
    chunk('data', s.data, s.declaredData ?? s.data.length).subarray(0, 8 + s.data.length + (s.after?.length ? s.data.length % 2 : 0)),
    ...(s.after ?? []).map(([id, body]) => chunk(id, body)),
  ];
  const size = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(12 + size);
  out.set([...'RIFF'].map((c) => c.charCodeAt(0)), 0);
  new DataView(out.buffer).setUint32(4, 4 + size, true);
  out.set([...'WAVE'].map((c) => c.charCodeAt(0)), 8);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const int16 = (values: number[]): Uint8Array => {
  const b = new Uint8Array(values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setInt16(i * 2, x, true));
  return b;
};

/** The file handed over in pieces of `size` bytes, as a stream delivers it. */
function* pieces(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const peaksOf = (bytes: Uint8Array, buckets: number, pieceSize = 4096) => wavPeaks(pieces(bytes, pieceSize), bytes.length, buckets);

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    await peaksOf(bytes, 4);
  } catch (err) {
    if (isAppError(err, 'RECORDING_UNREADABLE')) return (err.details as { reason: string }).reason;
    throw err;
  }
  throw new Error('the file was read instead of refused');
}

describe('the waveform peaks of a WAV file', () => {
  it('given 16-bit mono PCM when read into 4 buckets then each bucket holds the largest |sample| of its quarter, scaled to 0..1', async () => {
    const file = wav({ data: int16([0, 16384, -8192, 0, -32768, 100, 0, 0, 3277, -3277, 0, 0, 0, 0, 0, 32767]) });
    const p = await peaksOf(file, 4);
    expect(p).toEqual({ buckets: 4, durationMs: 2, sampleRate: 8000, channels: 1, bitsPerSample: 16, peaks: [0.5, 1, 0.1, 1] });
  });

  it('given 8-bit unsigned PCM when read then 128 is silence and 0 and 255 are full scale', async () => {
    const file = wav({ bits: 8, data: Uint8Array.from([128, 128, 0, 128, 192, 64, 255, 128]) });
    const p = await peaksOf(file, 4);
    expect(p.peaks).toEqual([0, 1, 0.5, 0.992]);
    expect(p).toMatchObject({ bitsPerSample: 8, durationMs: 1 });
  });

  it('given stereo 16-bit when read then a bucket takes the louder channel and the duration counts frames, not samples', async () => {
    // Left quiet, right loud in the first half; the other way round in the second.
    const file = wav({ channels: 2, rate: 16000, data: int16([100, 16384, -100, 0, 8192, 0, -4096, 200]) });
    const p = await peaksOf(file, 2);
    expect(p.peaks).toEqual([0.5, 0.25]);
    expect(p).toMatchObject({ channels: 2, sampleRate: 16000, durationMs: 0 });
    const second = wav({ channels: 2, rate: 8000, data: int16(Array.from({ length: 16000 }, (_, i) => (i % 2 === 0 ? 0 : 1000))) });
    expect((await peaksOf(second, 50)).durationMs).toBe(1000);
  });

  it('given the file in pieces of every odd size when read then the peaks are the same (a sample split between pieces)', async () => {
    const values = Array.from({ length: 999 }, (_, i) => Math.round(Math.sin(i / 7) * 30000 * (i / 999)));
    const file = wav({ channels: 3, data: int16(values), before: [['JUNK', new Uint8Array(7)]], between: [['LIST', new Uint8Array(13)]] });
    const whole = await peaksOf(file, 50, file.length);
    for (const size of [1, 3, 5, 7, 45, 333]) expect(await peaksOf(file, 50, size)).toEqual(whole);
    expect(whole.peaks.at(-1)).toBeGreaterThan(0.85);
    expect(whole.peaks[0]).toBeLessThan(0.05);
  });

  it('given thousands of random frames (8- and 16-bit, 1 to 3 channels) when read in odd pieces then the peaks are those of a plain reference computation', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const [bits, channels, frames, buckets] of [
      [16, 2, 12_345, 777],
      [8, 1, 5_001, 2000],
      [16, 3, 999, 1000],
    ] as const) {
      const bytes = bits / 8;
      const data = Uint8Array.from({ length: frames * channels * bytes }, () => Math.floor(random() * 256));
      const view = new DataView(data.buffer);
      const level = (f: number) =>
        Math.max(...Array.from({ length: channels }, (_, c) => {
          const at = (f * channels + c) * bytes;
          return bits === 8 ? Math.abs((data[at] ?? 0) - 128) / 128 : Math.abs(view.getInt16(at, true)) / 32768;
        }));
      // Frame f lies in bucket floor(f * buckets / frames); a bucket no frame starts in shows the frame its start falls in.
      const own = new Array<number>(buckets).fill(-1);
      for (let f = 0; f < frames; f++) {
        const b = Math.floor((f * buckets) / frames);
        own[b] = Math.max(own[b] ?? -1, level(f));
      }
      const reference = own.map((peak, b) => Math.round((peak >= 0 ? peak : level(Math.floor((b * frames) / buckets))) * 1000) / 1000);
      const p = await peaksOf(wav({ bits, channels, data }), buckets, 1021);
      expect({ bits, channels, peaks: p.peaks }).toEqual({ bits, channels, peaks: reference });
    }
  });

  it('given chunks of odd sizes around fmt and data (with their pad bytes) and a chunk after the data when read then only the data counts', async () => {
    const file = wav({ bits: 8, data: Uint8Array.from([128, 255, 128]), before: [['JUNK', new Uint8Array(3).fill(255)]], between: [['fact', new Uint8Array(5).fill(0)]], after: [['LIST', new Uint8Array(9).fill(0)]] });
    const p = await peaksOf(file, 3);
    expect(p.peaks).toEqual([0, 0.992, 0]);
    expect(p.durationMs).toBe(0);
  });

  it('given a data chunk cut short (the header claims more than the file holds) when read then the samples that are there count, and half a frame is dropped', async () => {
    const full = wav({ data: int16([0, 0, 32767, 0, 0, 0, 0, 0]) });
    // Cut after 3.5 frames of the 8 declared: the header still says 16 bytes of data.
    const cut = full.subarray(0, full.length - 9);
    const p = await peaksOf(cut, 4);
    expect(p.durationMs).toBe(0);
    expect(p.peaks).toEqual([0, 0, 1, 1]);
    // A header left at 0 by a crash: the file's size says how much there is.
    const zero = wav({ data: int16([0, 16384, 0, 0]), declaredData: 0 });
    expect((await peaksOf(zero, 2)).peaks).toEqual([0.5, 0]);
  });

  it('given fewer samples than buckets when read then every bucket shows the sample its time falls in', async () => {
    const p = await peaksOf(wav({ data: int16([32767, 0, 16384]) }), 6);
    expect(p.peaks).toEqual([1, 1, 0, 0, 0.5, 0.5]);
  });

  it('given an empty data chunk when read then every peak is 0 and the duration 0', async () => {
    expect(await peaksOf(wav({ data: new Uint8Array(0) }), 3)).toMatchObject({ durationMs: 0, peaks: [0, 0, 0] });
  });

  it('given WAVE_FORMAT_EXTENSIBLE with the PCM sub-format when read then it is read like plain PCM', async () => {
    const body = new Uint8Array(40);
    body.set(fmtBody({ data: new Uint8Array(0) }));
    const v = new DataView(body.buffer);
    v.setUint16(0, 0xfffe, true);
    v.setUint16(16, 22, true);
    v.setUint16(24, 1, true);
    expect((await peaksOf(wav({ fmtBody: body, data: int16([16384, 0]) }), 2)).peaks).toEqual([0.5, 0]);
    v.setUint16(24, 3, true);
    expect(await refusal(wav({ fmtBody: body, data: int16([16384, 0]) }))).toBe('audio format 3 is not PCM');
  });

  it('given formats that are not 8/16-bit PCM or a torn header when read then each is refused with RECORDING_UNREADABLE and its reason', async () => {
    const data = int16([1, 2, 3, 4]);
    const cases: [string, Uint8Array, string][] = [
      ['A-law', wav({ format: 6, bits: 8, data }), 'audio format 6 is not PCM'],
      ['float', wav({ format: 3, bits: 32, data }), 'audio format 3 is not PCM'],
      ['24-bit', wav({ bits: 24, data }), '24-bit samples are not supported (8 or 16)'],
      ['block size', wav({ blockAlign: 3, data }), 'a block size of 3 bytes for 1 x 16-bit samples'],
      ['no channel', wav({ channels: 0, blockAlign: 2, data }), '0 channels'],
      ['not RIFF', new TextEncoder().encode('ID3\u0004 an mp3 file that is long enough'), 'no RIFF/WAVE header'],
      ['empty', new Uint8Array(0), 'no RIFF/WAVE header'],
      ['header only', wav({ data }).subarray(0, 20), 'no fmt chunk'],
      ['no data chunk', wav({ data }).subarray(0, 36), 'no data chunk'],
      ['short fmt', wav({ fmtBody: new Uint8Array(10), data }), 'a fmt chunk of 10 bytes'],
    ];
    for (const [name, bytes, reason] of cases) expect({ name, reason: await refusal(bytes) }).toEqual({ name, reason });
    // The data chunk before the fmt chunk.
    const early = wav({ data });
    const swapped = new Uint8Array(early.length);
    swapped.set(early.subarray(0, 12));
    swapped.set(early.subarray(36), 12);
    swapped.set(early.subarray(12, 36), 12 + early.length - 36);
    expect(await refusal(swapped)).toBe('the data chunk comes before the fmt chunk');
  });

  it('given a data chunk read to its end when more pieces would follow then reading stops there', async () => {
    const file = wav({ data: int16([100, 200]), after: [['LIST', new Uint8Array(4096)]] });
    let handed = 0;
    const counting = function* () {
      for (const p of pieces(file, 16)) {
        handed++;
        yield p;
      }
    };
    await wavPeaks(counting(), file.length, 2);
    expect(handed).toBe(Math.ceil(48 / 16));
  });
});
