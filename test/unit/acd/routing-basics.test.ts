import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { eventsOf, harness, queue } from './harness.js';

describe('routing basics', () => {
  it('given an available agent when a call arrives then it is offered to that agent and accepted', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1']));
    h.acd.login('a1', { phone: 'sip-a1' });
    const r = h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    expect(r.status).toBe('waiting');
    const offer = h.delivery.lastFor('a1');
    expect(offer.contactId).toBe('c1');
    expect(offer.phone).toBe('sip-a1');
    expect(h.acd.agentSnapshot('a1').state).toBe('offered');
    h.acd.acceptOffer(offer.id);
    expect(h.acd.agentSnapshot('a1').state).toBe('on_contact');
    expect(h.acd.contact('c1').state).toBe('connected');
    expect(eventsOf(h.events, 'contact.accepted')).toHaveLength(1);
  });

  it('given no agent when calls wait then the first free agent gets the longest waiting one', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.clock.advance(1000);
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    expect(h.acd.position('c2').position).toBe(2);
    h.acd.login('a1');
    expect(h.delivery.lastFor('a1').contactId).toBe('c1');
  });

  it('given a call ended when the queue has wrap-up then the agent wraps up and is free after it', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { wrapUpMs: 10_000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.clock.advance(60_000);
    h.acd.contactEnded('c1');
    expect(h.acd.agentSnapshot('a1').state).toBe('wrap_up');
    expect(h.delivery.delivered).toHaveLength(1);
    h.clock.advance(9_999);
    expect(h.delivery.delivered).toHaveLength(1);
    h.clock.advance(1);
    expect(h.delivery.lastFor('a1').contactId).toBe('c2');
  });

  it('given wrap-up when the agent extends then finishes early then the next contact comes at finish', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { wrapUpMs: 10_000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.contactEnded('c1');
    h.acd.extendWrapUp('a1', 30_000);
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    h.clock.advance(20_000);
    expect(h.acd.agentSnapshot('a1').state).toBe('wrap_up');
    h.acd.finishWrapUp('a1');
    expect(h.delivery.lastFor('a1').contactId).toBe('c2');
  });

  it('given a rejected offer when its reason is given then it is stored with the offer', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const offer = h.delivery.lastFor('a1');
    h.acd.rejectOffer(offer.id, 'busy_here');
    await h.acd.flush();
    expect(h.store.offers.get(offer.id)).toMatchObject({ state: 'rejected', reason: 'busy_here' });
    expect(h.acd.contact('c1').state).toBe('waiting');
  });

  it('given an offer when the agent does not answer then the contact keeps its place and the next agent gets it', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1', 'a2'], { offerTimeoutMs: 15_000 }));
    h.acd.login('a1');
    h.clock.advance(1);
    h.acd.login('a2');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    expect(h.delivery.lastFor('a1').contactId).toBe('c1');
    h.clock.advance(15_000);
    expect(eventsOf(h.events, 'contact.no_answer')).toHaveLength(1);
    expect(h.delivery.lastFor('a2').contactId).toBe('c1');
  });

  it('given repeated no answers when the limit is reached then the agent becomes not ready with missed_offers', () => {
    const h = harness({ config: { maxMissedOffers: 2, declineCooldownMs: 1 } });
    h.acd.upsertQueue(queue('q', ['a1'], { offerTimeoutMs: 1000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.clock.advance(1000);
    // declined for 1 ms, offered again at 1001, unanswered again at 2001
    h.clock.advance(1001);
    expect(eventsOf(h.events, 'contact.no_answer')).toHaveLength(2);
    const a = h.acd.agentSnapshot('a1');
    expect(a.state).toBe('not_ready');
    expect(a.reason).toBe('missed_offers');
    expect(h.acd.contact('c1').state).toBe('waiting');
  });

  it('given a late accept after a timeout when it arrives then OFFER_NOT_FOUND and nothing changes', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { offerTimeoutMs: 1000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const offer = h.delivery.lastFor('a1');
    h.clock.advance(1000);
    let err: unknown;
    try {
      h.acd.acceptOffer(offer.id);
    } catch (e) {
      err = e;
    }
    expect(isAppError(err, 'OFFER_NOT_FOUND')).toBe(true);
    expect(h.acd.contact('c1').state).toBe('waiting');
  });

  it('given ring-all when two agents ring and one accepts then the other offer is withdrawn and a late accept fails', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1', 'a2'], { strategy: 'ring_all' }));
    h.acd.login('a1');
    h.acd.login('a2');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const o1 = h.delivery.lastFor('a1');
    const o2 = h.delivery.lastFor('a2');
    expect(o1.kind).toBe('ring_all');
    h.acd.acceptOffer(o2.id);
    await h.acd.flush();
    expect(h.store.offers.get(o1.id)).toMatchObject({ state: 'withdrawn', reason: 'answered_elsewhere' });
    expect(h.delivery.withdrawn.map((w) => [w.offer.id, w.reason])).toEqual([[o1.id, 'answered_elsewhere']]);
    expect(() => h.acd.acceptOffer(o1.id)).toThrow(/not open/);
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
    expect(h.acd.contact('c1').agentId).toBe('a2');
  });

  it('given a closed queue when a contact arrives then it exits with the closed action', () => {
    const h = harness({ closed: ['q'] });
    h.acd.upsertQueue(queue('q', ['a1'], { closedAction: { action: 'voicemail', target: 'box1' } }));
    const r = h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    expect(r).toMatchObject({ status: 'exited', reason: 'closed', action: { action: 'voicemail', target: 'box1' } });
    expect(h.delivery.exits).toHaveLength(1);
  });

  it('given a full queue with an overflow action when a contact arrives then it moves to the other queue', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', [], { maxSize: 1, fullAction: { action: 'queue', target: 'q2' } }));
    h.acd.upsertQueue(queue('q2', []));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const r = h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    expect(r).toMatchObject({ status: 'waiting', queueId: 'q2' });
    expect(eventsOf(h.events, 'contact.overflowed')).toHaveLength(1);
  });

  it('given max wait when it passes then the contact exits with the action and the agent is not offered it', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { maxWaitMs: 60_000, maxWaitAction: { action: 'ticket' } }));
    h.acd.enqueue({ id: 'c1', media: 'chat', queueId: 'q' });
    h.clock.advance(60_000);
    expect(h.delivery.exits[0]).toMatchObject({ reason: 'max_wait', action: { action: 'ticket' } });
    h.acd.login('a1', { chatCapacity: 2 });
    expect(h.delivery.delivered).toHaveLength(0);
  });

  it('given a caller who chooses a callback when an agent frees up then the callback is offered in the same place', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.clock.advance(10);
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    h.acd.convertToCallback('c1', '+4912345');
    expect(h.acd.position('c1').position).toBe(1);
    h.acd.login('a1');
    const offer = h.delivery.lastFor('a1');
    expect(offer.media).toBe('callback');
    expect(offer.contact.callbackNumber).toBe('+4912345');
  });

  it('given ids holding colons (a transferred call) when every timer fires then each reaches its own contact and agent', () => {
    const h = harness({ config: { declineCooldownMs: 5000 } });
    h.acd.upsertQueue(queue('q', ['agent:1'], { wrapUpMs: 10_000, offerTimeoutMs: 1000, maxWaitMs: 60_000, maxWaitAction: { action: 'ticket' }, relaxation: [{ afterMs: 30_000, lowerLevelsBy: 5 }] }));
    h.acd.upsertAgentProfile({ id: 'agent:1', skills: { billing: 1 }, teamIds: [] });
    h.acd.login('agent:1');
    h.acd.enqueue({ id: 'call:7:2', media: 'voice', queueId: 'q', requiredSkills: { billing: 3 } });
    h.acd.enqueue({ id: 'call:8:1', media: 'voice', queueId: 'q' });
    h.acd.offerNoAnswer(h.delivery.lastFor('agent:1').id); // call:8:1 declined by agent:1 for 5 s
    expect(h.acd.contact('call:8:1').state).toBe('waiting');
    h.clock.advance(5000); // the decline expires: offered again
    expect(h.delivery.lastFor('agent:1').contactId).toBe('call:8:1');
    h.acd.acceptOffer(h.delivery.lastFor('agent:1').id);
    h.acd.contactEnded('call:8:1');
    h.clock.advance(10_000); // wrap-up ends; call:7:2 still needs billing 3
    expect(h.acd.agentSnapshot('agent:1').state).toBe('available');
    h.clock.advance(15_000); // relaxation at 30 s lowers the level: offered
    expect(h.delivery.lastFor('agent:1').contactId).toBe('call:7:2');
    h.clock.advance(1000); // no answer again; max wait at 60 s sends it to a ticket
    h.clock.advance(30_000);
    expect(h.delivery.exits.map((e) => [e.contact.id, e.reason])).toEqual([['call:7:2', 'max_wait']]);
  });
});
