import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsgfFor } from '../../../../src/ivr/speech/grammar.js';
import { PocketsphinxRecognizer } from '../../../../src/ivr/speech/pocketsphinx-recognizer.js';
import { EspeakTts } from '../../../../src/ivr/tts/espeak-tts.js';
import { harness } from '../fakes.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'ivr-speech-'));
const CHOICES = ['order status', 'billing', 'technical support'];

/** A caller saying `text`, as a wideband (16 kHz) recording. */
async function utterance(text: string): Promise<string> {
  const raw = join(work, `${text.replace(/ /g, '_')}-raw.wav`);
  const wav = join(work, `${text.replace(/ /g, '_')}.wav`);
  await run('espeak-ng', ['-v', 'en-us', '-w', raw, text]);
  await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav]);
  return wav;
}

function wavFormat(file: string) {
  const b = readFileSync(file);
  return { riff: b.toString('ascii', 0, 4), channels: b.readUInt16LE(22), rate: b.readUInt32LE(24), bits: b.readUInt16LE(34) };
}

describe('speech: espeak-ng, sox and pocketsphinx', () => {
  it('given a text when synthesized then it is an 8 kHz mono 16-bit WAV named by its content and made only once', async () => {
    const tts = new EspeakTts({ cacheDir: join(work, 'tts') });
    const base = await tts.synthesize('Welcome to Example Company.');
    expect(base).toMatch(/\/tts-[0-9a-f]{32}$/);
    expect(wavFormat(`${base}.wav`)).toEqual({ riff: 'RIFF', channels: 1, rate: 8000, bits: 16 });
    const made = statSync(`${base}.wav`).mtimeMs;
    expect(await tts.synthesize('Welcome to Example Company.')).toBe(base);
    expect(statSync(`${base}.wav`).mtimeMs).toBe(made);
    expect(await tts.synthesize('Goodbye.')).not.toBe(base);
  });

  it('given menu choices when a grammar is made then it accepts exactly those phrases', () => {
    expect(jsgfFor(['Order Status', 'billing'])).toBe('#JSGF V1.0;\ngrammar menu;\npublic <choice> = order status | billing;\n');
    expect(() => jsgfFor(['!!'])).toThrow();
  });

  it.each(CHOICES)('given an espeak-ng utterance of "%s" when recognized against the menu grammar then that choice is heard', async (choice) => {
    const r = await new PocketsphinxRecognizer().recognize(await utterance(choice), CHOICES);
    expect(r.phrase).toBe(choice);
  });

  it('given a spoken menu on the simulated server when the caller says technical support then pocketsphinx routes the call to support', async () => {
    const said = await utterance('technical support');
    const flow = readFileSync(new URL('../../../../ivr-flows/order-status.yaml', import.meta.url), 'utf8');
    const h = await harness({ 'order-status': flow }, { recognizer: new PocketsphinxRecognizer(), wavPathOf: () => said });
    const call = await h.call('+4930555', '+4930123459');
    await h.clock.advanceAsync(3000);
    await h.clock.advanceAsync(1500);
    const r = await call.result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'support' });
    expect(r.trace.steps[0]).toMatchObject({ node: 'ask', result: 'said "technical support"' });
  });
});
