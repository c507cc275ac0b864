import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import type { CallStateName } from '../../../src/calls/call-model.js';
import { initialInbound, initialOutbound, reduce, TRANSITIONS, type CallEvent, type CallState } from '../../../src/calls/call-state.js';

const T0 = 1_000_000;
const inbound = (): CallState => initialInbound(T0, 'cust', 5_000);

/** One event of every type, with fixed plausible payloads. */
const EVENTS: CallEvent[] = [
  { type: 'queue_entered', contactId: 'k1', queueId: 'sales' },
  { type: 'contact_changed', contactId: 'k2', queueId: 'support' },
  { type: 'closed' },
  { type: 'ivr_finished', how: 'hangup' },
  { type: 'customer_gone', at: T0 + 60_000 },
  { type: 'offer', offerId: 'o1', agentId: 'a1', legId: 'leg-a1', contactId: 'k1', endpoint: 'agent1' },
  { type: 'agent_answered' },
  { type: 'agent_failed', reason: 'no_answer' },
  { type: 'offer_withdrawn' },
  { type: 'queue_exit', reason: 'timeout' },
  { type: 'customer_dialed', legId: 'cust-out', endpoint: '+1555' },
  { type: 'customer_answered' },
  { type: 'hold' },
  { type: 'unhold' },
  { type: 'agent_gone' },
  { type: 'transfer_blind', to: 'queue', target: 'support' },
  { type: 'transfer_blind', to: 'agent', target: 'a2' },
  { type: 'transfer_refused' },
  { type: 'consult_started', legId: 'leg-a2', agentId: 'a2', target: 'agent:a2', endpoint: 'agent2' },
  { type: 'consult_answered' },
  { type: 'consult_gone' },
  { type: 'consult_cancelled' },
  { type: 'transfer_completed' },
  { type: 'conference_started' },
  { type: 'released' },
];

function run(events: CallEvent[], start: CallState = inbound()): CallState {
  return events.reduce((s, e) => reduce(s, e).state, start);
}

const talking = (): CallState =>
  run([
    { type: 'queue_entered', contactId: 'k1', queueId: 'sales' },
    { type: 'offer', offerId: 'o1', agentId: 'a1', legId: 'leg-a1', contactId: 'k1', endpoint: 'agent1' },
    { type: 'agent_answered' },
  ]);

