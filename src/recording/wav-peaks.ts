/**
 * The waveform of a recording: its WAV file read once, front to back, and folded into N peak
 * values (0..1, the largest absolute sample of any channel in each of N equal stretches of
 * time), so the records page can draw it without fetching the audio. A two-hour 16 kHz call is
 * about 230 MB of samples: the bytes arrive as a stream of chunks and only a partial frame is
 * ever carried between chunks, never the file. Pure: chunks in, peaks out (the route opens and
 * streams the file).
 *
 * The RIFF layout is walked chunk by chunk (`fmt ` and `data` found wherever they are, LIST and
 * other chunks skipped with their pad byte), because Asterisk, FreeSWITCH and sox do not all
 * write the plain 44-byte header. 8-bit (unsigned) and 16-bit (signed) PCM, plain or
 * WAVE_FORMAT_EXTENSIBLE with the PCM sub-format, any channel count. Anything else (A-law, GSM,
 * float, a torn header) is refused with RECORDING_UNREADABLE and the reason, never a crash.
 */
import { AppError } from '../core/errors.js';

export interface WavPeaks {
  /** How many peaks follow (the number asked for). */
  buckets: number;
  /** Length of the audio the data chunk holds (what was really written, not what the header hoped). */
  durationMs: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** One per bucket, 0..1 with three decimals; bucket i covers [i, i+1) x durationMs / buckets. */
  peaks: number[];
}

const PCM = 1;
const EXTENSIBLE = 0xfffe;
/** A `fmt ` chunk is 16, 18 or 40 bytes; anything far larger is not a header we understand. */
const MAX_FMT_BYTES = 1024;

const unreadable = (reason: string): AppError => new AppError('RECORDING_UNREADABLE', `The recording's file cannot be read: ${reason}`, { reason });

const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(b[at] ?? 0, b[at + 1] ?? 0, b[at + 2] ?? 0, b[at + 3] ?? 0);
const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 0x10000);

interface Format {
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

/**
 * Reads a WAV file given as chunks of bytes in file order; `fileSize` is the size of the whole
 * file (from its stat), which says how much audio a cut-off recording really holds.
 */
export async function wavPeaks(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, fileSize: number, buckets: number): Promise<WavPeaks> {
  const reader = new WavPeakReader(fileSize, buckets);
  for await (const chunk of source) {
    // Breaking out of the loop ends the stream (and closes the file) as soon as the data is read.
    if (reader.push(chunk)) break;
  }
  return reader.finish();
}

type Stage = 'riff' | 'chunk' | 'fmt' | 'data' | 'done';

/** The state of one read: the header stage and its few bytes, then the data and the buckets. */
export class WavPeakReader {
  private stage: Stage = 'riff';
  /** Header bytes gathered for the current stage (never more than one chunk header or `fmt ` body). */
  private pending: number[] = [];
  private fmtSize = 0;
  /** Bytes still to step over (a chunk we do not read, a pad byte). */
  private skip = 0;
  /** Bytes of the file consumed so far. */
  private pos = 0;
  private format: Format | undefined;
  private totalFrames = 0;
  private dataLeft = 0;
  /** The start of a frame split across two chunks. */
  private carry: number[] = [];
  private frame = 0;
  /** The loudest sample of the frame being read, as an integer magnitude. */
  private framePeak = 0;
  private channel = 0;
  /** The bucket of the frame being read, and the first frame of the next one. */
  private bucket = -1;
  private nextBucketAt = 0;
  private readonly peaks: Float64Array;
  private readonly touched: Uint8Array;

  constructor(
    private readonly fileSize: number,
    private readonly buckets: number,
  ) {
    if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`buckets must be a positive integer, not ${buckets}`);
    this.peaks = new Float64Array(buckets);
    this.touched = new Uint8Array(buckets);
  }

