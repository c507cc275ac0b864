import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { wavBytes } from '../../../../src/pbx/shared/wav.js';
import { parseVoiceWav, resampleVoice } from '../../../../src/pbx/sim/sim-voice.js';
import { codeOf, eventWhere, simFixture, type SimFixture } from './sim-helpers.js';

let f: SimFixture | undefined;
afterEach(async () => f?.dispose());

/** Peak absolute sample in [fromMs, toMs) of a 44-byte-header 16-bit mono WAV. */
function peak(bytes: Buffer, fromMs: number, toMs: number): number {
  const rate = bytes.readUInt32LE(24);
  const samples = (bytes.length - 44) / 2;
  let max = 0;
  for (let i = Math.round((fromMs * rate) / 1000); i < Math.min(samples, Math.round((toMs * rate) / 1000)); i++) {
    max = Math.max(max, Math.abs(bytes.readInt16LE(44 + i * 2)));
  }
  return max;
}

const tone = (ms: number, rate: 8000 | 16000) => wavBytes({ durationMs: ms, sampleRate: rate, toneHz: 700, amplitude: 0.5 });

describe('simulated callers speaking into recordings', () => {
  it('given a 16 kHz recording with max silence when the caller speaks after 500 ms then the file holds the voice there and ends 1.5 s after it', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const waiting = f.sim.control.whenRecording(caller);
    const rec = await f.sim.startRecording({ target: { channelId: caller }, name: 'menu-1', format: 'wav', sampleRate: 16000, maxSilenceMs: 1_500, maxDurationMs: 8_000 });
    expect(await waiting).toBe(rec);
    await f.clock.advanceAsync(500);
    expect(await f.sim.control.say(caller, tone(1_000, 16000))).toEqual({ durationMs: 1_000 });
    await f.clock.advanceAsync(2_000);
    expect(f.events.some((e) => e.type === 'recording.finished')).toBe(false);
    await f.clock.advanceAsync(500);
    await eventWhere(f, (e) => e.type === 'recording.finished' && e.recordingId === rec);
    expect(f.events.find((e) => e.type === 'recording.finished')).toEqual({ type: 'recording.finished', recordingId: rec, durationMs: 3_000 });
    const bytes = await readFile(f.sim.control.recordingFile('menu-1'));
    expect(bytes.readUInt32LE(24)).toBe(16000);
    expect(bytes.readUInt32LE(40)).toBe(3_000 * 32);
    expect(peak(bytes, 0, 490)).toBe(0);
    expect(peak(bytes, 510, 1_490)).toBeGreaterThan(10_000);
    expect(peak(bytes, 1_510, 3_000)).toBe(0);
  });

  it('given wideband speech when the recording is 8 kHz then it is narrowband and still holds the voice', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const rec = await f.sim.startRecording({ target: { channelId: caller }, name: 'narrow-1', format: 'wav' });
    await f.sim.control.say(caller, tone(800, 16000));
    await f.clock.advanceAsync(1_000);
    await f.sim.stopRecording(rec);
    const bytes = await readFile(f.sim.control.recordingFile('narrow-1'));
    expect(bytes.readUInt32LE(24)).toBe(8000);
    expect(peak(bytes, 10, 790)).toBeGreaterThan(10_000);
    expect(peak(bytes, 810, 1_000)).toBe(0);
  });

  it('given a paused span when the caller speaks through it then only the unpaused parts are in the file', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const rec = await f.sim.startRecording({ target: { channelId: caller }, name: 'paused-1', format: 'wav', sampleRate: 16000 });
    await f.clock.advanceAsync(500);
    await f.sim.pauseRecording(rec);
    await f.sim.control.say(caller, tone(1_000, 8000));
    await f.clock.advanceAsync(1_000);
    await f.sim.resumeRecording(rec);
    await f.clock.advanceAsync(500);
    await f.sim.stopRecording(rec);
    const bytes = await readFile(f.sim.control.recordingFile('paused-1'));
    expect(bytes.readUInt32LE(40)).toBe(1_000 * 32);
    expect(peak(bytes, 0, 1_000)).toBe(0);
  });

  it('given audio a telephone line cannot carry when a caller says it then it is refused with where and why', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const cd = wavBytes({ durationMs: 100, sampleRate: 44100 });
    expect(await codeOf(f.sim.control.say(caller, cd))).toBe('VALIDATION_FAILED');
    expect(() => parseVoiceWav(Buffer.from('not a wav at all'))).toThrow(/RIFF/);
    expect(await codeOf(f.sim.control.say('nobody', tone(100, 8000)))).toBe('CHANNEL_GONE');
  });

  it('given PCM when resampled between 16 and 8 kHz then the length follows the rate and a constant stays constant', () => {
    const flat = new Int16Array(160).fill(1000);
    expect([...resampleVoice(flat, 16000, 8000)]).toEqual(new Array(80).fill(1000));
    expect([...resampleVoice(flat, 8000, 16000)]).toEqual(new Array(320).fill(1000));
    expect(resampleVoice(flat, 16000, 16000)).toBe(flat);
  });
});