describe('call state machine', () => {
  it('given any state when an event outside the transition table arrives then it is refused with INVALID_TRANSITION and nothing changes', () => {
    const states = Object.keys(TRANSITIONS) as CallStateName[];
    for (const name of states) {
      for (const e of EVENTS) {
        if (TRANSITIONS[name][e.type]) continue;
        const s: CallState = { ...talking(), name };
        let err: unknown;
        try {
          reduce(s, e);
        } catch (caught) {
          err = caught;
        }
        expect(isAppError(err, 'INVALID_TRANSITION'), `${name} -${e.type}->`).toBe(true);
      }
    }
  });

  it('given random event sequences when applied then every step lands in an allowed state, ended is final and always carries an outcome and who hung up', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 40 }), fc.boolean(), (events, outbound) => {
        let s = outbound ? initialOutbound(T0, { legId: 'leg-a1', agentId: 'a1', endpoint: 'agent1' }, 'k9') : inbound();
        for (const e of events) {
          const allowed = TRANSITIONS[s.name][e.type];
          if (!allowed) continue;
          const t = reduce(s, e);
          expect(allowed).toContain(t.to);
          for (const eff of t.effects) if ('legId' in eff) expect(eff.legId).not.toBe('');
          if (t.to === 'ended') {
            expect(t.state.outcome).toBeDefined();
            expect(t.state.hungUpBy).toBeDefined();
            expect(t.effects.at(-1)).toEqual({ kind: 'teardown' });
            expect(Object.keys(TRANSITIONS.ended)).toEqual([]);
          }
          s = t.state;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('given a1 blind-transfers to agent a2 when the engine takes it then a1 is released only then, and when it refuses the caller is bridged back to a1 with the contact a1 had', () => {
    const t = reduce(talking(), { type: 'transfer_blind', to: 'agent', target: 'a2' });
    expect(t.state).toMatchObject({ name: 'queued', transferFrom: { legId: 'leg-a1', agentId: 'a1', contactId: 'k1' } });
    expect(t.effects).toEqual([{ kind: 'to_holding' }, { kind: 'requeue', to: 'agent', target: 'a2' }]);
    const taken = reduce(t.state, { type: 'contact_changed', contactId: 'k1:1', queueId: 'sales' });
    expect(taken.state).toMatchObject({ name: 'queued', contactId: 'k1:1', transferFrom: undefined });
    expect(taken.effects).toEqual([{ kind: 'hangup', legId: 'leg-a1' }, { kind: 'contact_ended', contactId: 'k1', agentId: 'a1' }]);
    const refused = reduce(t.state, { type: 'transfer_refused' });
    expect(refused.state).toMatchObject({ name: 'connected', contactId: 'k1', counterpart: { legId: 'leg-a1', agentId: 'a1' }, transferFrom: undefined });
    expect(refused.effects).toEqual([{ kind: 'bridge', legIds: ['leg-a1'] }]);
    const gone = reduce(t.state, { type: 'customer_gone', at: T0 + 60_000 });
    expect(gone.effects).toEqual(expect.arrayContaining([{ kind: 'hangup', legId: 'leg-a1' }, { kind: 'contact_ended', contactId: 'k1', agentId: 'a1' }]));
  });

  it('given a caller in the queue when they hang up early or late then the outcome is caller_quick_hangup or queue_abandon and the engine is told', () => {
    const queued = run([{ type: 'queue_entered', contactId: 'k1', queueId: 'sales' }]);
    const quick = reduce(queued, { type: 'customer_gone', at: T0 + 4_999 });
    expect(quick.state.outcome).toBe('caller_quick_hangup');
    const late = reduce(queued, { type: 'customer_gone', at: T0 + 5_000 });
    expect(late.state).toMatchObject({ outcome: 'queue_abandon', hungUpBy: 'caller' });
    expect(late.effects).toEqual([{ kind: 'abandon', contactId: 'k1' }, { kind: 'teardown' }]);
  });

  it('given a queued caller or a talking agent when the PBX itself ends their leg (dead media) then the call record says system, not caller or agent', () => {
    const queued = run([{ type: 'queue_entered', contactId: 'k1', queueId: 'sales' }]);
    expect(reduce(queued, { type: 'customer_gone', at: T0 + 60_000, byPbx: true }).state).toMatchObject({ outcome: 'queue_abandon', hungUpBy: 'system' });
    const talking = run([
      { type: 'queue_entered', contactId: 'k1', queueId: 'sales' },
      { type: 'offer', offerId: 'o1', agentId: 'a1', legId: 'leg-a1', contactId: 'k1', endpoint: 'agent1' },
      { type: 'agent_answered' },
    ]);
    expect(reduce(talking, { type: 'agent_gone', byPbx: true }).state.hungUpBy).toBe('system');
    expect(reduce(talking, { type: 'agent_gone' }).state.hungUpBy).toBe('agent');
    expect(reduce(talking, { type: 'customer_gone', at: T0 + 90_000 }).state.hungUpBy).toBe('caller');
  });

  it('given an agent ringing when the caller hangs up then the agent leg is hung up, the contact abandoned and the outcome is ring_no_answer', () => {
    const offering = run([
      { type: 'queue_entered', contactId: 'k1', queueId: 'sales' },
      { type: 'offer', offerId: 'o1', agentId: 'a1', legId: 'leg-a1', contactId: 'k1', endpoint: 'agent1' },
    ]);
    const t = reduce(offering, { type: 'customer_gone', at: T0 + 30_000 });
    expect(t.state.outcome).toBe('ring_no_answer');
    expect(t.effects).toEqual([{ kind: 'hangup', legId: 'leg-a1' }, { kind: 'abandon', contactId: 'k1' }, { kind: 'teardown' }]);
  });

  it('given an agent ringing when the phone does not answer then the caller is back in the queue and the miss is reported', () => {
    const offering = run([
      { type: 'queue_entered', contactId: 'k1', queueId: 'sales' },
      { type: 'offer', offerId: 'o1', agentId: 'a1', legId: 'leg-a1', contactId: 'k1', endpoint: 'agent1' },
    ]);
    const t = reduce(offering, { type: 'agent_failed', reason: 'no_answer' });
    expect(t.to).toBe('queued');
    expect(t.effects).toEqual([{ kind: 'hangup', legId: 'leg-a1' }, { kind: 'offer_failed', offerId: 'o1', reason: 'no_answer' }]);
  });

  it('given a talking call when the agent answers the consultation and completes then the consulted agent takes over and the contact is handed over', () => {
    const consulting = run(
      [
        { type: 'consult_started', legId: 'leg-a2', agentId: 'a2', target: 'agent:a2', endpoint: 'agent2' },
        { type: 'consult_answered' },
      ],
      talking(),
    );
    const t = reduce(consulting, { type: 'transfer_completed' });
    expect(t.state.counterpart).toMatchObject({ legId: 'leg-a2', agentId: 'a2' });
    expect(t.effects).toEqual([
      { kind: 'hangup', legId: 'leg-a1' },
      { kind: 'hand_over', contactId: 'k1', fromAgentId: 'a1', toAgentId: 'a2' },
      { kind: 'bridge', legIds: ['leg-a2'] },
      // After the hand-over (which already gave a2 the contact), so it frees only a hold that a failed hand-over left.
      { kind: 'consult_freed', agentId: 'a2', contactId: 'k1' },
    ]);
  });

  it('given a talking call when a colleague is consulted then the colleague is held busy in routing from the ring until the consultation is cancelled', () => {
    const started = reduce(talking(), { type: 'consult_started', legId: 'leg-a2', agentId: 'a2', target: 'agent:a2', endpoint: 'agent2' });
    expect(started.effects).toContainEqual({ kind: 'consult_held', agentId: 'a2', contactId: 'k1' });
    const answered = reduce(started.state, { type: 'consult_answered' });
    expect(answered.effects.filter((e) => e.kind === 'consult_held' || e.kind === 'consult_freed')).toEqual([]);
    const cancelled = reduce(answered.state, { type: 'consult_cancelled' });
    expect(cancelled.effects).toContainEqual({ kind: 'consult_freed', agentId: 'a2', contactId: 'k1' });
  });

  it('given a consultation of a colleague when the caller hangs up, the colleague hangs up or a three-way ends then the colleague is freed each time', () => {
    const consulting = run([{ type: 'consult_started', legId: 'leg-a2', agentId: 'a2', target: 'agent:a2', endpoint: 'agent2' }, { type: 'consult_answered' }], talking());
    const freed = { kind: 'consult_freed', agentId: 'a2', contactId: 'k1' };
    expect(reduce(consulting, { type: 'customer_gone', at: T0 + 90_000 }).effects).toContainEqual(freed);
    expect(reduce(consulting, { type: 'consult_gone' }).effects).toContainEqual(freed);
    const conference = reduce(consulting, { type: 'conference_started' });
    expect(conference.effects).not.toContainEqual(freed);
    expect(reduce(conference.state, { type: 'consult_gone' }).effects).toContainEqual(freed);
  });

  it('given a consultation of a colleague when the call is released then the colleague is freed before the teardown, which stays last', () => {
    const consulting = run([{ type: 'consult_started', legId: 'leg-a2', agentId: 'a2', target: 'agent:a2', endpoint: 'agent2' }], talking());
    const t = reduce(consulting, { type: 'released' });
    expect(t.effects.at(-1)).toEqual({ kind: 'teardown' });
    expect(t.effects.at(-2)).toEqual({ kind: 'consult_freed', agentId: 'a2', contactId: 'k1' });
  });

  it('given a consultation of an outside number when it starts and ends then nobody is held in routing', () => {
    const started = reduce(talking(), { type: 'consult_started', legId: 'leg-x', target: 'number:+1555', endpoint: '+1555' });
    const ended = reduce(started.state, { type: 'consult_cancelled' });
    expect([...started.effects, ...ended.effects].filter((e) => e.kind === 'consult_held' || e.kind === 'consult_freed')).toEqual([]);
  });

  it('given the consulted party is ringing when the agent vanishes and nobody answers then the caller is released and the agent contact ends', () => {
    const ringing = run([{ type: 'consult_started', legId: 'leg-x', target: 'number:+1555', endpoint: '+1555' }, { type: 'agent_gone' }], talking());
    expect(ringing.name).toBe('transfer_ringing');
    const t = reduce(ringing, { type: 'consult_gone' });
    expect(t.state).toMatchObject({ name: 'ended', outcome: 'agent_answered', hungUpBy: 'system' });
    expect(t.effects).toEqual([{ kind: 'hangup', legId: 'cust' }, { kind: 'contact_ended', contactId: 'k1', agentId: 'a1' }, { kind: 'teardown' }]);
  });

  it('given a click-to-dial when the agent answers and the customer does not then the outcome is outbound_no_answer and the agent is freed', () => {
    const s = run([{ type: 'agent_answered' }, { type: 'customer_dialed', legId: 'cust-out', endpoint: '+1555' }], initialOutbound(T0, { legId: 'leg-a1', agentId: 'a1', endpoint: 'agent1' }, 'k9'));
    expect(s.name).toBe('dialing_customer');
    const t = reduce(s, { type: 'customer_gone', at: T0 + 40_000 });
    expect(t.state.outcome).toBe('outbound_no_answer');
    expect(t.effects).toEqual([{ kind: 'hangup', legId: 'leg-a1' }, { kind: 'contact_ended', contactId: 'k9', agentId: 'a1' }, { kind: 'teardown' }]);
  });

  it.each([
    ['busy', 'outbound_busy'],
    ['rejected', 'outbound_busy'],
    ['unreachable', 'outbound_failed'],
    ['failed', 'outbound_failed'],
    ['no_answer', 'outbound_no_answer'],
    ['normal', 'outbound_no_answer'],
    ['lost', 'outbound_no_answer'],
  ] as const)('given a click-to-dial ringing the customer when their leg ends with cause %s then the outcome is %s and the agent is freed', (cause, outcome) => {
    const s = run([{ type: 'agent_answered' }, { type: 'customer_dialed', legId: 'cust-out', endpoint: '+1555' }], initialOutbound(T0, { legId: 'leg-a1', agentId: 'a1', endpoint: 'agent1' }, 'k9'));
    const t = reduce(s, { type: 'customer_gone', at: T0 + 5_000, cause });
    expect(t.state.outcome).toBe(outcome);
    expect(t.effects).toEqual([{ kind: 'hangup', legId: 'leg-a1' }, { kind: 'contact_ended', contactId: 'k9', agentId: 'a1' }, { kind: 'teardown' }]);
  });

  it('given a closed line when the IVR reports it then the caller hears the closed prompt before the hang-up', () => {
    const t = reduce(inbound(), { type: 'closed' });
    expect(t.state.outcome).toBe('out_of_hours');
    expect(t.effects).toEqual([{ kind: 'farewell', prompt: 'closed' }, { kind: 'hangup', legId: 'cust' }, { kind: 'teardown' }]);
  });
});
