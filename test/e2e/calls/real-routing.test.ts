/** The same call flows with the real routing engine (acd/RoutingService) behind the adapter. */
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { InMemoryAcdPersistence } from '../../../src/acd/in-memory-persistence.js';
import { RoutingService } from '../../../src/acd/routing-service.js';
import { AcdRoutingPort } from '../../../src/wiring/acd-routing-port.js';
import type { IvrPort } from '../../../src/calls/ports.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let w: CallWorld;
let acd: RoutingService;
let persistence: InMemoryAcdPersistence;
let port: AcdRoutingPort;
afterEach(async () => {
  await acd.close();
  await w.close();
});

async function worldWithEngine(options: { closed?: boolean; ivr?: IvrPort; strategy?: 'top_down' | 'ring_all' } = {}): Promise<CallWorld> {
  port = new AcdRoutingPort();
  const world = await makeCallWorld({
    ...(options.ivr ? { ivr: options.ivr } : {}),
    makeRouting: (clock) => {
      acd = new RoutingService({
        clock,
        persistence: (persistence = new InMemoryAcdPersistence()),
        delivery: port,
        events: new InProcessEventBus(),
        businessHours: { isOpen: () => !options.closed },
        newId: sequentialIds('acd'),
      });
      port.bind(acd);
      return port;
    },
  });
  acd.upsertQueue({ id: 'sales', strategy: options.strategy ?? 'top_down', members: [{ agentId: 'a1', order: 1 }, { agentId: 'a2', order: 2 }], offerTimeoutMs: 15_000, wrapUpMs: 30_000 });
  for (const id of ['a1', 'a2']) {
    acd.upsertAgentProfile({ id, skills: {}, teamIds: [] });
    acd.login(id, { phone: world.phoneOf[id] as string, state: 'available' });
  }
  return world;
}

