import { execFile } from 'node:child_process';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Recognition, Recognizer } from '../ports.js';
import { jsgfFor, normalizePhrase } from './grammar.js';

const run = promisify(execFile);

/** The en-us acoustic model's rate: audio at any other rate must be converted first. */
export const MODEL_RATE = 16000;

export interface PocketsphinxOptions {
  /** Debian's en-us model folder (acoustic model in en-us/, dictionary beside it). */
  modelDir?: string;
  /** Hard limit for one recognition. */
  timeoutMs?: number;
}

/**
 * Whether pocketsphinx can read the file as it is: a `.wav` with the canonical 44-byte header
 * (fmt at 12, data at 36) of 16-bit mono PCM at the model's rate. pocketsphinx_continuous checks
 * only that header; anything else (8 kHz telephony, extra chunks, Asterisk's `.wav16` name) goes
 * through sox first.
 */
export function readableAsIs(file: string, header: Buffer): boolean {
  return (
    file.endsWith('.wav') &&
    header.length >= 44 &&
    header.toString('latin1', 0, 4) === 'RIFF' &&
    header.toString('latin1', 8, 16) === 'WAVEfmt ' &&
    header.readUInt16LE(20) === 1 &&
    header.readUInt16LE(22) === 1 &&
    header.readUInt32LE(24) === MODEL_RATE &&
    header.readUInt16LE(34) === 16 &&
    header.toString('latin1', 36, 40) === 'data'
  );
}

/**
 * Recognizes an utterance with Debian's pocketsphinx_continuous against a JSGF grammar built from
 * the phrases. The en-us model is a 16 kHz model: the speech menu records at 16 kHz so the audio
 * goes in untouched; an 8 kHz recording (a media server that only gives narrowband) is converted
 * by sox, which works but recognizes far less reliably. Filler words are turned off in the
 * grammar search: with a closed list of phrases they only let silence and breath win over the
 * real answer.
 */
export class PocketsphinxRecognizer implements Recognizer {
  private readonly modelDir: string;

  constructor(private readonly options: PocketsphinxOptions = {}) {
    this.modelDir = options.modelDir ?? '/usr/share/pocketsphinx/model/en-us';
  }

  async recognize(wavFile: string, phrases: readonly string[]): Promise<Recognition> {
    const dir = await mkdtemp(join(tmpdir(), 'sb-asr-'));
    try {
      const grammar = join(dir, 'menu.gram');
      await writeFile(grammar, jsgfFor(phrases), 'utf8');
      let audio = wavFile;
      if (!readableAsIs(wavFile, await readHeader(wavFile))) {
        audio = join(dir, 'utterance16k.wav');
        await run('sox', ['-t', 'wav', wavFile, '-r', String(MODEL_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', audio]);
      }
      const { stdout } = await run(
        'pocketsphinx_continuous',
        [
          '-infile', audio,
          '-jsgf', grammar,
          '-hmm', join(this.modelDir, 'en-us'),
          '-dict', join(this.modelDir, 'cmudict-en-us.dict'),
          '-fsgusefiller', 'no',
          '-logfn', '/dev/null',
        ],
        { timeout: this.options.timeoutMs ?? 15_000 },
      );
      const heard = normalizePhrase(stdout);
      const match = phrases.find((p) => normalizePhrase(p) === heard);
      return { phrase: match ?? null };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

async function readHeader(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(44);
    const { bytesRead } = await handle.read(buf, 0, 44, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
