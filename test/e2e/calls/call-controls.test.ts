import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let w: CallWorld;
afterEach(async () => {
  await w.close();
});

/** A caller talking with agent a1; a2 stays free for transfers. */
async function talking(world: CallWorld): Promise<{ caller: string; callId: string; a1Leg: string }> {
  world.routing.setAgent('a2', 'not_ready');
  const caller = await world.h.placeInboundCall({ from: CALLER, to: DID_SALES });
  await world.settle(1_000);
  const callId = world.callIdOf(caller);
  expect(world.calls.control.view(callId).state).toBe('connected');
  const a1Leg = world.agentLeg('a1');
  world.routing.setAgent('a2', 'available');
  return { caller, callId, a1Leg };
}

describe('agent call controls', () => {
  it('given a connected call when the agent holds, mutes and resumes then the caller hears music only while held and the timeline shows each step', async () => {
    w = await makeCallWorld();
    const { caller, callId, a1Leg } = await talking(w);
    w.calls.control.hold(callId, 'a1');
    await w.settle();
    expect((await w.h.farSide(caller)).hearsMoh).toBe(true);
    expect(() => w.calls.control.hold(callId, 'a1')).toThrow(/cannot take hold/);
    w.calls.control.unhold(callId, 'a1');
    await w.calls.control.mute(callId, 'a1', true);
    await w.settle();
    expect((await w.h.farSide(caller)).hearsMoh).toBe(false);
    expect((await w.h.farSide(a1Leg)).muted.in).toBe(true);
    expect(w.calls.control.view(callId).muted).toBe(true);
    expect(w.store.timeline(callId)).toEqual(expect.arrayContaining(['connected -hold-> held', 'held -unhold-> connected', 'connected -muted-> connected']));
    expect(w.events.map((e) => e.type)).toEqual(expect.arrayContaining(['call.held', 'call.resumed']));
  });

  it('given another agent when a1 controls the call then it is refused as not theirs', async () => {
    w = await makeCallWorld();
    const { callId } = await talking(w);
    let refused: unknown;
    try {
      w.calls.control.hold(callId, 'a2');
    } catch (err) {
      refused = err;
    }
    expect(isAppError(refused, 'FORBIDDEN')).toBe(true);
  });

  it('given a connected call when the agent hangs up then the caller is released, the agent goes to wrap-up and hungUpBy is agent', async () => {
    w = await makeCallWorld();
    const { caller, callId } = await talking(w);
    await w.calls.control.hangup(callId, 'a1');
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'agent' });
    expect(w.store.legs.get(caller)?.endedAt).toBeDefined();
    expect(w.routing.agentState.get('a1')).toBe('wrap_up');
  });

  it('given an agent whose phone rings with an offer when they decline it from the toolbar then their phone stops ringing, the offer fails as rejected and the caller is offered to the next agent', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    w.routing.setAgent('a2', 'not_ready');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'offering', agentId: 'a1' });
    const ringingLeg = w.agentLeg('a1');
    w.routing.setAgent('a2', 'available');
    await w.calls.control.hangup(callId, 'a1');
    await w.settle(1_000);
    expect(w.store.legs.get(ringingLeg)?.endedAt).toBeDefined();
    expect(w.routing.log).toContain(`failed ${callId} a1 rejected`);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
  });

  it('given a connected call when the agent blind-transfers to a queue then the caller waits with music and is offered to the next agent with the contact history', async () => {
    w = await makeCallWorld();
    w.routing.addQueue('support', ['a2']);
    const { caller, callId, a1Leg } = await talking(w);
    w.calls.control.transferBlind(callId, 'a1', { kind: 'queue', queueId: 'support' });
    await w.settle(1_000);
    expect(w.store.legs.get(a1Leg)?.endedAt).toBeDefined();
    expect(w.routing.log).toContain(`ended ${callId} a1`);
    expect(w.routing.requests.at(-1)).toMatchObject({ queueId: 'support', previousContactId: callId });
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect((await w.h.farSide(caller)).hears).toContain(w.agentLeg('a2'));
    expect(w.events.find((e) => e.type === 'call.transferred')).toMatchObject({ kind: 'blind', to: 'queue:support' });
  });

  it('given a connected call when the agent blind-transfers to an agent then only that agent is offered', async () => {
    w = await makeCallWorld();
    const { callId } = await talking(w);
    w.calls.control.transferBlind(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    expect(w.routing.requests.at(-1)).toMatchObject({ targetAgentId: 'a2' });
    expect(w.calls.control.view(callId).agentId).toBe('a2');
  });

  it('given a connected call when the agent blind-transfers to an external number then the caller is redirected there and the call leaves our hands', async () => {
    w = await makeCallWorld();
    const { caller, callId } = await talking(w);
    w.calls.control.transferBlind(callId, 'a1', { kind: 'number', number: w.h.externalNumber });
    await w.settle();
    expect((await w.h.farSide(caller)).redirectedTo).toBe(`number:${w.h.externalNumber}`);
    expect(w.store.calls.get(callId)).toMatchObject({ state: 'ended', outcome: 'agent_answered', hungUpBy: 'system' });
  });

  it('given an attended transfer when the consulted agent answers and a1 completes then caller and a2 talk and the contact is handed over', async () => {
    w = await makeCallWorld();
    const { caller, callId, a1Leg } = await talking(w);
    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    expect(w.calls.control.view(callId).state).toBe('consulting');
    expect(w.events.filter((e) => e.type === 'call.offered').at(-1)).toMatchObject({ agentId: 'a2', from: CALLER, ivrPath: ['did-route'] });
    const consultLeg = w.agentLeg('a2');
    expect((await w.h.farSide(caller)).hearsMoh).toBe(true);
    expect((await w.h.farSide(a1Leg)).hears).toContain(consultLeg);
    w.calls.control.completeTransfer(callId, 'a1');
    await w.settle();
    expect((await w.h.farSide(caller)).hears).toContain(consultLeg);
    expect(w.routing.log).toContain(`handover ${callId} a1->a2`);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect(w.store.legs.get(a1Leg)?.endedAt).toBeDefined();
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', agentId: 'a2' });
  });

  it('given a consultation when a1 cancels then the consulted leg is hung up and the caller is back with a1', async () => {
    w = await makeCallWorld();
    const { caller, callId, a1Leg } = await talking(w);
    w.calls.control.consult(callId, 'a1', { kind: 'number', number: w.h.externalNumber });
    await w.settle(1_000);
    w.calls.control.cancelConsult(callId, 'a1');
    await w.settle();
    const far = await w.h.farSide(caller);
    expect(far.hearsMoh).toBe(false);
    expect(far.hears).toEqual([a1Leg]);
    expect(w.calls.control.view(callId).state).toBe('connected');
  });

  it('given a consultation when a1 starts a conference then all three hear each other and a1 leaving leaves the caller with the third party', async () => {
    w = await makeCallWorld();
    const { caller, callId, a1Leg } = await talking(w);
    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    const a2Leg = w.agentLeg('a2');
    w.calls.control.conference(callId, 'a1');
    await w.settle();
    expect((await w.h.farSide(caller)).hears.sort()).toEqual([a1Leg, a2Leg].sort());
    await w.h.farEndHangup(a1Leg);
    await w.settle();
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect((await w.h.farSide(caller)).hears).toEqual([a2Leg]);
  });

  it('given the consulted party is ringing when a1 vanishes then the transfer completes on answer', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a2 as string, 'manual');
    const { caller, callId, a1Leg } = await talking(w);
    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle();
    await w.h.farEndHangup(a1Leg);
    await w.settle();
    expect(w.calls.control.view(callId).state).toBe('transfer_ringing');
    await w.h.answerPhone(w.phoneOf.a2 as string);
    await w.settle();
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect((await w.h.farSide(caller)).hears).toEqual([w.agentLeg('a2')]);
  });

  it('given a consultation to a number that does not answer when the ring ends then a1 is back with the caller', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.h.externalNumber, 'no_answer');
    const { caller, callId, a1Leg } = await talking(w);
    w.calls.control.consult(callId, 'a1', { kind: 'number', number: w.h.externalNumber });
    await w.settle(60_000);
    expect(w.calls.control.view(callId).state).toBe('connected');
    expect((await w.h.farSide(caller)).hears).toEqual([a1Leg]);
  });
});

