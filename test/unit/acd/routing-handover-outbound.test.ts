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

  it('given a2 consulted by a1 when a caller waits then a2 is not offered it; when the consultation ends a2 gets it at once', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1', 'a2']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.login('a2');
    h.acd.consultStarted('a2', 'c1');
    expect(h.acd.agentSnapshot('a2').state).toBe('on_contact');
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'sales' });
    expect(h.delivery.delivered.filter((o) => o.agentId === 'a2')).toEqual([]);
    expect(h.acd.contact('c2').state).toBe('waiting');
    h.acd.consultEnded('a2', 'c1');
    expect(h.delivery.lastFor('a2').contactId).toBe('c2');
  });

  it('given a2 consulted by a1 when the transfer completes then a2 has the contact without a moment free, and the later consultEnded changes nothing', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1', 'a2'], { wrapUpMs: 30_000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.login('a2');
    h.acd.consultStarted('a2', 'c1');
    const a2States = () => h.events.flatMap((e) => (e.type === 'agent.state_changed' && e.agentId === 'a2' ? [e.to] : []));
    const before = a2States().length;
    h.acd.handOver('c1', 'a2');
    h.acd.consultEnded('a2', 'c1');
    expect(a2States().slice(before)).not.toContain('available');
    expect(h.acd.contact('c1')).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect(h.acd.agentSnapshot('a2')).toMatchObject({ state: 'on_contact', work: [{ contactId: 'c1', phase: 'talking' }] });
  });

  it('given a consulted agent when the daemon restarts then the consultation (whose legs recovery hangs up) no longer holds the agent', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1', 'a2']));
    h.acd.login('a2');
    h.acd.consultStarted('a2', 'c1');
    const next = await h.restart();
    next.upsertQueue(queue('sales', ['a1', 'a2']));
    await next.recover();
    expect(next.agentSnapshot('a2')).toMatchObject({ state: 'available', work: [] });
    await next.close();
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
