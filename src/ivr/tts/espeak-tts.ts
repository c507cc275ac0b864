import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { access, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../core/errors.js';
import type { TtsEngine } from '../ports.js';

const run = promisify(execFile);

export interface EspeakOptions {
  /** Where synthesized prompts are cached; must be readable by the media server. */
  cacheDir: string;
  voice?: string;
  /** Words per minute; a little slower than espeak's default is clearer on the phone. */
  speed?: number;
}

/**
 * Text to speech with espeak-ng, converted by sox to what both media servers play without
 * transcoding (8 kHz mono 16-bit WAV). Files are named by a hash of voice, speed and text, so a
 * prompt is synthesized once and reused by every call.
 */
export class EspeakTts implements TtsEngine {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: EspeakOptions) {}

  synthesize(text: string): Promise<string> {
    const voice = this.options.voice ?? 'en-us';
    const speed = this.options.speed ?? 150;
    const key = createHash('sha256').update(`${voice}\n${speed}\n${text}`).digest('hex').slice(0, 32);
    const base = join(this.options.cacheDir, `tts-${key}`);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const job = this.make(base, text, voice, speed).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  private async make(base: string, text: string, voice: string, speed: number): Promise<string> {
    const wav = `${base}.wav`;
    if (await exists(wav)) return base;
    await mkdir(this.options.cacheDir, { recursive: true });
    const raw = `${base}.${process.pid}.raw.wav`;
    const tmp = `${base}.${process.pid}.tmp.wav`;
    try {
      await run('espeak-ng', ['-v', voice, '-s', String(speed), '-w', raw, '--', text]);
      await run('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', '-e', 'signed-integer', tmp]);
      await rename(tmp, wav);
      return base;
    } catch (err) {
      throw new AppError('TTS_FAILED', `could not synthesize "${text.slice(0, 60)}"`, { reason: String(err) }, { cause: err });
    } finally {
      await rm(raw, { force: true });
      await rm(tmp, { force: true });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
