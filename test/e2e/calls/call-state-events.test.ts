import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf } from '../../../src/core/events.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let w: CallWorld;
afterEach(async () => {
  await w.close();
});

type StateChanged = EventOf<'call.state_changed'>;
const steps = (world: CallWorld, callId: string): StateChanged[] =>
  world.events.filter((e): e is StateChanged => e.type === 'call.state_changed' && e.callId === callId);

describe('call.state_changed: every step of a call reaches every agent on it', () => {
  it('given a consultation to a colleague when it is answered and then cancelled then both agents hear each step, the colleague also the cancel that took them off', async () => {
    w = await makeCallWorld();
    w.routing.setAgent('a2', 'not_ready');
    await w.h.setPhoneBehaviour(w.phoneOf.a2 as string, 'manual');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const callId = w.callIdOf(caller);
    w.routing.setAgent('a2', 'available');

    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle();
    await w.h.answerPhone(w.phoneOf.a2 as string);
    await w.settle();
    w.calls.control.cancelConsult(callId, 'a1');
    await w.settle();

    const seen = steps(w, callId).map((e) => `${e.from} -${e.step}-> ${e.to} [${[...e.agentIds].sort().join(',')}]`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'connected -consult_started-> consult_ringing [a1,a2]',
        'consult_ringing -consult_answered-> consulting [a1,a2]',
        'consulting -consult_cancelled-> connected [a1,a2]',
      ]),
    );
    const cancel = steps(w, callId).find((e) => e.step === 'consult_cancelled');
    expect(cancel?.scope.agentIds?.sort()).toEqual(['a1', 'a2']);
    expect(cancel?.scope.queueId).toBeDefined();
  });

  it("given click-to-dial when the agent's own phone answers then the agent hears the step to dialing the customer", async () => {
    w = await makeCallWorld();
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    await w.h.setPhoneBehaviour(w.h.externalNumber, 'manual');
    const view = await w.calls.control.dial('a1', w.h.externalNumber);
    await w.settle();
    expect(steps(w, view.id).some((e) => e.to === 'dialing_customer')).toBe(false);
    await w.h.answerPhone(w.phoneOf.a1 as string);
    await w.settle();
    const answered = steps(w, view.id).find((e) => e.to === 'dialing_customer');
    expect(answered).toMatchObject({ from: 'dialing_agent', agentIds: ['a1'], scope: { agentIds: ['a1'] } });
  });
});
