import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../../src/core/clock.js';
import { sequentialIds } from '../../../../src/core/ids.js';
import type { PbxEvent } from '../../../../src/pbx/port.js';
import { SimulatedMediaServer, type SimulatedMediaServerOptions } from '../../../../src/pbx/sim/simulated-media-server.js';

export interface SimFixture {
  sim: SimulatedMediaServer;
  clock: FakeClock;
  events: PbxEvent[];
  dir: string;
  dispose: () => Promise<void>;
}

export async function simFixture(extra: Partial<SimulatedMediaServerOptions> = {}, connect = true): Promise<SimFixture> {
  const clock = new FakeClock();
  const dir = await mkdtemp(join(tmpdir(), 'sim-unit-'));
  const sim = new SimulatedMediaServer({
    clock,
    recordingsDir: dir,
    phones: [{ name: 'agent1' }, { name: 'agent2' }, { name: 'off', registered: false }],
    newId: sequentialIds('c'),
    ...extra,
  });
  const events: PbxEvent[] = [];
  sim.onEvent((e) => events.push(e));
  if (connect) await sim.connect();
  return {
    sim,
    clock,
    events,
    dir,
    dispose: async () => {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The first event (seen or to come) matching; no polling, no sleeping. */
export function eventWhere(fx: SimFixture, match: (e: PbxEvent) => boolean): Promise<PbxEvent> {
  const seen = fx.events.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const off = fx.sim.onEvent((e) => {
      if (!match(e)) return;
      off();
      resolve(e);
    });
  });
}

export async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
