import { describe, expect, it } from 'vitest';
import { harness, queue } from './harness.js';

describe('hand-over and click-to-dial commands', () => {
  it('given a1 on a contact when it is handed over to a2 then a2 has it at once, a1 is free of it, and no offer is delivered to ring a2', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1', 'a2'], { wrapUpMs: 30_000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.login('a2');
    const delivered = h.delivery.delivered.length;
    h.acd.handOver('c1', 'a2');
    expect(h.delivery.delivered).toHaveLength(delivered);
    expect(h.acd.contact('c1')).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect(h.acd.agentSnapshot('a2').state).toBe('on_contact');
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
    expect(h.acd.openOffers()).toEqual([]);
  });

  it('given a1 handing over to itself when asked then it is refused as a conflict and a1 keeps the contact', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    expect(() => h.acd.handOver('c1', 'a1')).toThrow(/already with agent a1/);
    expect(h.acd.agentSnapshot('a1').state).toBe('on_contact');
  });

  it('given a click-to-dial when its contact ends then the agent goes from outbound back to available, while a queue contact still ends in wrap-up', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1'], { wrapUpMs: 30_000 }));
    h.acd.login('a1');
    expect(h.acd.startOutbound('a1', 'call-9').presence).toBe('outbound');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    expect(h.delivery.delivered).toEqual([]);
    h.acd.contactEnded('call-9');
    expect(h.acd.agentSnapshot('a1').presence).toBe('available');
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.contactEnded('c1');
    expect(h.acd.agentSnapshot('a1').state).toBe('wrap_up');
  });
});