describe('calls on the real routing engine', () => {
  it('given a1 does not answer when the ring timeout passes then a2 is offered, answers, and after the caller hangs up a2 is in wrap-up', async () => {
    w = await worldWithEngine();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'no_answer');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle();
    const callId = w.callIdOf(caller);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'offering', agentId: 'a1' });
    expect(port.phoneOf('a1')).toEqual({ kind: 'phone', name: w.phoneOf.a1 });
    expect(port.phoneOf('nobody')).toBeUndefined();
    await w.settle(16_000);
    // The engine's deadline (15 s) decided, well before the originate's own timeout (its safety margin).
    expect(w.store.transitions.find((t) => t.callId === callId && t.event === 'offer_withdrawn')?.details).toEqual({ reason: 'no_answer' });
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect(acd.agentSnapshot('a2').state).toBe('on_contact');
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', agentId: 'a2' });
    expect(acd.agentSnapshot('a2').state).toBe('wrap_up');
  });

  it('given the queue is closed when a caller arrives then the engine refuses and the call ends out_of_hours', async () => {
    w = await worldWithEngine({ closed: true });
    await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(10_000);
    expect([...w.store.calls.values()][0]).toMatchObject({ outcome: 'out_of_hours' });
  });

  it('given a caller waiting with no agent free when they hang up then the engine counts the abandon', async () => {
    w = await worldWithEngine();
    acd.setState('a1', 'not_ready', { reason: 'break' });
    acd.setState('a2', 'not_ready', { reason: 'break' });
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(20_000);
    const callId = w.callIdOf(caller);
    expect((await w.h.farSide(caller)).heardPrompts).toContain('number:1');
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)?.outcome).toBe('queue_abandon');
    await acd.flush();
    expect(persistence.contacts.get(callId)).toMatchObject({ state: 'ended' });
    expect(acd.queueSnapshot('sales').contacts).toEqual([]);
  });

  it('given an attended transfer when a1 completes it then the engine hands the contact to a2', async () => {
    w = await worldWithEngine();
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    w.calls.control.completeTransfer(callId, 'a1');
    await w.settle();
    expect(acd.agentSnapshot('a2').state).toBe('on_contact');
    expect(acd.agentSnapshot('a1').state).not.toBe('on_contact');
    expect(w.calls.control.view(callId).agentId).toBe('a2');
  });

  it('given a1 consulting a2 when a second caller arrives then a2 is not rung for them until a1 cancels the consultation', async () => {
    w = await worldWithEngine();
    const first = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(first);
    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    expect(w.calls.control.view(callId).state).toBe('consulting');
    expect(acd.agentSnapshot('a2').work).toEqual([expect.objectContaining({ phase: 'consulted' })]);
    const second = await w.h.placeInboundCall({ from: '+15550000002', to: DID_SALES });
    await w.settle(1_000);
    const secondId = w.callIdOf(second);
    expect(w.calls.control.view(secondId).state).toBe('queued');
    w.calls.control.cancelConsult(callId, 'a1');
    await w.settle(1_000);
    expect(w.calls.control.view(secondId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });
  });

  it('given a1 talking and a2 available when a1 blind-transfers to a2 then a2 is rung, answers and talks with the caller, and no agent is left offered', async () => {
    w = await worldWithEngine();
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });
    w.calls.control.transferBlind(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect((await w.h.farSide(caller)).hears).toEqual([w.agentLeg('a2')]);
    expect(acd.agentSnapshot('a2').state).toBe('on_contact');
    expect(acd.agentSnapshot('a1').state).toBe('wrap_up');
    expect(acd.openOffers()).toEqual([]);
    expect(acd.contact(`${callId}:1`)).toMatchObject({ state: 'connected', agentId: 'a2', attributes: { previousContactId: callId } });
  });

  it('given a1 talking and a2 logged out when a1 blind-transfers to a2 then the engine refuses, the caller is back with a1 and the timeline gives the coded reason', async () => {
    w = await worldWithEngine();
    acd.logout('a2');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    const a1Leg = w.agentLeg('a1');
    w.calls.control.transferBlind(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a1' });
    expect((await w.h.farSide(caller)).hears).toEqual([a1Leg]);
    expect(acd.agentSnapshot('a1').state).toBe('on_contact');
    expect(acd.queueSnapshot('sales').contacts).toEqual([]);
    const refused = w.store.transitions.filter((t) => t.callId === callId && t.event === 'transfer_refused');
    expect(refused).toEqual([expect.objectContaining({ from: 'queued', to: 'connected', details: expect.objectContaining({ code: 'INVALID_TRANSITION', to: 'agent', target: 'a2' }) })]);
    await w.calls.control.hangup(callId, 'a1');
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', agentId: 'a1' });
  });

  it('given an agent when they click to dial then the engine shows them outbound until the call ends', async () => {
    w = await worldWithEngine();
    const view = await w.calls.control.dial('a1', w.h.externalNumber);
    await w.settle();
    expect(acd.agentSnapshot('a1').presence).toBe('outbound');
    const customer = w.calls.control.view(view.id).legs.find((l) => l.role === 'customer')?.id as string;
    await w.h.farEndHangup(customer);
    await w.settle();
    expect(acd.agentSnapshot('a1').presence).toBe('available');
  });

  it('given a caller who asks for a callback in the IVR when an agent is free then the agent is rung first, then the customer, and they talk', async () => {
    const number = '+15557770000';
    w = await worldWithEngine({ ivr: { run: () => Promise.resolve({ kind: 'callback', queueId: 'sales', number, path: ['menu', 'callback'], variables: {} }) } });
    acd.setState('a1', 'not_ready', { reason: 'break' });
    acd.setState('a2', 'not_ready', { reason: 'break' });
    await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle();
    const first = [...w.store.calls.values()][0];
    expect(first).toMatchObject({ outcome: 'ivr_completed', state: 'ended' });
    expect(w.store.timeline(first?.id as string)).toContain('ivr -callback_requested-> ivr');

    acd.setState('a1', 'available');
    await w.settle(2_000);
    const callback = w.calls.control.callOfAgent('a1');
    expect(callback).toMatchObject({ direction: 'outbound', to: number, state: 'connected', variables: { callback: 'true' } });
    expect(acd.agentSnapshot('a1').state).toBe('on_contact');
    const customer = callback?.legs.find((l) => l.role === 'customer')?.id as string;
    await w.h.farEndHangup(customer);
    await w.settle();
    expect(w.store.calls.get(callback?.id as string)).toMatchObject({ outcome: 'outbound_answered' });
    expect(acd.agentSnapshot('a1').state).toBe('wrap_up');
  });

  it('given a ring-all queue when both phones ring and a2 answers first then a2 talks, a1 stops ringing and is not charged a miss', async () => {
    w = await worldWithEngine({ strategy: 'ring_all' });
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    await w.h.setPhoneBehaviour(w.phoneOf.a2 as string, 'manual');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    const ringing = w.calls.control.view(callId).legs.filter((l) => l.role === 'agent' && l.endedAt === undefined);
    expect(ringing.map((l) => l.agentId).sort()).toEqual(['a1', 'a2']);
    await w.h.answerPhone(w.phoneOf.a2 as string);
    await w.settle();
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    const a1Leg = ringing.find((l) => l.agentId === 'a1')?.id as string;
    expect(w.store.legs.get(a1Leg)?.endedAt).toBeDefined();
    expect((await w.h.farSide(caller)).hears).toEqual([w.agentLeg('a2')]);
    expect(acd.agentSnapshot('a1').state).not.toBe('offered');
    expect(acd.agentSnapshot('a1').presence).toBe('available');
    expect(acd.agentSnapshot('a2').state).toBe('on_contact');
  });

  it('given a ring-all queue when the caller hangs up while both ring then both phones stop and the call is ring_no_answer', async () => {
    w = await worldWithEngine({ strategy: 'ring_all' });
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    await w.h.setPhoneBehaviour(w.phoneOf.a2 as string, 'manual');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(8_000);
    const callId = w.callIdOf(caller);
    const legs = w.calls.control.view(callId).legs.filter((l) => l.role === 'agent');
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(w.store.calls.get(callId)?.outcome).toBe('ring_no_answer');
    expect(legs.every((l) => w.store.legs.get(l.id)?.endedAt !== undefined)).toBe(true);
  });
});
