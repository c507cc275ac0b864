/**
 * Re-adopting calls after a daemon restart, on every media server: the simulated one and the
 * Asterisk and FreeSWITCH drivers against their fakes. The "restart" here is a second call
 * handling over the same store and routing engine, which recovers at the next reconciliation
 * (the adapter reconnects; the fake keeps every channel and bridge, as a real PBX does while the
 * daemon is down). The bridge and channel facts recovery relies on come from each adapter's own
 * snapshot.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CALLS_CONFIG } from '../../../src/calls/call-config.js';
import { systemClock } from '../../../src/core/clock.js';
import { createCallHandling, type CallHandling } from '../../../src/wiring/call-handling.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/log.js';
import type { EndpointRef } from '../../../src/pbx/port.js';
import type { MakeHarness } from '../../contract/harness.js';
import { makeSimHarness } from '../../contract/sim-harness.js';
import { makeFakeAsteriskHarness } from '../../fakes/asterisk/harness.js';
import { makeFakeFreeSwitchHarness } from '../../fakes/freeswitch/fake-harness.js';
import { DidRoutingIvr } from '../../../src/calls/did-ivr.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

const SERVERS: [string, MakeHarness][] = [
  ['sim', makeSimHarness],
  ['asterisk fake', makeFakeAsteriskHarness],
  ['freeswitch fake', () => makeFakeFreeSwitchHarness('json')],
];

describe.each(SERVERS)('calls re-adopted after a daemon restart on %s', (_name, makeHarness) => {
  let w: CallWorld;
  let second: CallHandling | undefined;
  afterEach(async () => {
    await second?.stop();
    second = undefined;
    await w.close();
  });

  /** The first process stops listening (its memory is gone); a new one starts over the same store. */
  const restartDaemon = async (lose: string[]): Promise<CallHandling> => {
    await w.calls.service.settle();
    w.calls.service.stop();
    const phone = (id: string): EndpointRef | undefined => (w.phoneOf[id] ? { kind: 'phone', name: w.phoneOf[id] } : undefined);
    second = createCallHandling({
      pbx: w.h.server,
      routing: w.routing,
      ivr: new DidRoutingIvr({ routes: { [DID_SALES]: { queueId: 'sales', priority: 0, skills: [], attributes: {}, announceEverySec: 20 } } }),
      directory: { phoneOf: phone },
      supervisorPhones: { phoneOf: phone },
      store: w.store,
      bus: new InProcessEventBus(),
      clock: w.h.clock ?? systemClock,
      log: silentLogger,
      newId: sequentialIds('r'),
      config: DEFAULT_CALLS_CONFIG,
    });
    second.start();
    const mark = w.pbxLog.events.length;
    await w.h.restartPbx({ lose });
    await second.calls.service.recovered();
    await second.calls.service.settle();
    await w.h.passTime(0);
    expect(w.pbxLog.events.slice(mark).filter((e) => e.type === 'channel.inbound')).toEqual([]);
    return second;
  };

  it('given a caller talking with an agent when the daemon restarts then the same call goes on with the same agent and ends as agent_answered', async () => {
    w = await makeCallWorld({ makeHarness });
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(2_000);
    const callId = w.callIdOf(caller);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });

    const next = await restartDaemon([]);
    expect(next.calls.service.activeCalls()).toMatchObject([{ id: callId, state: 'connected', agentId: 'a1' }]);
    await w.h.farEndHangup(caller);
    await w.settle();
    await next.calls.service.settle();
    expect(w.store.calls.size).toBe(1);
    expect(w.store.calls.get(callId)).toMatchObject({ state: 'ended', outcome: 'agent_answered', hungUpBy: 'caller', agentId: 'a1' });
  });

  it('given a caller talking with an agent whose leg vanished while the daemon was down when it restarts then the call ends as agent_answered and the agent is hung up', async () => {
    w = await makeCallWorld({ makeHarness });
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(2_000);
    const callId = w.callIdOf(caller);
    const agentLeg = w.agentLeg('a1');

    const next = await restartDaemon([caller]);
    await w.settle();
    await next.calls.service.settle();
    expect(next.calls.service.activeCalls()).toEqual([]);
    expect(w.store.calls.get(callId)).toMatchObject({ state: 'ended', outcome: 'agent_answered', agentId: 'a1' });
    expect((await w.h.server.snapshot()).channels.map((c) => c.id)).not.toContain(agentLeg);
    expect(w.routing.log).toContain(`ended ${callId} a1`);
  });

  it("given a talking call whose record still said offering (the engine's accept was saved, the call's connected was not) when the daemon restarts then the call goes on connected with the same agent instead of being queued again", async () => {
    w = await makeCallWorld({ makeHarness });
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(2_000);
    const callId = w.callIdOf(caller);
    const agentLeg = w.agentLeg('a1');
    await w.calls.service.settle();
    // The crash came before the call's own writes of the answer reached the store.
    const record = w.store.calls.get(callId);
    const leg = w.store.legs.get(agentLeg);
    if (!record || !leg) throw new Error('the call and its agent leg were stored');
    const { answeredAt: _call, ...unanswered } = record;
    const { answeredAt: _leg, ...ringing } = leg;
    w.store.calls.set(callId, { ...unanswered, state: 'offering' });
    w.store.legs.set(agentLeg, ringing);
    const before = w.routing.log.length;

    const next = await restartDaemon([]);
    expect(next.calls.service.activeCalls()).toMatchObject([{ id: callId, state: 'connected', agentId: 'a1' }]);
    expect((await w.h.server.snapshot()).channels.map((c) => c.id)).toContain(agentLeg);
    expect(w.routing.log.slice(before)).toEqual([]);
    expect(w.store.calls.get(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });
    expect(w.store.legs.get(agentLeg)?.answeredAt).toBeDefined();
    await w.h.farEndHangup(caller);
    await w.settle();
    await next.calls.service.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ state: 'ended', outcome: 'agent_answered', agentId: 'a1' });
    expect(w.routing.log).toContain(`ended ${callId} a1`);
  });

  it('given a caller waiting in the queue when the daemon restarts then the caller keeps the contact and is served by the next free agent in the same call', async () => {
    w = await makeCallWorld({ makeHarness });
    w.routing.setAgent('a1', 'not_ready');
    w.routing.setAgent('a2', 'not_ready');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(2_000);
    const callId = w.callIdOf(caller);
    const contactId = w.calls.control.view(callId).contactId;

    const next = await restartDaemon([]);
    expect(next.calls.service.activeCalls()).toMatchObject([{ id: callId, state: 'queued', contactId }]);
    w.routing.setAgent('a2', 'available');
    await w.settle(2_000);
    await next.calls.service.settle();
    expect(next.calls.service.activeCalls()).toMatchObject([{ id: callId, state: 'connected', agentId: 'a2', contactId }]);
    expect(w.routing.log).toContain(`accepted ${callId} a2`);
  });

  it("given an agent's phone ringing when the daemon restarts then it keeps ringing and answering it connects the same call", async () => {
    w = await makeCallWorld({ makeHarness });
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    w.routing.setAgent('a2', 'not_ready');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    expect(w.calls.control.view(callId).state).toBe('offering');

    const next = await restartDaemon([]);
    expect(next.calls.service.activeCalls()).toMatchObject([{ id: callId, state: 'offering' }]);
    await w.h.answerPhone(w.phoneOf.a1 as string);
    await w.settle(500);
    await next.calls.service.settle();
    expect(next.calls.service.activeCalls()).toMatchObject([{ id: callId, state: 'connected', agentId: 'a1' }]);
  });
});
