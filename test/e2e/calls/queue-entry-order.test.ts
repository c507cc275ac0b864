/**
 * Issue 19, goal 0 (first half): once the IVR hands the caller to a queue, the agent's originate
 * is the first media-server command; answering the caller, the holding bridge and music follow
 * (or run concurrently) and a caller offered before reaching the holding bridge is still bridged.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaServer } from '../../../src/pbx/port.js';
import type { MakeHarness, PbxHarness } from '../../contract/harness.js';
import { makeSimHarness } from '../../contract/sim-harness.js';
import { makeFakeAsteriskHarness } from '../../fakes/asterisk/harness.js';
import { makeFakeFreeSwitchHarness } from '../../fakes/freeswitch/fake-harness.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

const SERVERS: [string, MakeHarness][] = [
  ['sim', makeSimHarness],
  ['asterisk fake', makeFakeAsteriskHarness],
  ['freeswitch fake', () => makeFakeFreeSwitchHarness('json')],
];

/** The harness with every media-server port call logged by name, in call order. */
function spied(make: MakeHarness, log: string[]): MakeHarness {
  return async () => {
    const h: PbxHarness = await make();
    const server = new Proxy(h.server, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          log.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as MediaServer;
    return { ...h, server };
  };
}

describe.each(SERVERS)('queue entry command order on %s', (_name, makeHarness) => {
  let w: CallWorld;
  afterEach(async () => {
    await w.close();
  });

  it('given a free agent when the caller enters the queue then originate is the first command, answer / holding bridge / music come after, and the caller ends up talking with the agent', async () => {
    const port: string[] = [];
    w = await makeCallWorld({ makeHarness: spied(makeHarness, port) });
    const wireStart = w.h.wireCommands?.().length ?? 0;
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    const beforeOriginate = port.slice(0, port.indexOf('originate'));
    expect(port).toContain('originate');
    for (const later of ['answer', 'createBridge', 'addToBridge', 'startMoh']) expect(beforeOriginate).not.toContain(later);
    expect(port.slice(port.indexOf('originate'))).toEqual(expect.arrayContaining(['answer', 'createBridge', 'addToBridge']));
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });
    if (w.h.capabilities.audioPaths) expect((await w.h.farSide(caller)).hears).toEqual([w.agentLeg('a1')]);
    const wire = w.h.wireCommands?.().slice(wireStart);
    if (wire) {
      // On the wire too: the agent's INVITE is requested before the caller is answered or bridged.
      const originate = wire.findIndex((c) => c === 'POST /ari/channels' || c.startsWith('bgapi originate'));
      const customerMedia = wire.findIndex((c) => /\/answer$|uuid_answer|^POST \/ari\/bridges$|uuid_bridge|\/moh$|uuid_broadcast/.test(c));
      expect(originate).toBeGreaterThanOrEqual(0);
      expect(customerMedia).toBeGreaterThan(originate);
    }
  });

  it('given the agent is offered before the caller reaches the holding bridge when the agent answers later then the caller waits with music meanwhile and then talks with the agent only', async () => {
    const port: string[] = [];
    w = await makeCallWorld({ makeHarness: spied(makeHarness, port), announceEverySec: 0 });
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'offering', agentId: 'a1' });
    expect(port.indexOf('originate')).toBeLessThan(port.indexOf('startMoh'));
    if (w.h.capabilities.farSide) expect((await w.h.farSide(caller)).hearsMoh).toBe(true);
    await w.h.answerPhone(w.phoneOf.a1 as string);
    await w.settle();
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });
    if (w.h.capabilities.farSide) expect((await w.h.farSide(caller)).hearsMoh).toBe(false);
    if (w.h.capabilities.audioPaths) expect((await w.h.farSide(caller)).hears).toEqual([w.agentLeg('a1')]);
  });
});
