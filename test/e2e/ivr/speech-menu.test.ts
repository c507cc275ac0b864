/**
 * End to end through the port: a caller on the simulated server hears the spoken menu, says a
 * choice (espeak-ng speech from a wideband phone), the speech menu records it at 16 kHz with
 * silence detection, and pocketsphinx recognizes the file the media server wrote.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { PocketsphinxRecognizer } from '../../../src/ivr/speech/pocketsphinx-recognizer.js';
import { haveTools, SPEECH_TOOLS } from '../../helpers/tools.js';
import { harness } from '../../unit/ivr/fakes.js';

const run = promisify(execFile);
const FLOW = readFileSync(new URL('../../../ivr-flows/order-status.yaml', import.meta.url), 'utf8');
/** order-status.yaml: silence 1500ms ends the recording. */
const SILENCE_MS = 1_500;

describe.runIf(haveTools('speech menu end to end', SPEECH_TOOLS))('speech menu on the simulated server with pocketsphinx', () => {
  const work = mkdtempSync(join(tmpdir(), 'e2e-speech-'));
  afterAll(() => rm(work, { recursive: true, force: true }));

  /** What a wideband (16 kHz) phone sends when its user says `text`. */
  async function spoken(text: string): Promise<string> {
    const raw = join(work, `${text.replace(/ /g, '_')}-raw.wav`);
    const wav = join(work, `${text.replace(/ /g, '_')}.wav`);
    await run('espeak-ng', ['-v', 'en-us', '-w', raw, text]);
    await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', wav]);
    return wav;
  }

  it.each([
    ['order status', 'sales'],
    ['billing', 'billing'],
    ['technical support', 'support'],
  ])('given a caller who says "%s" after the prompt when the menu listens then the 16 kHz recording is recognized and the call goes to %s', async (phrase, queue) => {
    const utterance = await spoken(phrase);
    const h = await harness({ 'order-status': FLOW }, { recognizer: new PocketsphinxRecognizer() });
    onTestFinished(async () => {
      await h.sim.close();
      await rm(h.recordingsDir, { recursive: true, force: true });
    });
    const call = await h.call('+4930555', '+4930123459');

    // The caller waits for the prompt to end and the menu to start listening.
    let recordingId: string | undefined;
    void h.sim.control.whenRecording(call.channelId).then((id) => (recordingId = id));
    for (let i = 0; i < 80 && recordingId === undefined; i++) await h.clock.advanceAsync(250);
    expect(recordingId).toBeDefined();

    const { durationMs } = await h.sim.control.say(call.channelId, utterance);
    await h.clock.advanceAsync(Math.ceil(durationMs) + SILENCE_MS);
    const result = await call.result;

    expect(result).toMatchObject({ kind: 'queue', queue });
    expect(result.trace.steps[0]).toMatchObject({ node: 'ask', result: `said "${phrase}"` });
    const file = readFileSync(h.sim.control.recordingFile(recordingId ?? ''));
    expect({ rate: file.readUInt32LE(24), channels: file.readUInt16LE(22), bits: file.readUInt16LE(34) }).toEqual({ rate: 16000, channels: 1, bits: 16 });
    // Recorded from the menu's start to 1.5 s of silence after the utterance.
    expect(file.readUInt32LE(40) / 32).toBeGreaterThanOrEqual(durationMs + SILENCE_MS);
  });
});
