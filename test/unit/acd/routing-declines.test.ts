import { describe, expect, it } from 'vitest';
import { harness, queue } from './harness.js';

describe('declined contacts', () => {
  it('given an agent that rejected the head contact when it frees up then it gets the next one, and the declined one after the cooldown', () => {
    const h = harness({ config: { declineCooldownMs: 10_000 } });
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'first', media: 'voice', queueId: 'q' });
    h.clock.advance(1000);
    h.acd.enqueue({ id: 'second', media: 'voice', queueId: 'q' });
    h.acd.rejectOffer(h.delivery.lastFor('a1').id);
    const next = h.delivery.lastFor('a1');
    expect(next.contactId).toBe('second');
    h.acd.acceptOffer(next.id);
    h.acd.contactEnded('second');
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
    h.clock.advance(9999);
    expect(h.delivery.lastFor('a1').contactId).toBe('second');
    h.clock.advance(1);
    expect(h.delivery.lastFor('a1').contactId).toBe('first');
  });

  it('given a chat its agent sends back into its own queue when another agent is free then the other gets it; alone, the sender gets it back only after the cooldown', () => {
    const h = harness({ config: { declineCooldownMs: 10_000 } });
    h.acd.upsertQueue(queue('web', ['a1', 'a2']));
    h.acd.login('a1', { state: 'available', chatCapacity: 2 });
    h.acd.enqueue({ id: 'chat1', media: 'chat', queueId: 'web' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.login('a2', { state: 'available', chatCapacity: 2 });
    h.acd.forceTransfer('chat1', { queueId: 'web' }, 'a1');
    expect(h.delivery.lastFor('a2').contactId).toBe('chat1');
    expect(h.delivery.delivered.filter((o) => o.agentId === 'a1')).toHaveLength(1);

    const alone = harness({ config: { declineCooldownMs: 10_000 } });
    alone.acd.upsertQueue(queue('web', ['a1']));
    alone.acd.login('a1', { state: 'available', chatCapacity: 2 });
    alone.acd.enqueue({ id: 'chat1', media: 'chat', queueId: 'web' });
    alone.acd.acceptOffer(alone.delivery.lastFor('a1').id);
    alone.acd.forceTransfer('chat1', { queueId: 'web' }, 'a1');
    expect(alone.delivery.delivered).toHaveLength(1);
    expect(alone.acd.contact('chat1').state).toBe('waiting');
    alone.clock.advance(10_000);
    expect(alone.delivery.delivered).toHaveLength(2);
    expect(alone.delivery.lastFor('a1').contactId).toBe('chat1');
  });

  it('given a decline stored before a restart when the agent frees up then the declined contact is still skipped until the cooldown ends', async () => {
    const h = harness({ config: { declineCooldownMs: 10_000 } });
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'first', media: 'voice', queueId: 'q' });
    h.acd.rejectOffer(h.delivery.lastFor('a1').id);
    const next = await h.restart();
    next.upsertQueue(queue('q', ['a1']));
    await next.recover();
    const before = h.delivery.delivered.length;
    next.enqueue({ id: 'second', media: 'voice', queueId: 'q' });
    expect(h.delivery.delivered.slice(before).map((o) => o.contactId)).toEqual(['second']);
    next.rejectOffer(h.delivery.lastFor('a1').id);
    h.clock.advance(10_000);
    expect(h.delivery.lastFor('a1').contactId).toBe('first');
  });

  it('given a declined contact that ended when the agent frees up then other contacts still reach it', () => {
    const h = harness({ config: { declineCooldownMs: 60_000 } });
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'gone', media: 'voice', queueId: 'q' });
    h.acd.rejectOffer(h.delivery.lastFor('a1').id);
    h.acd.abandon('gone');
    h.acd.enqueue({ id: 'new', media: 'voice', queueId: 'q' });
    expect(h.delivery.lastFor('a1').contactId).toBe('new');
  });

  it('given an offer nobody answers when the queue offer timeout passes then the engine withdraws it with reason no_answer and offers the next agent; a no-answer reported by the channel layer is not echoed back', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1', 'a2'], { offerTimeoutMs: 15_000 }));
    h.acd.login('a1');
    h.acd.login('a2');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const first = h.delivery.delivered[0];
    h.clock.advance(15_000);
    expect(h.delivery.withdrawn.map((w) => [w.offer.id, w.reason])).toEqual([[first?.id, 'no_answer']]);
    await h.acd.flush();
    expect(h.store.offers.get(first?.id ?? '')).toMatchObject({ state: 'no_answer' });
    const second = h.delivery.delivered[1];
    expect(second).toMatchObject({ contactId: 'c1' });
    expect(second?.agentId).not.toBe(first?.agentId);
    h.acd.offerNoAnswer(second?.id ?? '');
    expect(h.delivery.withdrawn).toHaveLength(1);
  });
});
