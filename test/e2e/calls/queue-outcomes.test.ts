import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let w: CallWorld;
afterEach(async () => {
  await w.close();
});

async function queuedCaller(world: CallWorld): Promise<{ caller: string; callId: string }> {
  const caller = await world.h.placeInboundCall({ from: CALLER, to: DID_SALES });
  await world.settle();
  return { caller, callId: world.callIdOf(caller) };
}

describe('queue outcomes', () => {
  it('given the first agent does not answer when the ring timeout passes then the call is re-offered to the next agent who answers', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'no_answer');
    const { caller, callId } = await queuedCaller(w);
    const firstLeg = w.agentLeg('a1');
    await w.settle(15_000);
    expect(w.routing.log).toContain(`failed ${callId} a1 no_answer`);
    expect(w.store.legs.get(firstLeg)?.endedAt).toBeDefined();
    await w.settle(1_000);
    expect(w.calls.control.view(callId).state).toBe('connected');
    expect(w.calls.control.view(callId).agentId).toBe('a2');
    expect((await w.h.farSide(caller)).hears).toContain(w.agentLeg('a2'));
    // The engine owns the ring deadline: it withdrew the offer with reason no_answer (no second clock in calls).
    const withdrawn = w.store.transitions.filter((t) => t.callId === callId && t.event === 'offer_withdrawn');
    expect(withdrawn).toEqual([expect.objectContaining({ from: 'offering', to: 'queued', details: { reason: 'no_answer' } })]);
    expect(w.store.timeline(callId)).not.toContain('offering -agent_failed-> queued');
  });

  it('given the agent phone is busy when offered then the contact keeps its place and goes to the next agent', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'busy');
    const { callId } = await queuedCaller(w);
    await w.settle(1_000);
    expect(w.routing.log).toContain(`failed ${callId} a1 rejected`);
    expect(w.calls.control.view(callId).agentId).toBe('a2');
  });

  it('given no agent is free when the caller hangs up after waiting then the outcome is queue_abandon and the engine is told', async () => {
    w = await makeCallWorld();
    w.routing.setAgent('a1', 'not_ready');
    w.routing.setAgent('a2', 'not_ready');
    const { caller, callId } = await queuedCaller(w);
    await w.settle(45_000);
    const far = await w.h.farSide(caller);
    expect(far.heardPrompts.filter((p) => p === 'number:1').length).toBeGreaterThanOrEqual(2);
    expect(far.hearsMoh).toBe(true);
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'queue_abandon', hungUpBy: 'caller' });
    expect(w.routing.log).toContain(`abandon ${callId}`);
  });

  it('given a caller hangs up within seconds when still waiting then the outcome is caller_quick_hangup', async () => {
    w = await makeCallWorld();
    w.routing.setAgent('a1', 'not_ready');
    w.routing.setAgent('a2', 'not_ready');
    const { caller, callId } = await queuedCaller(w);
    await w.settle(2_000);
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)?.outcome).toBe('caller_quick_hangup');
  });

  it('given the agent phone is ringing when the caller hangs up then the agent leg is hung up and the outcome is ring_no_answer', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    const { caller, callId } = await queuedCaller(w);
    const agentLeg = w.agentLeg('a1');
    await w.settle(8_000);
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'ring_no_answer', hungUpBy: 'caller' });
    expect(w.store.legs.get(agentLeg)?.endedAt).toBeDefined();
    expect(w.routing.log).toContain(`abandon ${callId}`);
    expect(w.routing.agentState.get('a1')).toBe('available');
  });

  it('given the caller vanished while the agent phone rang when the agent answers then nothing crashes and the agent leg is released', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    const { caller, callId } = await queuedCaller(w);
    const agentLeg = w.agentLeg('a1');
    await w.h.vanishChannel(caller);
    await w.h.answerPhone(w.phoneOf.a1 as string);
    await w.settle();
    // The bridge join met a vanished caller: the call goes on until the PBX reports it; a restart reconciles.
    await w.h.restartPbx({ lose: [caller] });
    await w.settle();
    expect(w.store.calls.get(callId)?.state).toBe('ended');
    expect(w.store.legs.get(agentLeg)?.endedAt).toBeDefined();
  });

  it('given the queue is closed when a caller arrives then they hear the closed prompt and the outcome is out_of_hours', async () => {
    w = await makeCallWorld();
    const sales = w.routing.queues.get('sales');
    if (sales) sales.closed = true;
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(10_000);
    expect((await w.h.farSide(caller)).heardPrompts).toContain('prompt:closed');
    const record = [...w.store.calls.values()][0];
    expect(record).toMatchObject({ outcome: 'out_of_hours', hungUpBy: 'system', state: 'ended' });
  });

  it('given the caller waits past the queue maximum when the engine exits the contact then the outcome is queue_timeout', async () => {
    w = await makeCallWorld();
    w.routing.setAgent('a1', 'not_ready');
    w.routing.setAgent('a2', 'not_ready');
    const { caller, callId } = await queuedCaller(w);
    await w.settle(30_000);
    w.routing.expire(callId);
    await w.settle(10_000);
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'queue_timeout', hungUpBy: 'system' });
    expect((await w.h.farSide(caller)).heardPrompts).toContain('prompt:goodbye');
  });

  it('given a caller hangs up in the IVR when the flow reports it then the outcome is ivr_abandon', async () => {
    const clock = new FakeClock();
    w = await makeCallWorld({
      ivr: {
        run: () => new Promise((resolve) => clock.setTimeout(() => resolve({ kind: 'caller_gone', path: ['menu'], variables: {} }), 20_000)),
      },
    });
    await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    // The flow's own time (menus, prompts) passes on its own clock here.
    await w.settle(20_000);
    clock.advance(20_000);
    await w.settle();
    expect([...w.store.calls.values()][0]).toMatchObject({ outcome: 'ivr_abandon', ivrPath: ['menu'] });
  });

  it('given the media server is down when an agent is offered then the ring fails as an outcome, the caller keeps the place and is served once the server is back', async () => {
    w = await makeCallWorld();
    w.routing.setAgent('a1', 'not_ready');
    w.routing.setAgent('a2', 'not_ready');
    const { callId } = await queuedCaller(w);
    await w.h.dropConnection();
    w.routing.setAgent('a1', 'available');
    await w.settle();
    expect(w.routing.log).toContain(`failed ${callId} a1 failed`);
    expect(w.calls.control.view(callId).state).toBe('queued');
    await w.h.restoreConnection({ lose: [] });
    w.routing.setAgent('a2', 'available');
    await w.settle(1_000);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
  });
});
