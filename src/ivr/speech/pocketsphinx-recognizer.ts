import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Recognition, Recognizer } from '../ports.js';
import { jsgfFor, normalizePhrase } from './grammar.js';

const run = promisify(execFile);

export interface PocketsphinxOptions {
  /** Debian's en-us model folder (acoustic model in en-us/, dictionary beside it). */
  modelDir?: string;
  /** Hard limit for one recognition. */
  timeoutMs?: number;
}

/**
 * Recognizes an utterance with Debian's pocketsphinx_continuous against a JSGF grammar built from
 * the phrases. The en-us model is a 16 kHz model, so the recording is first converted by sox to
 * 16 kHz mono. Filler words are turned off in the grammar search: with a closed list of phrases
 * they only let silence and breath win over the real answer.
 */
export class PocketsphinxRecognizer implements Recognizer {
  private readonly modelDir: string;

  constructor(private readonly options: PocketsphinxOptions = {}) {
    this.modelDir = options.modelDir ?? '/usr/share/pocketsphinx/model/en-us';
  }

  async recognize(wavFile: string, phrases: readonly string[]): Promise<Recognition> {
    const dir = await mkdtemp(join(tmpdir(), 'sb-asr-'));
    try {
      const audio = join(dir, 'utterance16k.wav');
      const grammar = join(dir, 'menu.gram');
      await run('sox', [wavFile, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', audio]);
      await writeFile(grammar, jsgfFor(phrases), 'utf8');
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