  /** Feeds the next bytes of the file; true once the data chunk is read to its end (stop reading). */
  push(chunk: Uint8Array): boolean {
    let at = 0;
    while (at < chunk.length && this.stage !== 'done') {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
        this.pos += n;
        continue;
      }
      if (this.stage === 'data') {
        const n = Math.min(this.dataLeft, chunk.length - at);
        this.samples(chunk, at, at + n);
        this.dataLeft -= n;
        at += n;
        this.pos += n;
        if (this.dataLeft === 0) this.stage = 'done';
        continue;
      }
      const need = this.stage === 'riff' ? 12 : this.stage === 'chunk' ? 8 : this.fmtSize;
      const n = Math.min(need - this.pending.length, chunk.length - at);
      for (let i = 0; i < n; i++) this.pending.push(chunk[at + i] ?? 0);
      at += n;
      this.pos += n;
      if (this.pending.length === need) {
        const header = Uint8Array.from(this.pending);
        this.pending = [];
        this.header(header);
      }
    }
    return this.stage === 'done';
  }

  /** Bytes held between pushes (a header being gathered, a split sample): bounded by the largest fmt chunk. */
  bufferedBytes(): number {
    return this.pending.length + this.carry.length;
  }

  /** The peaks, once the stream ended (or the data chunk was read whole). */
  finish(): WavPeaks {
    if (this.stage === 'riff') throw unreadable('no RIFF/WAVE header');
    if (this.stage === 'chunk' || this.stage === 'fmt') throw unreadable(this.format ? 'no data chunk' : 'no fmt chunk');
    const format = this.format;
    if (!format) throw unreadable('no fmt chunk');
    const peaks = new Array<number>(this.buckets);
    const fullScale = format.bitsPerSample === 8 ? 128 : 32768;
    let last = 0;
    // With fewer frames than buckets some buckets get no frame of their own: they lie inside the
    // previous frame's time and show its peak. Buckets past the frames read (a file that shrank
    // while it was read) stay 0.
    const covered = this.totalFrames > 0 ? Math.ceil((this.frame * this.buckets) / this.totalFrames) : 0;
    for (let b = 0; b < this.buckets; b++) {
      if (this.touched[b]) last = (this.peaks[b] ?? 0) / fullScale;
      peaks[b] = b < covered ? Math.round(last * 1000) / 1000 : 0;
    }
    return {
      buckets: this.buckets,
      durationMs: Math.round((this.totalFrames * 1000) / format.sampleRate),
      sampleRate: format.sampleRate,
      channels: format.channels,
      bitsPerSample: format.bitsPerSample,
      peaks,
    };
  }

  private header(b: Uint8Array): void {
    if (this.stage === 'riff') {
      if (fourcc(b, 0) !== 'RIFF' || fourcc(b, 8) !== 'WAVE') throw unreadable('no RIFF/WAVE header');
      this.stage = 'chunk';
      return;
    }
    if (this.stage === 'fmt') {
      this.format = parseFormat(b);
      this.skip = this.fmtSize % 2;
      this.stage = 'chunk';
      return;
    }
    const id = fourcc(b, 0);
    const size = u32(b, 4);
    if (id === 'fmt ') {
      if (this.format) throw unreadable('two fmt chunks');
      if (size < 16 || size > MAX_FMT_BYTES) throw unreadable(`a fmt chunk of ${size} bytes`);
      this.fmtSize = size;
      this.stage = 'fmt';
    } else if (id === 'data') {
      this.startData(size);
    } else {
      // Chunks are word-aligned: an odd size is followed by a pad byte.
      this.skip = size + (size % 2);
    }
  }

  private startData(declared: number): void {
    const format = this.format;
    if (!format) throw unreadable('the data chunk comes before the fmt chunk');
    const available = Math.max(0, this.fileSize - this.pos);
    // A recording cut off while written says 0 (or 0xFFFFFFFF, or an old size): the file's
    // own size tells what is there. A header promising more than the file holds is believed
    // only as far as the file goes; the last frame cut in half is dropped.
    const claimed = declared === 0 || declared === 0xffffffff ? available : Math.min(declared, available);
    this.totalFrames = Math.floor(claimed / format.blockAlign);
    this.dataLeft = this.totalFrames * format.blockAlign;
    this.stage = this.dataLeft === 0 ? 'done' : 'data';
  }

  private samples(chunk: Uint8Array, from: number, to: number): void {
    const format = this.format;
    if (!format) return;
    const bytes = format.bitsPerSample / 8;
    let at = from;
    // A sample split between two chunks: its first byte waits in `carry`.
    if (this.carry.length > 0) {
      while (this.carry.length < bytes && at < to) this.carry.push(chunk[at++] ?? 0);
      if (this.carry.length < bytes) return;
      this.sample(magnitude(this.carry, 0, bytes), format.channels);
      this.carry = [];
    }
    const whole = to - ((to - at) % bytes);
    // The hot loop (a two-hour call is some 60 million samples): integers only, no allocation.
    for (; at < whole; at += bytes) this.sample(magnitude(chunk, at, bytes), format.channels);
    while (at < to) this.carry.push(chunk[at++] ?? 0);
  }

  private sample(value: number, channels: number): void {
    if (value > this.framePeak) this.framePeak = value;
    if (++this.channel < channels) return;
    // Frame f belongs to bucket floor(f * buckets / totalFrames): step to the bucket whose first
    // frame this is (with fewer frames than buckets, a frame may step over some).
    while (this.frame >= this.nextBucketAt) {
      this.bucket++;
      this.nextBucketAt = Math.ceil(((this.bucket + 1) * this.totalFrames) / this.buckets);
    }
    const b = this.bucket;
    this.touched[b] = 1;
    if (this.framePeak > (this.peaks[b] ?? 0)) this.peaks[b] = this.framePeak;
    this.frame++;
    this.framePeak = 0;
    this.channel = 0;
  }
}

/** |sample| as an integer: 8-bit PCM is unsigned around 128 (0..128), 16-bit signed little-endian (0..32768). */
function magnitude(b: ArrayLike<number>, at: number, bytes: number): number {
  if (bytes === 1) {
    const v = (b[at] ?? 128) - 128;
    return v < 0 ? -v : v;
  }
  const v = (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
  return v >= 0x8000 ? 0x10000 - v : v;
}

function parseFormat(b: Uint8Array): Format {
  let tag = u16(b, 0);
  if (tag === EXTENSIBLE) {
    // The real format is the first two bytes of the sub-format GUID, after cbSize and the masks.
    if (b.length < 40) throw unreadable('an extensible fmt chunk too short for its sub-format');
    tag = u16(b, 24);
  }
  if (tag !== PCM) throw unreadable(`audio format ${tag} is not PCM`);
  const channels = u16(b, 2);
  const sampleRate = u32(b, 4);
  const blockAlign = u16(b, 12);
  const bitsPerSample = u16(b, 14);
  if (bitsPerSample !== 8 && bitsPerSample !== 16) throw unreadable(`${bitsPerSample}-bit samples are not supported (8 or 16)`);
  if (channels < 1 || channels > 8) throw unreadable(`${channels} channels`);
  if (sampleRate < 1) throw unreadable('a sample rate of 0');
  if (blockAlign !== (channels * bitsPerSample) / 8) throw unreadable(`a block size of ${blockAlign} bytes for ${channels} x ${bitsPerSample}-bit samples`);
  return { channels, sampleRate, bitsPerSample, blockAlign };
}
