import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import type { DomainEvent } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { InMemoryAcdPersistence } from '../../../src/acd/in-memory-persistence.js';
import type { AcdWrite } from '../../../src/acd/ports.js';
import { ACD_WRITE_RETRY_MS, RoutingService } from '../../../src/acd/routing-service.js';
import { harness, queue, RecordingDelivery } from './harness.js';

describe('routing service machinery', () => {
  it('given a delivery port that accepts inside deliverOffer when a chat arrives then events stay in causal order', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.login('a1', { chatCapacity: 1 });
    h.delivery.onDeliver = (offer) => {
      h.acd.acceptOffer(offer.id);
    };
    h.acd.enqueue({ id: 'chat-1', media: 'chat', queueId: 'q' });
    const types = h.events.filter((e) => e.type.startsWith('contact.')).map((e) => e.type);
    expect(types).toEqual(['contact.enqueued', 'contact.position', 'contact.offered', 'contact.accepted']);
    expect(h.acd.contact('chat-1').state).toBe('connected');
  });

  it('given a refused command when it throws then no event, write or offer leaks out', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    await h.acd.flush();
    const before = { events: h.events.length, batches: h.store.batches };
    expect(() => h.acd.setState('a1', 'available')).toThrow(/not allowed/);
    expect(() => h.acd.enqueue({ media: 'fax' as never, queueId: 'q' })).toThrow(/media/);
    await h.acd.flush();
    expect({ events: h.events.length, batches: h.store.batches }).toEqual(before);
  });

  it('given the database failing when it recovers then flush reports the failure and later writes keep their order', async () => {
    const store = new InMemoryAcdPersistence();
    let failNext = true;
    const seen: AcdWrite['kind'][][] = [];
    const persistence = {
      write: async (batch: readonly AcdWrite[]) => {
        if (failNext) {
          failNext = false;
          throw new Error('connection reset');
        }
        seen.push(batch.map((w) => w.kind));
        await store.write(batch);
      },
      load: () => store.load(),
      contactsSince: (at: number) => store.contactsSince(at),
      transitions: (id: string, from: number, to: number) => store.transitions(id, from, to),
    };
    const events: DomainEvent[] = [];
    const acd = new RoutingService({ clock: new FakeClock(), persistence, delivery: new RecordingDelivery(), events: { publish: (e) => events.push(e) }, newId: sequentialIds('o') });
    acd.upsertQueue(queue('q', ['a1']));
    acd.login('a1');
    await expect(acd.flush()).rejects.toThrow(/connection reset/);
    acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    await acd.flush();
    expect(store.agents.get('a1')?.state).toBe('offered');
    expect(store.contacts.get('c1')?.state).toBe('offering');
    expect(store.trail.map((t) => t.to)).toEqual(['available', 'offered']);
  });

  it('given the database failing once when no command follows then the batch is written again after the retry pause (issue 15)', async () => {
    const store = new InMemoryAcdPersistence();
    let failNext = true;
    const persistence = {
      write: async (batch: readonly AcdWrite[]) => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        }
        await store.write(batch);
      },
      load: () => store.load(),
      contactsSince: (at: number) => store.contactsSince(at),
      transitions: (id: string, from: number, to: number) => store.transitions(id, from, to),
    };
    const clock = new FakeClock();
    const acd = new RoutingService({ clock, persistence, delivery: new RecordingDelivery(), events: { publish: () => undefined }, newId: sequentialIds('o') });
    acd.upsertQueue(queue('q', ['a1']));
    acd.login('a1');
    await expect(acd.flush()).rejects.toThrow(/ECONNREFUSED/);
    expect(store.agents.get('a1')).toBeUndefined();

    await clock.advanceAsync(ACD_WRITE_RETRY_MS);
    // No flush here: flush() itself starts the writer, the retry must not need it.
    await new Promise((resolve) => setImmediate(resolve));

    expect(store.agents.get('a1')?.state).toBe('available');
  });

  it('given a batch stored but its answer lost with the connection when it is tried again then it goes alone under the same id and is not applied twice (issue 15)', async () => {
    const store = new InMemoryAcdPersistence();
    let loseAnswer = true;
    const attempts: { id: string | undefined; kinds: AcdWrite['kind'][] }[] = [];
    const persistence = {
      write: async (batch: readonly AcdWrite[], batchId?: string) => {
        attempts.push({ id: batchId, kinds: batch.map((w) => w.kind) });
        await store.write(batch, batchId);
        if (loseAnswer) {
          loseAnswer = false;
          throw new Error('Connection terminated unexpectedly');
        }
      },
      load: () => store.load(),
      contactsSince: (at: number) => store.contactsSince(at),
      transitions: (id: string, from: number, to: number) => store.transitions(id, from, to),
    };
    const acd = new RoutingService({ clock: new FakeClock(), persistence, delivery: new RecordingDelivery(), events: { publish: () => undefined }, newId: sequentialIds('o') });
    acd.upsertQueue(queue('q', ['a1']));
    acd.login('a1');
    await expect(acd.flush()).rejects.toThrow(/Connection terminated/);
    acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    await acd.flush();

    // The failed batch again, alone and under its id; the later writes in a batch of their own.
    expect(attempts).toHaveLength(3);
    expect(attempts[1]).toEqual(attempts[0]);
    expect(attempts[2]?.id).not.toBe(attempts[0]?.id);
    expect(attempts.every((a) => typeof a.id === 'string')).toBe(true);
    expect(store.trail.map((t) => t.to)).toEqual(['available', 'offered']);
  });

  it('given a restart with an offer ringing when its time runs out after recovery then it resolves as no answer', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { offerTimeoutMs: 20_000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const offer = h.delivery.lastFor('a1');
    const next = await h.restart();
    next.upsertQueue(queue('q', ['a1'], { offerTimeoutMs: 20_000 }));
    await next.recover();
    expect(next.openOffers().map((o) => o.id)).toEqual([offer.id]);
    h.clock.advance(20_000);
    expect(next.openOffers()).toEqual([]);
    expect(next.contact('c1').state).toBe('waiting');
    expect(next.agentSnapshot('a1')).toMatchObject({ state: 'available', missedOffers: 1 });
    await next.flush();
    expect(h.store.offers.get(offer.id)?.state).toBe('no_answer');
  });
});
