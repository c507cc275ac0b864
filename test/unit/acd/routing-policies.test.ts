import { describe, expect, it } from 'vitest';
import { eventsOf, harness, queue } from './harness.js';
import type { Strategy } from '../../../src/acd/types.js';

describe('queue policies', () => {
  it('given a VIP arriving last when an agent frees up then the VIP goes first', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { customerLevelPriority: { vip: 100 } }));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.clock.advance(60_000);
    h.acd.enqueue({ id: 'vip', media: 'voice', queueId: 'q', customerLevel: 'vip' });
    expect(h.acd.position('vip').position).toBe(1);
    h.acd.login('a1');
    expect(h.delivery.lastFor('a1').contactId).toBe('vip');
  });

  it('given priority with aging when a low priority contact has waited long enough then it is not overtaken', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { agingMsPerPriority: 10_000 }));
    h.acd.enqueue({ id: 'old', media: 'voice', queueId: 'q', priority: 0 });
    h.clock.advance(25_000);
    // priority 2 is worth 20 s of waiting: less than the 25 s the old one has waited
    h.acd.enqueue({ id: 'p2', media: 'voice', queueId: 'q', priority: 2 });
    // priority 3 is worth 30 s: it overtakes
    h.acd.enqueue({ id: 'p3', media: 'voice', queueId: 'q', priority: 3 });
    expect(h.acd.queueSnapshot('q').contacts.map((c) => c.id)).toEqual(['p3', 'old', 'p2']);
  });

  it('given an agent in two queues when it frees up then it gets the longest priority-weighted wait across both', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1'], { priority: 0 }));
    h.acd.upsertQueue(queue('support', ['a1'], { priority: 1, agingMsPerPriority: 30_000 }));
    h.acd.enqueue({ id: 'sales-1', media: 'voice', queueId: 'sales' });
    h.clock.advance(20_000);
    h.acd.enqueue({ id: 'support-1', media: 'voice', queueId: 'support' }); // worth 30 s more: ahead
    h.clock.advance(20_000);
    h.acd.enqueue({ id: 'sales-2', media: 'chat', queueId: 'sales' });
    h.acd.login('a1', { chatCapacity: 1 });
    const voice = h.delivery.delivered.find((o) => o.media === 'voice');
    expect(voice?.contactId).toBe('support-1');
  });

  it('given skill levels when contacts need more than an agent has then only qualified agents are offered them', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['junior', 'senior'], { requiredSkills: { billing: 1 } }));
    h.acd.upsertAgentProfile({ id: 'junior', skills: { billing: 2 }, teamIds: [] });
    h.acd.upsertAgentProfile({ id: 'senior', skills: { billing: 5, french: 3 }, teamIds: [] });
    h.acd.login('junior');
    h.acd.enqueue({ id: 'hard', media: 'voice', queueId: 'q', requiredSkills: { billing: 4 } });
    h.acd.enqueue({ id: 'fr', media: 'voice', queueId: 'q', requiredSkills: { french: 1 } });
    expect(h.delivery.delivered).toHaveLength(0);
    h.acd.login('senior');
    expect(h.delivery.lastFor('senior').contactId).toBe('hard');
  });

  it('given relaxation steps when a contact waits then the level drops after 30 s and it overflows after 90 s', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['junior'], { requiredSkills: { billing: 4 }, relaxation: [{ afterMs: 30_000, lowerLevelsBy: 2 }, { afterMs: 90_000, overflowToQueueId: 'backup' }] }));
    h.acd.upsertQueue(queue('backup', ['other']));
    h.acd.upsertAgentProfile({ id: 'junior', skills: { billing: 2 }, teamIds: [] });
    h.acd.upsertAgentProfile({ id: 'other', skills: {}, teamIds: [] });
    h.acd.login('junior');
    h.acd.login('other');
    h.acd.setState('junior', 'not_ready', { reason: 'coffee' });
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    h.acd.setState('junior', 'available');
    expect(h.delivery.delivered).toHaveLength(0);
    h.clock.advance(30_000);
    expect(h.delivery.lastFor('junior').contactId).toBe('c1');
    h.acd.acceptOffer(h.delivery.lastFor('junior').id);
    h.clock.advance(60_000);
    expect(eventsOf(h.events, 'contact.overflowed')).toEqual([expect.objectContaining({ contactId: 'c2', fromQueueId: 'q', toQueueId: 'backup' })]);
    expect(h.delivery.lastFor('other').contactId).toBe('c2');
  });

  it('given an accept-level relaxation when a contact waits 30 s then an agent at that level gets it', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { requiredSkills: { billing: 6, spanish: 8 }, relaxation: [{ afterMs: 30_000, acceptLevel: 3 }] }));
    h.acd.upsertAgentProfile({ id: 'a1', skills: { billing: 4, spanish: 3 }, teamIds: [] });
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.clock.advance(29_999);
    expect(h.delivery.delivered).toHaveLength(0);
    h.clock.advance(1);
    expect(h.delivery.lastFor('a1').contactId).toBe('c1');
  });

  it("given a queue's own miss limit when an agent misses that often then it goes not ready", () => {
    const h = harness({ config: { maxMissedOffers: 10, declineCooldownMs: 1 } });
    h.acd.upsertQueue(queue('q', ['a1'], { maxMissedOffers: 2, offerTimeoutMs: 12_000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.clock.advance(12_000);
    h.clock.advance(12_001);
    expect(h.acd.agentSnapshot('a1')).toMatchObject({ presence: 'not_ready', reason: 'missed_offers' });
  });

  it('given a max wait with a callback action when the caller has a number then the callback keeps the place', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { maxWaitMs: 120_000, maxWaitAction: { action: 'callback' } }));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q', attributes: { callerNumber: '+3312345' } });
    h.clock.advance(1000);
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    h.clock.advance(119_000);
    expect(h.delivery.exits).toEqual([expect.objectContaining({ reason: 'max_wait', action: { action: 'callback' } })]);
    expect(h.acd.contact('c1')).toMatchObject({ media: 'callback', callbackNumber: '+3312345' });
    h.acd.login('a1');
    expect(h.delivery.lastFor('a1').contactId).toBe('c1');
  });

  it('given chat capacity 2 when three chats wait then two are offered, and a call blocks chats only when configured', () => {
    const blocking = harness();
    blocking.acd.upsertQueue(queue('q', ['a1']));
    for (const id of ['ch1', 'ch2', 'ch3']) blocking.acd.enqueue({ id, media: 'chat', queueId: 'q' });
    blocking.acd.login('a1', { chatCapacity: 2 });
    expect(blocking.delivery.delivered.map((o) => o.contactId)).toEqual(['ch1', 'ch2']);
    blocking.acd.setChatCapacity('a1', 0);
    blocking.acd.contactEnded(blocking.acd.acceptOffer(blocking.delivery.lastFor('a1').id).contactId);
    expect(blocking.delivery.delivered).toHaveLength(2);

    const h = harness({ config: { callBlocksChats: false } });
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.enqueue({ id: 'call', media: 'voice', queueId: 'q' });
    h.acd.enqueue({ id: 'chat', media: 'chat', queueId: 'q' });
    h.acd.login('a1', { chatCapacity: 1 });
    expect(h.delivery.delivered.map((o) => o.contactId)).toEqual(['call', 'chat']);
  });

  it('given the round-robin strategy when calls come one by one then agents take turns', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1', 'a2', 'a3'], { strategy: 'round_robin' }));
    for (const a of ['a1', 'a2', 'a3']) h.acd.login(a);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      h.acd.enqueue({ id: `c${i}`, media: 'voice', queueId: 'q' });
      const o = h.delivery.delivered[h.delivery.delivered.length - 1];
      order.push(o?.agentId ?? '-');
      h.acd.acceptOffer(o?.id ?? '');
      h.acd.contactEnded(`c${i}`);
    }
    expect(order).toEqual(['a1', 'a2', 'a3', 'a1', 'a2', 'a3']);
  });

  const firstPick = (strategy: Strategy, prepare: (h: ReturnType<typeof harness>) => void, random?: () => number) => {
    const h = harness(random ? { random } : {});
    h.acd.upsertQueue({ id: 'q', strategy, members: [{ agentId: 'a1', order: 2, weight: 1 }, { agentId: 'a2', order: 1, weight: 1 }, { agentId: 'a3', order: 3, weight: 8 }] });
    for (const a of ['a1', 'a2', 'a3']) {
      h.acd.login(a);
      h.clock.advance(1000);
    }
    prepare(h);
    h.acd.enqueue({ id: 'x', media: 'voice', queueId: 'q' });
    return h.delivery.lastFor(h.delivery.delivered[h.delivery.delivered.length - 1]?.agentId ?? '').agentId;
  };

  it('given each ordered strategy when a call arrives then the agent it names is offered it', () => {
    expect(firstPick('longest_idle', () => {})).toBe('a1');
    expect(firstPick('top_down', () => {})).toBe('a2');
    const busyA1 = (h: ReturnType<typeof harness>) => {
      h.acd.enqueue({ id: 'pre', media: 'voice', queueId: 'q' });
      h.acd.acceptOffer(h.delivery.lastFor('a1').id);
      h.clock.advance(60_000);
      h.acd.contactEnded('pre');
    };
    expect(firstPick('fewest_contacts', busyA1)).toBe('a2');
    expect(firstPick('least_talk_time', busyA1)).toBe('a2');
  });

  it('given random strategies when the injected random source decides then the choice follows it', () => {
    expect(firstPick('random', () => {}, () => 0)).toBeDefined();
    const picks = new Set<string>();
    for (const r of [0, 0.34, 0.67, 0.99]) picks.add(firstPick('random', () => {}, () => r));
    expect(picks.size).toBeGreaterThan(1);
    // weights 1, 1, 8: a draw in the upper 80% lands on a3
    expect(firstPick('weighted_random', () => {}, () => 0.9)).toBe('a3');
  });

  it('given a supervisor when transferring an active call to another agent then the first keeps it until the second accepts', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1', 'a2']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.login('a2');
    const t = h.acd.forceTransfer('c1', { agentId: 'a2' }, 'sup');
    expect(t?.kind).toBe('transferred');
    h.acd.rejectOffer(t?.id ?? '');
    expect(h.acd.contact('c1').agentId).toBe('a1');
    const again = h.acd.forceTransfer('c1', { agentId: 'a2' }, 'sup');
    h.acd.acceptOffer(again?.id ?? '');
    expect(h.acd.contact('c1').agentId).toBe('a2');
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
    expect(eventsOf(h.events, 'contact.accepted')).toHaveLength(1);
  });

  it('given an attended transfer when the consulted agent is on an outbound call then the hand-over still works', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1', 'a2']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.login('a2');
    h.acd.setState('a2', 'outbound', { reason: 'consult' });
    const offer = h.acd.forceTransfer('c1', { agentId: 'a2' }, 'a1');
    h.acd.acceptOffer(offer?.id ?? '');
    expect(h.acd.agentSnapshot('a2')).toMatchObject({ presence: 'outbound', state: 'on_contact' });
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
    // an ordinary routed offer still never reaches an agent on an outbound call
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    expect(h.delivery.lastFor('a1').contactId).toBe('c2');
  });

  it('given a forced logout while an offer rings then the offer is withdrawn and the contact keeps its place', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.enqueue({ id: 'c0', media: 'voice', queueId: 'q' });
    h.clock.advance(10);
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.login('a1');
    h.acd.forceLogout('a1', 'sup');
    expect(h.delivery.withdrawn).toEqual([expect.objectContaining({ reason: 'agent_logged_out' })]);
    expect(h.acd.position('c0').position).toBe(1);
    expect(eventsOf(h.events, 'agent.logged_out')[0]).toMatchObject({ agentId: 'a1', by: 'sup' });
  });

  it('given an agent day when asked then the attendance trail lists every state with its reason', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    const t0 = h.clock.now();
    h.acd.login('a1');
    h.clock.advance(60_000);
    h.acd.setState('a1', 'not_ready', { reason: 'lunch' });
    h.clock.advance(60_000);
    h.acd.logout('a1');
    await h.acd.flush();
    const trail = await h.acd.attendance('a1', t0, h.clock.now() + 1);
    expect(trail.map((t) => [t.at - t0, t.from, t.to, t.reason])).toEqual([
      [0, 'logged_out', 'available', null],
      [60_000, 'available', 'not_ready', 'lunch'],
      [120_000, 'not_ready', 'logged_out', null],
    ]);
  });
});
