import { afterEach, describe, expect, it } from 'vitest';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let w: CallWorld;
afterEach(async () => {
  await w.close();
});

describe('inbound call through the queue to an agent', () => {
  it('given a caller to the sales DID when the first agent answers then they talk, the call is recorded and the hang-up is recorded as agent_answered', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(6_000);
    const callId = w.callIdOf(caller);

    const waiting = await w.h.farSide(caller);
    expect(waiting.answered).toBe(true);
    expect(waiting.heardPrompts).toContain('number:1');
    expect(w.calls.control.view(callId).state).toBe('offering');
    const offered = w.events.find((e) => e.type === 'call.offered');
    expect(offered).toMatchObject({ agentId: 'a1', from: CALLER, ivrPath: ['did-route'], variables: { did: DID_SALES } });

    const agentLeg = w.agentLeg('a1');
    await w.h.answerPhone(w.phoneOf.a1 as string);
    await w.settle();
    expect(w.calls.control.view(callId).state).toBe('connected');
    const talking = await w.h.farSide(caller);
    expect(talking.hears).toContain(agentLeg);
    expect(talking.hearsMoh).toBe(false);
    expect(w.calls.control.view(callId).recording).toBe(true);

    await w.h.farEndHangup(caller);
    await w.settle();
    const record = w.store.calls.get(callId);
    expect(record).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'caller', agentId: 'a1', state: 'ended' });
    expect(record?.recordingIds).toHaveLength(1);
    expect([...w.store.recordings.values()][0]?.stoppedAt).toBeDefined();
    expect(w.routing.log).toContain(`ended ${callId} a1`);
    expect(w.store.timeline(callId)).toEqual([
      'ivr -queue_entered-> queued',
      'queued -offer-> offering',
      'offering -announced-> offering',
      'offering -agent_answered-> connected',
      'connected -recording_started-> connected',
      'connected -customer_gone-> ended',
    ]);
    expect(w.store.legs.get(agentLeg)?.endedAt).toBeDefined();
  });
});
