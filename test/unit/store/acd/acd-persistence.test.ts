import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';
import { KyselyAcdPersistence } from '../../../../src/store/acd/acd-persistence.js';
import { RoutingService } from '../../../../src/acd/routing-service.js';
import { FakeClock } from '../../../../src/core/clock.js';
import { sequentialIds } from '../../../../src/core/ids.js';
import { RecordingDelivery, queue } from '../../acd/harness.js';
import type { ContactRecord } from '../../../../src/acd/ports.js';
import { newAgentRecord } from '../../../../src/agents/agent-state.js';

let t: TestDb | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function contact(id: string, seq: number, over: Partial<ContactRecord> = {}): ContactRecord {
  return {
    id,
    media: 'chat',
    queueId: 'q',
    priority: 1.5,
    attributes: { source: 'web', region: 'DE-BY' },
    requiredSkills: { german: 3 },
    customerLevel: 'vip',
    enqueuedAt: 1_795_424_400_123,
    queueEnteredAt: 1_795_424_400_456,
    rank: -12_345.5,
    seq,
    state: 'waiting',
    relaxStep: 1,
    agentId: null,
    declinedUntil: { a1: 1_795_424_401_000 },
    callbackNumber: null,
    answeredAt: null,
    endedAt: null,
    outcome: null,
    ...over,
  };
}

describe('kysely ACD persistence', () => {
  it('given written records when loaded then live contacts, open offers and agents come back exactly', async () => {
    t = await createTestDb();
    const p = new KyselyAcdPersistence(t.db);
    const agent = { ...newAgentRecord('a1', 1000), presence: 'available' as const, state: 'available' as const, lastOfferSeq: { q: 7 } };
    await p.write([
      { kind: 'contact', contact: contact('c2', 2) },
      { kind: 'contact', contact: contact('c1', 1, { state: 'offering' }) },
      { kind: 'contact', contact: contact('c3', 3, { state: 'ended', endedAt: 1_795_424_409_000, outcome: 'abandoned' }) },
      { kind: 'offer', offer: { id: 'o1', kind: 'routed', contactId: 'c1', agentId: 'a1', queueId: 'q', media: 'chat', offeredAt: 5, expiresAt: 20_005, state: 'open', resolvedAt: null, reason: null } },
      { kind: 'offer', offer: { id: 'o0', kind: 'routed', contactId: 'c1', agentId: 'a2', queueId: 'q', media: 'chat', offeredAt: 1, expiresAt: 2, state: 'no_answer', resolvedAt: 2, reason: null } },
      { kind: 'agent', agent },
      { kind: 'transition', transition: { agentId: 'a1', at: 1000, from: 'logged_out', to: 'available', reason: null, by: null } },
    ]);
    // a second write of the same ids in one batch: the last one wins
    await p.write([
      { kind: 'contact', contact: contact('c2', 2, { relaxStep: 1 }) },
      { kind: 'contact', contact: contact('c2', 2, { relaxStep: 2 }) },
    ]);
    const snap = await p.load();
    expect(snap.contacts.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(snap.contacts[1]).toEqual(contact('c2', 2, { relaxStep: 2 }));
    expect(snap.offers.map((o) => o.id)).toEqual(['o1']);
    expect(snap.agents).toEqual([agent]);
    expect(await p.transitions('a1', 0, 2000)).toEqual([{ agentId: 'a1', at: 1000, from: 'logged_out', to: 'available', reason: null, by: null }]);
    expect(await p.transitions('a1', 1001, 2000)).toEqual([]);
  });

  it('given a batch already stored under its id when it is written again then nothing is applied twice; another id or none is appended as before', async () => {
    t = await createTestDb();
    const p = new KyselyAcdPersistence(t.db);
    const batch = [
      { kind: 'contact' as const, contact: contact('c1', 1) },
      { kind: 'transition' as const, transition: { agentId: 'a1', at: 1000, from: 'logged_out' as const, to: 'available' as const, reason: null, by: null } },
    ];
    await p.write(batch, 'batch-1');
    await p.write([{ kind: 'contact', contact: contact('c1', 1, { state: 'ended', outcome: 'abandoned' }) }], 'batch-2');
    // The retry of batch-1 (its answer was lost): skipped whole, so the contact stays ended too.
    await p.write(batch, 'batch-1');
    expect(await p.transitions('a1', 0, 2000)).toHaveLength(1);
    expect((await p.contactsSince(0)).map((c) => c.state)).toEqual(['ended']);
    await p.write(batch, 'batch-3');
    await p.write(batch);
    expect(await p.transitions('a1', 0, 2000)).toHaveLength(3);
    // A batch of upserts only costs no id: writing it twice is harmless.
    await p.write([{ kind: 'contact', contact: contact('c2', 2) }], 'batch-4');
    expect((await t.db.selectFrom('acd_write_batches').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['batch-1', 'batch-3']);
  });

  it('given a running engine on the database when it restarts then queues, agents and offers are rebuilt the same', async () => {
    t = await createTestDb();
    const clock = new FakeClock();
    const ids = sequentialIds('o');
    const make = () =>
      new RoutingService({ clock, persistence: new KyselyAcdPersistence((t as TestDb).db), delivery: new RecordingDelivery(), events: { publish: () => {} }, newId: ids });
    const configure = (s: RoutingService) => {
      s.upsertQueue(queue('q', ['a1', 'a2'], { wrapUpMs: 30_000 }));
      s.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: [] });
      s.upsertAgentProfile({ id: 'a2', skills: {}, teamIds: [] });
    };
    const first = make();
    configure(first);
    first.login('a1', { phone: 'p1', chatCapacity: 2 });
    for (let i = 1; i <= 5; i++) {
      clock.advance(1000);
      first.enqueue({ id: `c${i}`, media: i % 2 ? 'voice' : 'chat', queueId: 'q', priority: i === 4 ? 2 : 0 });
    }
    first.acceptOffer(first.openOffers('a1')[0]?.id as string);
    first.login('a2', { state: 'not_ready', reason: 'lunch' });
    await first.close();
    const before = { q: first.queueSnapshot('q'), a1: first.agentSnapshot('a1'), a2: first.agentSnapshot('a2'), offers: first.openOffers() };

    const second = make();
    configure(second);
    await second.recover();
    expect(second.queueSnapshot('q')).toEqual(before.q);
    expect(second.agentSnapshot('a1')).toEqual(before.a1);
    expect(second.agentSnapshot('a2')).toEqual(before.a2);
    expect(second.openOffers()).toEqual(before.offers);
    expect((await second.attendance('a2', 0, Number.MAX_SAFE_INTEGER)).map((x) => [x.to, x.reason])).toEqual([['not_ready', 'lunch']]);
    await second.close();
  });
});
