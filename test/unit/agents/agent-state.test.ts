import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { isAppError } from '../../../src/core/errors.js';
import { deriveState, newAgentRecord, PRESENCE_TRANSITIONS, reduceAgent, type AgentCommand, type AgentRecord } from '../../../src/agents/agent-state.js';
import { canTake, hasRoom } from '../../../src/agents/capacity.js';

const clock = new FakeClock();
const ctx = (by?: string) => ({ now: clock.now(), maxMissedOffers: 2, ...(by ? { by } : {}) });

function run(agent: AgentRecord, ...cmds: AgentCommand[]): AgentRecord {
  return cmds.reduce((a, c) => reduceAgent(a, c, ctx()).agent, agent);
}

const offer = (contactId: string, media: 'voice' | 'chat' | 'callback' = 'voice'): AgentCommand => ({ kind: 'offer', contactId, media, queueId: 'q', offerId: `o-${contactId}` });

describe('agent state reducer', () => {
  it('given a logged out agent when logging in not ready then the trail records the reason', () => {
    const { agent, transitions } = reduceAgent(newAgentRecord('a1', 0), { kind: 'login', presence: 'not_ready', reason: 'meeting', phone: '2001' }, ctx());
    expect(agent).toMatchObject({ state: 'not_ready', reason: 'meeting', phone: '2001', loginAt: clock.now() });
    expect(transitions).toEqual([{ agentId: 'a1', at: clock.now(), from: 'logged_out', to: 'not_ready', reason: 'meeting', by: null }]);
  });

  it('given a logged-in agent when logging in again then the attendance continues: login time, idle clock, misses and phone stay', () => {
    const first = reduceAgent(newAgentRecord('a1', 0), { kind: 'login', presence: 'available', phone: '2001' }, { now: 1_000, maxMissedOffers: 5 }).agent;
    const missed = { ...first, missedOffers: 1 };
    const again = reduceAgent(missed, { kind: 'login', presence: 'not_ready', reason: 'meeting' }, { now: 9_000, maxMissedOffers: 5 }).agent;
    expect(again).toMatchObject({ state: 'not_ready', reason: 'meeting', phone: '2001', loginAt: 1_000, missedOffers: 1, idleSince: { voice: 1_000, chat: 1_000 } });
    const back = reduceAgent(reduceAgent(again, { kind: 'logout', force: false }, { now: 10_000, maxMissedOffers: 5 }).agent, { kind: 'login', presence: 'available' }, { now: 20_000, maxMissedOffers: 5 }).agent;
    expect(back).toMatchObject({ loginAt: 20_000, missedOffers: 0, phone: null });
  });

  it('given the transition table when a forbidden change is asked then INVALID_TRANSITION and the record is unchanged', () => {
    const a = newAgentRecord('a1', 0);
    const snapshot = structuredClone(a);
    let err: unknown;
    try {
      reduceAgent(a, { kind: 'set_presence', presence: 'available' }, ctx());
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'INVALID_TRANSITION')).toBe(true);
    expect(a).toEqual(snapshot);
    expect(PRESENCE_TRANSITIONS.logged_out).not.toContain('outbound');
  });

  it('given an available agent when set outbound with a reason and then by choice then the reason is kept only while given, and available clears it', () => {
    const a = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'available' });
    const dialing = run(a, { kind: 'set_presence', presence: 'outbound', reason: 'click-to-dial' });
    expect(dialing).toMatchObject({ presence: 'outbound', state: 'outbound', reason: 'click-to-dial' });
    expect(run(dialing, { kind: 'set_presence', presence: 'available' })).toMatchObject({ presence: 'available', reason: null });
    expect(run(a, { kind: 'set_presence', presence: 'outbound' })).toMatchObject({ presence: 'outbound', reason: null });
  });

  it('given an offer accepted, held, resumed and ended with wrap-up then states follow and talk time counts holds', () => {
    let a = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'available' }, offer('c1'));
    expect(a.state).toBe('offered');
    a = run(a, { kind: 'offer_closed', contactId: 'c1', outcome: 'accepted' });
    expect(a.state).toBe('on_contact');
    clock.advance(10_000);
    a = run(a, { kind: 'hold', contactId: 'c1' });
    expect(a.work[0]?.phase).toBe('held');
    clock.advance(5_000);
    a = run(a, { kind: 'resume', contactId: 'c1' }, { kind: 'contact_ended', contactId: 'c1', wrapUpMs: 30_000 });
    expect(a).toMatchObject({ state: 'wrap_up', talkMs: 15_000, handled: 1 });
    expect(a.work[0]?.wrapUpEndsAt).toBe(clock.now() + 30_000);
    a = run(a, { kind: 'extend_wrap_up', contactId: 'c1', ms: 10_000 });
    expect(a.work[0]?.wrapUpEndsAt).toBe(clock.now() + 40_000);
    a = run(a, { kind: 'finish_wrap_up', contactId: 'c1' });
    expect(a.state).toBe('available');
  });

  it('given repeated no answers when the limit is reached then the agent goes not ready with missed_offers; an accept resets the count', () => {
    let a = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'available' }, offer('c1'), { kind: 'offer_closed', contactId: 'c1', outcome: 'no_answer' });
    expect(a.missedOffers).toBe(1);
    a = run(a, offer('c2'), { kind: 'offer_closed', contactId: 'c2', outcome: 'accepted' });
    expect(a.missedOffers).toBe(0);
    a = run(a, offer('c3', 'chat'), { kind: 'offer_closed', contactId: 'c3', outcome: 'no_answer' }, offer('c4', 'chat'), { kind: 'offer_closed', contactId: 'c4', outcome: 'no_answer' });
    expect(a).toMatchObject({ presence: 'not_ready', reason: 'missed_offers', state: 'on_contact' });
  });

  it('given a live contact when logging out then refused unless forced; forced keeps the live contact only', () => {
    const a = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'available', chatCapacity: 2 }, offer('c1'), { kind: 'offer_closed', contactId: 'c1', outcome: 'accepted' }, offer('c2', 'chat'));
    expect(() => reduceAgent(a, { kind: 'logout', force: false }, ctx())).toThrow(/live contact/);
    const { agent, transitions } = reduceAgent(a, { kind: 'logout', force: true }, ctx('sup-1'));
    expect(agent.work.map((w) => w.contactId)).toEqual(['c1']);
    expect(agent).toMatchObject({ presence: 'logged_out', state: 'on_contact' });
    expect(transitions[0]).toMatchObject({ from: 'offered', to: 'on_contact', by: 'sup-1' });
    const done = run(agent, { kind: 'contact_ended', contactId: 'c1', wrapUpMs: 30_000 });
    expect(done.state).toBe('logged_out');
  });

  it('given a consulted agent when the consultation ends then the agent was on a contact meanwhile, takes no call, and is free after without wrap-up or a handled count', () => {
    const a = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'available' });
    const consulted = run(a, { kind: 'consult_started', contactId: 'c1', queueId: 'q' });
    expect(consulted).toMatchObject({ state: 'on_contact', work: [{ contactId: 'c1', phase: 'consulted', media: 'voice' }] });
    expect(canTake(consulted, 'voice', false)).toBe(false);
    const after = run(consulted, { kind: 'consult_ended', contactId: 'c1' });
    expect(after).toMatchObject({ state: 'available', work: [], handled: 0 });
    expect(canTake(after, 'voice', false)).toBe(true);
  });

  it('given a consulted agent when the colleague completes the transfer then the consultation becomes the transferred offer in place and is accepted as a handled contact', () => {
    const consulted = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'not_ready', reason: 'meeting' }, { kind: 'consult_started', contactId: 'c1', queueId: '' });
    const offered = run(consulted, { kind: 'offer', contactId: 'c1', media: 'voice', queueId: 'sales', offerId: 'o9', onOutbound: true });
    expect(offered.work).toEqual([expect.objectContaining({ contactId: 'c1', phase: 'offered', queueId: 'sales', offerId: 'o9' })]);
    const taken = run(offered, { kind: 'offer_closed', contactId: 'c1', outcome: 'accepted' });
    expect(taken).toMatchObject({ state: 'on_contact', handled: 1, work: [{ phase: 'talking' }] });
  });

  it('given a consulted agent when a routed (not transferred) offer of the same contact or a second consultation comes then both are refused', () => {
    const consulted = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'available' }, { kind: 'consult_started', contactId: 'c1', queueId: 'q' });
    expect(() => run(consulted, offer('c1'))).toThrow(/second offer/);
    expect(() => run(consulted, { kind: 'consult_started', contactId: 'c1', queueId: 'q' })).toThrow(/already on this desk/);
    expect(() => run(consulted, { kind: 'logout', force: false })).toThrow(/live contact/);
    expect(run(consulted, { kind: 'logout', force: true }).work).toHaveLength(1);
  });

  it('given a change of not-ready reason when applied then it is a transition of its own', () => {
    const a = run(newAgentRecord('a1', 0), { kind: 'login', presence: 'not_ready', reason: 'lunch' });
    const { transitions } = reduceAgent(a, { kind: 'set_presence', presence: 'not_ready', reason: 'training' }, ctx());
    expect(transitions).toEqual([expect.objectContaining({ from: 'not_ready', to: 'not_ready', reason: 'training' })]);
  });

  it('given work items when deriving the state then an offer outranks a contact which outranks wrap-up', () => {
    const base = { presence: 'available' as const };
    const item = (phase: 'offered' | 'talking' | 'wrap_up') => ({ contactId: phase, media: 'chat' as const, queueId: 'q', phase, offerId: null, since: 0, acceptedAt: null, wrapUpEndsAt: null });
    expect(deriveState({ ...base, work: [item('wrap_up'), item('talking'), item('offered')] })).toBe('offered');
    expect(deriveState({ ...base, work: [item('wrap_up'), item('talking')] })).toBe('on_contact');
    expect(deriveState({ ...base, work: [item('wrap_up')] })).toBe('wrap_up');
    expect(deriveState({ ...base, work: [] })).toBe('available');
  });
});

describe('capacity per media', () => {
  const agent = (chatCapacity: number, media: ('voice' | 'chat')[]) => ({
    presence: 'available' as const,
    chatCapacity,
    work: media.map((m, i) => ({ contactId: `c${i}`, media: m, queueId: 'q', phase: 'talking' as const, offerId: null, since: 0, acceptedAt: 0, wrapUpEndsAt: null })),
  });

  it('given one call when asked then no second call fits; chats only when calls do not block them', () => {
    expect(hasRoom(agent(2, ['voice']), 'voice', true)).toBe(false);
    expect(hasRoom(agent(2, ['voice']), 'chat', true)).toBe(false);
    expect(hasRoom(agent(2, ['voice']), 'chat', false)).toBe(true);
  });

  it('given a chat cap when reached or zero then no more chats, while a call still fits', () => {
    expect(hasRoom(agent(2, ['chat', 'chat']), 'chat', true)).toBe(false);
    expect(hasRoom(agent(0, []), 'chat', true)).toBe(false);
    expect(hasRoom(agent(2, ['chat', 'chat']), 'voice', true)).toBe(true);
    expect(canTake({ ...agent(2, []), presence: 'not_ready' }, 'voice', true)).toBe(false);
  });
});
