/**
 * PbxHarness over the simulated media server: every capability, on a FakeClock, recordings in a
 * temporary folder. Also usable by other tests that want the sim with far-side controls.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../src/core/clock.js';
import { sequentialIds } from '../../src/core/ids.js';
import { SimulatedMediaServer } from '../../src/pbx/sim/simulated-media-server.js';
import { EventLog, FULL_CAPABILITIES, type PbxHarness } from './harness.js';
import { hangUpThroughAdapter } from './harness-cleanup.js';

export interface SimHarness extends PbxHarness {
  readonly server: SimulatedMediaServer;
  readonly clock: FakeClock;
  readonly recordingsDir: string;
}

export async function makeSimHarness(): Promise<SimHarness> {
  const clock = new FakeClock();
  const recordingsDir = await mkdtemp(join(tmpdir(), 'switchboard-sim-rec-'));
  const server = new SimulatedMediaServer({
    clock,
    recordingsDir,
    phones: [{ name: 'agent1' }, { name: 'agent2' }, { name: 'supervisor1' }, { name: 'agent9', registered: false }],
    newId: sequentialIds('sim'),
  });
  const log = new EventLog(server);
  await server.connect();
  const control = server.control;
  return {
    server,
    clock,
    recordingsDir,
    capabilities: { ...FULL_CAPABILITIES },
    media: { short: { kind: 'sound', name: 'hello-world' }, shortMs: 1_500, long: { kind: 'sound', name: 'sim/long' }, longMs: 8_000 },
    phones: ['agent1', 'agent2', 'supervisor1'],
    unregisteredPhone: 'agent9',
    externalNumber: '+15557770000',
    passTime: (ms) => clock.advanceAsync(ms),
    placeInboundCall: (spec) => control.placeInboundCall(spec),
    setPhoneBehaviour: async (target, behaviour) => control.setPhoneBehaviour(target, behaviour),
    answerPhone: (target) => control.answerPhone(target),
    pressDigits: (id, digits) => control.pressDigits(id, digits),
    farEndHangup: (id) => control.farEndHangup(id),
    vanishChannel: async (id) => control.vanishChannel(id),
    dropConnection: () => control.dropConnection(),
    restoreConnection: (options) => control.restoreConnection(options),
    restartPbx: (options) => control.restartPbx(options),
    farSide: async (id) => control.farSide(id),
    setPresence: (phone, presence) => control.setPresence(phone, presence),
    readRecording: async (name) => readFile(control.recordingFile(name)).catch(() => null),
    cleanup: async () => {
      await hangUpThroughAdapter(server, log);
      // Disconnected (a connection test ended so): the far ends hang up instead.
      if (!server.isConnected()) for (const id of control.liveChannelIds()) await control.farEndHangup(id);
      await clock.advanceAsync(0);
    },
    liveChannels: async () => control.liveChannelIds(),
    close: async () => {
      log.stop();
      await server.close();
      await rm(recordingsDir, { recursive: true, force: true });
    },
  };
}
