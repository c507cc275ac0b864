import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { jsgfFor } from '../../../../src/ivr/speech/grammar.js';
import { PocketsphinxRecognizer, readableAsIs } from '../../../../src/ivr/speech/pocketsphinx-recognizer.js';
import { RecordingFolder } from '../../../../src/ivr/speech/recording-folder.js';
import { EspeakTts } from '../../../../src/ivr/tts/espeak-tts.js';
import { wavBytes } from '../../../../src/pbx/shared/wav.js';
import { haveTools, SPEECH_TOOLS } from '../../../helpers/tools.js';
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

describe('speech: grammar, audio and recording files', () => {
  it('given menu choices when a grammar is made then it accepts exactly those phrases', () => {
    expect(jsgfFor(['Order Status', 'billing'])).toBe('#JSGF V1.0;\ngrammar menu;\npublic <choice> = order status | billing;\n');
    expect(() => jsgfFor(['!!'])).toThrow();
  });

  it('given recordings when the recognizer looks at them then only a 16 kHz mono .wav goes to pocketsphinx untouched', () => {
    const wide = wavBytes({ durationMs: 10, sampleRate: 16000 });
    expect(readableAsIs('/r/a.wav', wide)).toBe(true);
    expect(readableAsIs('/r/a.wav16', wide)).toBe(false);
    expect(readableAsIs('/r/a.wav', wavBytes({ durationMs: 10 }))).toBe(false);
    expect(readableAsIs('/r/a.wav', wide.subarray(0, 20))).toBe(false);
  });

  it('given Asterisk stored a 16 kHz recording as .wav16 when its path is asked then that file is named, else the .wav', () => {
    const dir = mkdtempSync(join(work, 'recs-'));
    const folder = new RecordingFolder(dir);
    expect(folder.wavPathOf('none')).toBe(join(dir, 'none.wav'));
    writeFileSync(join(dir, 'ast.wav16'), wavBytes({ durationMs: 10, sampleRate: 16000 }));
    expect(folder.wavPathOf('ast')).toBe(join(dir, 'ast.wav16'));
    writeFileSync(join(dir, 'ast.wav'), wavBytes({ durationMs: 10 }));
    expect(folder.wavPathOf('ast')).toBe(join(dir, 'ast.wav'));
  });
});

describe.runIf(haveTools('speech: espeak-ng, sox and pocketsphinx', SPEECH_TOOLS))('speech: espeak-ng, sox and pocketsphinx', () => {
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

  it.each(CHOICES)('given an espeak-ng utterance of "%s" when recognized against the menu grammar then that choice is heard', async (choice) => {
    const r = await new PocketsphinxRecognizer().recognize(await utterance(choice), CHOICES);
    expect(r.phrase).toBe(choice);
  });

  it('given a 16 kHz utterance stored under Asterisk\'s .wav16 name when recognized then the choice is heard', async () => {
    const wav16 = join(work, 'billing-asterisk.wav16');
    copyFileSync(await utterance('billing'), wav16);
    expect((await new PocketsphinxRecognizer().recognize(wav16, CHOICES)).phrase).toBe('billing');
  });

  it('given a narrowband 8 kHz recording when recognized then sox brings it to the model rate and an answer comes back', async () => {
    const narrow = join(work, 'order_status-8k.wav');
    await run('sox', [await utterance('order status'), '-r', '8000', narrow]);
    const r = await new PocketsphinxRecognizer().recognize(narrow, CHOICES);
    expect([null, ...CHOICES]).toContain(r.phrase);
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
