import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log.js';
import { RecordingService } from '../../../src/recording/recording-service.js';
import { makeSimHarness, type SimHarness } from '../../contract/sim-harness.js';
import { MemoryCallStore } from '../calls/support/memory-call-store.js';

let h: SimHarness;
afterEach(async () => {
  await h.close();
});

async function bridgeWithTwoLegs(harness: SimHarness): Promise<string> {
  const caller = await harness.placeInboundCall({ from: '+15551234567', to: '+15550001' });
  await harness.server.answer(caller);
  const agent = await harness.server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 10_000 });
  await harness.passTime(100);
  const bridge = await harness.server.createBridge('mixing');
  await harness.server.addToBridge(bridge, caller);
  await harness.server.addToBridge(bridge, agent);
  return bridge;
}

describe('recording lifecycle', () => {
  it('given a talk bridge when recording starts, pauses, resumes and stops then the row follows and a WAV file exists under the recordings folder', async () => {
    h = await makeSimHarness();
    const store = new MemoryCallStore();
    const rec = new RecordingService({ pbx: h.server, store, clock: h.clock, log: silentLogger });
    const bridge = await bridgeWithTwoLegs(h);
    const id = await rec.start('call-1', bridge);
    expect(id).toBeDefined();
    await h.passTime(5_000);
    await rec.pause(id as string);
    await rec.flush();
    expect(store.recordings.get(id as string)?.paused).toBe(true);
    await h.passTime(5_000);
    await rec.resume(id as string);
    await h.passTime(5_000);
    await rec.stop('call-1', id as string);
    await h.passTime(0);
    await rec.flush();
    const row = store.recordings.get(id as string);
    expect(row).toMatchObject({ callId: 'call-1', name: 'call-call-1-1', paused: false });
    expect(row?.stoppedAt).toBe(h.clock.now());
    const bytes = await readFile(h.server.control.recordingFile('call-call-1-1'));
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
    rec.close();
  });

  it('given a bridge that no longer exists when recording is asked then it resolves undefined and the call goes on', async () => {
    h = await makeSimHarness();
    const store = new MemoryCallStore();
    const rec = new RecordingService({ pbx: h.server, store, clock: h.clock, log: silentLogger });
    expect(await rec.start('call-2', 'no-such-bridge')).toBeUndefined();
    expect(store.recordings.size).toBe(0);
    rec.close();
  });

  it("given the call's own row is still being written when its recording starts and stops then the recording's rows wait for it and land in order", async () => {
    h = await makeSimHarness();
    const store = new MemoryCallStore();
    const saved: { stopped: boolean; callStoredYet: boolean }[] = [];
    let callStoredYet = false;
    let storeCall = (): void => {};
    const callWrite = new Promise<void>((resolve) => {
      storeCall = () => {
        callStoredYet = true;
        resolve();
      };
    });
    const rec = new RecordingService({
      pbx: h.server,
      store: {
        saveRecording: async (row) => {
          saved.push({ stopped: row.stoppedAt !== undefined, callStoredYet });
          await store.saveRecording(row);
        },
      },
      clock: h.clock,
      log: silentLogger,
      callStored: () => callWrite,
    });
    const bridge = await bridgeWithTwoLegs(h);
    const id = await rec.start('call-3', bridge);
    await h.passTime(1_000);
    await rec.stop('call-3', id as string);
    expect(saved).toEqual([]);

    storeCall();
    await rec.flush();
    expect(saved).toEqual([
      { stopped: false, callStoredYet: true },
      { stopped: true, callStoredYet: true },
    ]);
    expect(store.recordings.get(id as string)?.stoppedAt).toBe(h.clock.now());
    rec.close();
  });
});
