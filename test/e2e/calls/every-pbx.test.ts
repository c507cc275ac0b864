/**
 * The core call flows once per media server: the simulated one, and the Asterisk and FreeSWITCH
 * drivers against their fake servers (recorded frames on port 0). A real PBX harness (env) can
 * be added to the list the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MakeHarness } from '../../contract/harness.js';
import { makeSimHarness } from '../../contract/sim-harness.js';
import { makeFakeAsteriskHarness } from '../../fakes/asterisk/harness.js';
import { makeFakeFreeSwitchHarness } from '../../fakes/freeswitch/fake-harness.js';
import { systemClock } from '../../../src/core/clock.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/log.js';
import { SupervisionService } from '../../../src/supervision/supervision-service.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

const SERVERS: [string, MakeHarness][] = [
  ['sim', makeSimHarness],
  ['asterisk fake', makeFakeAsteriskHarness],
  ['freeswitch fake', () => makeFakeFreeSwitchHarness('json')],
];

describe.each(SERVERS)('call flows on %s', (_name, makeHarness) => {
  let w: CallWorld;
  afterEach(async () => {
    await w.close();
  });

  it('given a queued caller when a1 misses the ring and a2 answers then they talk, hold works and the caller hanging up ends it as agent_answered', async () => {
    w = await makeCallWorld({ makeHarness });
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'no_answer');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    await w.settle(16_000);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    if (w.h.capabilities.audioPaths) expect((await w.h.farSide(caller)).hears).toContain(w.agentLeg('a2'));
    w.calls.control.hold(callId, 'a2');
    await w.settle();
    if (w.h.capabilities.farSide) expect((await w.h.farSide(caller)).hearsMoh).toBe(true);
    w.calls.control.unhold(callId, 'a2');
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'caller', agentId: 'a2' });
    expect(w.store.legs.get(caller)?.endedBy).toBe('remote');
    expect(w.routing.log).toEqual(expect.arrayContaining([`failed ${callId} a1 no_answer`, `accepted ${callId} a2`, `ended ${callId} a2`]));
  });

  it('given no agent is free when the caller waits and hangs up then the outcome is queue_abandon', async () => {
    w = await makeCallWorld({ makeHarness });
    w.routing.setAgent('a1', 'not_ready');
    w.routing.setAgent('a2', 'not_ready');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(25_000);
    const callId = w.callIdOf(caller);
    if (w.h.capabilities.farSide) expect((await w.h.farSide(caller)).heardPrompts).toContain('number:1');
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)?.outcome).toBe('queue_abandon');
  });

  it('given an agent when they click to dial then their phone rings first and then the customer', async () => {
    w = await makeCallWorld({ makeHarness });
    const view = await w.calls.control.dial('a1', w.h.externalNumber);
    await w.settle(2_000);
    const call = w.calls.control.view(view.id);
    expect(call.state).toBe('connected');
    const customer = call.legs.find((l) => l.role === 'customer')?.id as string;
    await w.h.farEndHangup(customer);
    await w.settle();
    expect(w.store.calls.get(view.id)).toMatchObject({ outcome: 'outbound_answered' });
  });

  it('given a talking call when a1 consults a2 and completes and a supervisor listens then the caller hanging up closes every leg', async () => {
    w = await makeCallWorld({ makeHarness });
    w.routing.setAgent('a2', 'not_ready');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    w.routing.setAgent('a2', 'available');
    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    expect(w.calls.control.view(callId).state).toBe('consulting');
    w.calls.control.completeTransfer(callId, 'a1');
    await w.settle();
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    if (w.h.capabilities.audioPaths) expect((await w.h.farSide(caller)).hears).toEqual([w.agentLeg('a2')]);

    const sup = new SupervisionService({
      pbx: w.h.server,
      calls: w.calls.supervised,
      phones: { phoneOf: () => ({ kind: 'phone', name: w.phoneOf.sup1 as string }) },
      bus: new InProcessEventBus(),
      clock: w.h.clock ?? systemClock,
      log: silentLogger,
      newId: sequentialIds('s'),
      ringTimeoutMs: 20_000,
    });
    const session = sup.start(callId, 'sup1', 'listen');
    await w.settle(1_000);
    expect(sup.get(session.id).state).toBe('active');
    await w.h.farEndHangup(caller);
    await w.settle();
    sup.close();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', agentId: 'a2', hungUpBy: 'caller' });
    const legs = [...w.store.legs.values()].filter((l) => l.callId === callId);
    expect(legs.map((l) => l.role).sort()).toEqual(['agent', 'consult', 'customer', 'supervisor']);
    expect(legs.every((l) => l.endedAt !== undefined)).toBe(true);
  });
});