describe('click-to-dial', () => {
  it('given an agent when they click to dial then their phone rings first, then the customer, and both talk with the same controls', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.h.externalNumber, 'manual');
    const view = await w.calls.control.dial('a1', w.h.externalNumber);
    await w.settle();
    expect(w.calls.control.view(view.id).state).toBe('dialing_customer');
    expect(w.routing.log).toContain(`outbound ${view.id} a1`);
    await w.h.answerPhone(w.h.externalNumber);
    await w.settle();
    const call = w.calls.control.view(view.id);
    expect(call.state).toBe('connected');
    const customerLeg = call.legs.find((l) => l.role === 'customer')?.id as string;
    expect((await w.h.farSide(customerLeg)).hears).toEqual([w.agentLeg('a1')]);
    w.calls.control.hold(view.id, 'a1');
    await w.settle();
    expect((await w.h.farSide(customerLeg)).hearsMoh).toBe(true);
    await w.h.farEndHangup(customerLeg);
    await w.settle();
    expect(w.store.calls.get(view.id)).toMatchObject({ direction: 'outbound', outcome: 'outbound_answered', hungUpBy: 'caller' });
  });

  it('given the customer does not answer when the dial times out then the outcome is outbound_no_answer and the agent is released', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.h.externalNumber, 'no_answer');
    const view = await w.calls.control.dial('a1', w.h.externalNumber);
    await w.settle(60_000);
    expect(w.store.calls.get(view.id)).toMatchObject({ outcome: 'outbound_no_answer' });
    expect(w.routing.log).toContain(`ended ${view.id} a1`);
  });

  it('given the number dialed is busy when the agent dials then the outcome is outbound_busy and the agent is released', async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.h.externalNumber, 'busy');
    const view = await w.calls.control.dial('a1', w.h.externalNumber);
    await w.settle(5_000);
    expect(w.store.calls.get(view.id)).toMatchObject({ outcome: 'outbound_busy' });
    expect(w.routing.log).toContain(`ended ${view.id} a1`);
  });

  it('given a bad number when the agent dials then it is refused naming the field', async () => {
    w = await makeCallWorld();
    await expect(w.calls.control.dial('a1', 'call me')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
