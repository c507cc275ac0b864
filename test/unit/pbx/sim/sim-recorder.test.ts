import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { wavDurationMs } from '../../../../src/pbx/shared/wav.js';
import { codeOf, eventWhere, simFixture, type SimFixture } from './sim-helpers.js';

let f: SimFixture | undefined;
afterEach(async () => f?.dispose());

async function waitFinished(fx: SimFixture, id: string): Promise<void> {
  await eventWhere(fx, (e) => e.type === 'recording.finished' && e.recordingId === id);
}

describe('simulated recordings', () => {
  it('given a paused span when the recording stops then the WAV on disk is as long as the recorded time', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const rec = await f.sim.startRecording({ target: { channelId: caller }, name: 'calls/2026/rec-1', format: 'wav' });
    await f.clock.advanceAsync(1_000);
    await f.sim.pauseRecording(rec);
    await f.clock.advanceAsync(5_000);
    await f.sim.resumeRecording(rec);
    await f.clock.advanceAsync(500);
    await f.sim.stopRecording(rec);
    await waitFinished(f, rec);
    expect(f.events.at(-1)).toEqual({ type: 'recording.finished', recordingId: rec, durationMs: 1_500 });
    const bytes = await readFile(f.sim.control.recordingFile('calls/2026/rec-1'));
    expect(wavDurationMs(bytes)).toBe(1_500);
    await f.sim.stopRecording(rec);
    expect(await codeOf(f.sim.pauseRecording(rec))).toBe('PBX_REJECTED');
  });

  it('given unsafe names or a name already recording when recording starts then it is refused', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const start = (name: string): Promise<string> => f!.sim.startRecording({ target: { channelId: caller }, name, format: 'wav' });
    expect(await codeOf(start('../escape'))).toBe('VALIDATION_FAILED');
    expect(await codeOf(start('/abs/path'))).toBe('VALIDATION_FAILED');
    await start('twice');
    expect(await codeOf(start('twice'))).toBe('PBX_REJECTED');
  });

  it('given max silence on a silent simulated line when that much time passes then the recording ends itself', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const rec = await f.sim.startRecording({ target: { channelId: caller }, name: 'vm-1', format: 'wav', maxSilenceMs: 3_000, maxDurationMs: 60_000 });
    await f.clock.advanceAsync(3_000);
    await waitFinished(f, rec);
    expect(f.events.find((e) => e.type === 'recording.finished')).toEqual({ type: 'recording.finished', recordingId: rec, durationMs: 3_000 });
  });

  it('given a bridge recording when a member leaves it keeps going, and it ends when the bridge is destroyed', async () => {
    f = await simFixture({ recordingToneHz: 440 });
    const a = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    const b = await f.sim.control.placeInboundCall({ from: '+3', to: '+2' });
    const bridge = await f.sim.createBridge('mixing');
    await f.sim.addToBridge(bridge, a);
    await f.sim.addToBridge(bridge, b);
    const rec = await f.sim.startRecording({ target: { bridgeId: bridge }, name: 'bridge-1', format: 'wav' });
    await f.sim.control.farEndHangup(a);
    await f.clock.advanceAsync(2_000);
    expect(f.events.some((e) => e.type === 'recording.finished')).toBe(false);
    await f.sim.destroyBridge(bridge);
    await waitFinished(f, rec);
    const bytes = await readFile(f.sim.control.recordingFile('bridge-1'));
    expect(wavDurationMs(bytes)).toBe(2_000);
    expect(bytes.subarray(44).some((x) => x !== 0)).toBe(true);
  });
});
