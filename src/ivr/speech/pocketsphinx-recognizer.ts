import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
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
  /** Where probe() looks for the programs (PATH by default). */
  pathEnv?: string;
}

async function exists(file: string, mode: number): Promise<boolean> {
  try {
    await access(file, mode);
    return true;
  } catch {
    // Not there or not readable: for a probe both mean "missing", which is what it reports.
    return false;
  }
}

async function onPath(program: string, pathEnv: string): Promise<boolean> {
  for (const dir of pathEnv.split(delimiter)) {
    if (dir && (await exists(join(dir, program), constants.X_OK))) return true;
  }
  return false;
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
  /** What probe() found missing; undefined until it ran (then recognition is simply tried). */
  private missing: string[] | undefined;

  constructor(private readonly options: PocketsphinxOptions = {}) {
    this.modelDir = options.modelDir ?? '/usr/share/pocketsphinx/model/en-us';
  }

  available(): boolean {
    return this.missing === undefined || this.missing.length === 0;
  }

  /**
   * Looks once, at start, for what recognition needs: the two programs on PATH and the model's
   * files. Without it every speech menu would spawn a missing program on every call (and log it);
   * with it the daemon says once that speech menus take keys only. Returns what is missing.
   */
  async probe(): Promise<string[]> {
    const missing: string[] = [];
    for (const program of ['pocketsphinx_continuous', 'sox']) {
      if (!(await onPath(program, this.options.pathEnv ?? process.env.PATH ?? ''))) missing.push(program);
    }
    for (const file of [join(this.modelDir, 'en-us'), join(this.modelDir, 'cmudict-en-us.dict')]) {
      if (!(await exists(file, constants.R_OK))) missing.push(file);
    }
    this.missing = missing;
    return missing;
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
