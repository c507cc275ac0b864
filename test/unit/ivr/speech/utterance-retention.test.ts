import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/log.js';
import { PocketsphinxRecognizer } from '../../../../src/ivr/speech/pocketsphinx-recognizer.js';
import { purgeUtterances, UtteranceRetention } from '../../../../src/ivr/speech/utterance-retention.js';

const HOUR = 3_600_000;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-utter-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, writtenAt: number): Promise<void> {
  const path = join(dir, name);
  await writeFile(path, 'RIFF');
  await utimes(path, writtenAt / 1000, writtenAt / 1000);
}

describe('IVR utterance retention', () => {
  it('given old and new utterances beside voicemail and call recordings when purged then only the old utterances are deleted', async () => {
    const now = Date.UTC(2026, 11, 6, 12);
    await file('ivr-call-1-ask-1.wav', now - 8 * 24 * HOUR);
    await file('ivr-call-2-ask-2.wav16', now - 8 * 24 * HOUR);
    await file('ivr-call-3-ask-1.wav', now - HOUR);
    await file('voicemail-call-1.wav', now - 30 * 24 * HOUR);
    await file('call-1.wav', now - 30 * 24 * HOUR);
    const removed = await purgeUtterances(dir, now - 7 * 24 * HOUR, silentLogger);
    expect(removed).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['call-1.wav', 'ivr-call-3-ask-1.wav', 'voicemail-call-1.wav']);
  });

  it('given a recordings folder that does not exist yet when purged then nothing fails and nothing is removed', async () => {
    expect(await purgeUtterances(join(dir, 'missing'), Date.now(), silentLogger)).toBe(0);
  });

  it('given a retention of one day when the clock passes the next hourly sweep then an utterance that aged past the day is removed', async () => {
    const start = Date.now();
    const clock = new FakeClock(start);
    await file('ivr-call-9-ask-1.wav', start - 23.5 * HOUR);
    const retention = new UtteranceRetention({ dir, retentionMs: 24 * HOUR, clock, log: silentLogger });
    retention.start();
    expect(await retention.lastSweep()).toBe(0);
    expect(await readdir(dir)).toEqual(['ivr-call-9-ask-1.wav']);
    // The timer's sweep is the only one: a second sweep started by the test raced it for the file.
    clock.advance(HOUR);
    expect(await retention.lastSweep()).toBe(1);
    retention.stop();
    expect(await readdir(dir)).toEqual([]);
  });

  it('given a retention of 0 when started then no sweep is scheduled and utterances are kept', async () => {
    const clock = new FakeClock(Date.now());
    await file('ivr-call-9-ask-1.wav', Date.now() - 365 * 24 * HOUR);
    new UtteranceRetention({ dir, retentionMs: 0, clock, log: silentLogger }).start();
    await clock.advanceAsync(2 * HOUR);
    expect(await readdir(dir)).toEqual(['ivr-call-9-ask-1.wav']);
  });
});

describe('speech recognizer probe', () => {
  it('given a PATH without the programs and no model when probed then it names what is missing and is not available', async () => {
    const r = new PocketsphinxRecognizer({ pathEnv: dir, modelDir: join(dir, 'model') });
    expect(r.available()).toBe(true);
    const missing = await r.probe();
    expect(missing).toEqual(['pocketsphinx_continuous', 'sox', join(dir, 'model', 'en-us'), join(dir, 'model', 'cmudict-en-us.dict')]);
    expect(r.available()).toBe(false);
  });
});
