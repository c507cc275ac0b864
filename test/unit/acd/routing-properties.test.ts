import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAppError } from '../../../src/core/errors.js';
import { canTake } from '../../../src/agents/capacity.js';
import type { RoutingEngine } from '../../../src/acd/routing-engine.js';
import type { RoutingService } from '../../../src/acd/routing-service.js';
import { eventsOf, harness, queue, type Harness } from './harness.js';

/**
 * Random interleavings of everything that can happen to the engine, checked after every step:
 * no contact lost or served twice, capacity never exceeded, offers and desks agree, nobody idle
 * while an eligible contact waits, and a restart rebuilds the same state.
 */

const AGENTS = ['a1', 'a2', 'a3'];
const QUEUES = ['q1', 'q2'];

type Op =
  | { op: 'arrive'; q: number; media: 'voice' | 'chat'; priority: number }
  | { op: 'abandon' | 'accept' | 'reject' | 'end' | 'take' | 'assign' | 'transfer' | 'requeue'; k: number; agent: number }
  | { op: 'advance'; ms: number }
  | { op: 'login' | 'logout' | 'force_logout' | 'ready' | 'not_ready' | 'wrap_done'; agent: number }
  | { op: 'capacity'; agent: number; n: number }
  | { op: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('arrive' as const), q: fc.nat(1), media: fc.constantFrom('voice' as const, 'chat' as const), priority: fc.constantFrom(0, 0, 1) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('abandon' as const, 'accept' as const, 'accept' as const, 'reject' as const, 'end' as const, 'take' as const, 'assign' as const, 'transfer' as const, 'requeue' as const), k: fc.nat(5), agent: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(1000, 5000, 20_000) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('login' as const, 'login' as const, 'logout' as const, 'force_logout' as const, 'ready' as const, 'not_ready' as const, 'wrap_done' as const), agent: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('capacity' as const), agent: fc.nat(2), n: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
);

function engineOf(acd: RoutingService): RoutingEngine {
  return (acd as unknown as { engine: RoutingEngine }).engine;
}

function pick<T>(items: T[], k: number): T | undefined {
  return items.length === 0 ? undefined : items[k % items.length];
}

async function apply(h: Harness, op: Op, enqueued: string[]): Promise<void> {
  const acd = h.acd;
  const engine = engineOf(acd);
  const agent = AGENTS[('agent' in op ? op.agent : 0) % AGENTS.length] as string;
  switch (op.op) {
    case 'arrive': {
      const id = `c${enqueued.length + 1}`;
      enqueued.push(id);
      acd.enqueue({ id, media: op.media, queueId: QUEUES[op.q] as string, priority: op.priority });
      return;
    }
    case 'abandon': {
      const c = pick([...engine.contacts.values()].filter((x) => x.rec.state !== 'connected'), op.k);
      if (c) acd.abandon(c.rec.id);
      return;
    }
    case 'accept':
    case 'reject': {
      const o = pick(acd.openOffers(), op.k);
      if (o && op.op === 'accept') acd.acceptOffer(o.id);
      if (o && op.op === 'reject') acd.rejectOffer(o.id);
      return;
    }
    case 'end': {
      const c = pick([...engine.contacts.values()].filter((x) => x.rec.state === 'connected'), op.k);
      if (c) acd.contactEnded(c.rec.id);
      return;
    }
    case 'take': {
      const c = pick([...engine.contacts.values()].filter((x) => x.rec.state === 'waiting'), op.k);
      if (c) acd.takeContact(agent, c.rec.id);
      return;
    }
    case 'assign': {
      const c = pick([...engine.contacts.values()].filter((x) => x.rec.state !== 'connected'), op.k);
      if (c) acd.assignContact(c.rec.id, agent, 'sup');
      return;
    }
    case 'transfer':
    case 'requeue': {
      const c = pick([...engine.contacts.values()].filter((x) => x.rec.state === 'connected'), op.k);
      if (c) acd.forceTransfer(c.rec.id, op.op === 'transfer' ? { agentId: agent } : { queueId: 'q1' }, 'sup');
      return;
    }
    case 'force_logout':
      acd.forceLogout(agent, 'sup');
      return;
    case 'advance':
      h.clock.advance(op.ms);
      return;
    case 'login': {
      // Like the capacity op: the desk's cap is only lowered to what it already holds or more (a
      // lower cap means "no new chats", so a later check of chats <= cap would not hold).
      const chats = acd.agentSnapshot(agent).work.filter((w) => w.media === 'chat').length;
      acd.login(agent, chats <= 2 ? { chatCapacity: 2 } : {});
      return;
    }
    case 'logout':
      acd.logout(agent);
      return;
    case 'ready':
      acd.setState(agent, 'available');
      return;
    case 'not_ready':
      acd.setState(agent, 'not_ready', { reason: 'break' });
      return;
    case 'wrap_done':
      acd.finishWrapUp(agent);
      return;
    case 'capacity': {
      const chats = acd.agentSnapshot(agent).work.filter((w) => w.media === 'chat').length;
      if (op.n >= chats) acd.setChatCapacity(agent, op.n);
      return;
    }
    case 'restart': {
      const before = picture(acd);
      h.acd = await h.restart();
      setup(h.acd);
      await h.acd.recover();
      expect(picture(h.acd)).toEqual(before);
      return;
    }
  }
}

/** Everything a restart must reproduce exactly. */
function picture(acd: RoutingService): unknown {
  return {
    agents: AGENTS.map((id) => {
      const { profile: _p, ...rest } = acd.agentSnapshot(id);
      return rest;
    }),
    queues: QUEUES.map((q) => acd.queueSnapshot(q).contacts.map((c) => [c.id, c.state, c.agentId])),
    offers: acd.openOffers().map((o) => o.id).sort(),
  };
}

function setup(acd: RoutingService): void {
  acd.upsertQueue(queue('q1', AGENTS, { wrapUpMs: 5000, offerTimeoutMs: 10_000 }));
  acd.upsertQueue(queue('q2', AGENTS, { strategy: 'ring_all', wrapUpMs: 0, offerTimeoutMs: 10_000 }));
  for (const id of AGENTS) acd.upsertAgentProfile({ id, skills: {}, teamIds: ['t1'] });
}

function checkInvariants(h: Harness, enqueued: string[]): void {
  const acd = h.acd;
  const engine = engineOf(acd);
  const now = h.clock.now();
  // Served at most once per visit to a queue (a supervisor may put an answered contact back in line).
  const accepted = new Map<string, number>();
  for (const e of h.events) {
    if (e.type === 'contact.enqueued') accepted.set(e.contactId, 0);
    if (e.type === 'contact.accepted') {
      accepted.set(e.contactId, (accepted.get(e.contactId) ?? 0) + 1);
      expect(accepted.get(e.contactId), `contact ${e.contactId} served twice`).toBe(1);
    }
  }

  const terminal = new Set<string>([
    ...eventsOf(h.events, 'contact.abandoned').map((e) => e.contactId),
    ...eventsOf(h.events, 'contact.completed').map((e) => e.contactId),
    ...eventsOf(h.events, 'contact.exited').map((e) => e.contactId),
  ]);
  for (const id of enqueued) expect(engine.contacts.has(id) !== terminal.has(id), `contact ${id} lost or in two places`).toBe(true);

  for (const id of AGENTS) {
    const a = acd.agentSnapshot(id);
    const voice = a.work.filter((w) => w.media !== 'chat');
    const chats = a.work.filter((w) => w.media === 'chat');
    expect(voice.length).toBeLessThanOrEqual(1);
    expect(chats.length).toBeLessThanOrEqual(a.chatCapacity);
    for (const w of a.work) {
      const c = engine.contacts.get(w.contactId);
      if (w.phase === 'offered') {
        const offer = engine.offers.get(w.offerId as string);
        expect(offer?.agent.rec.id).toBe(id);
        // An answered contact can only still ring somewhere as a supervisor's transfer.
        if (c?.rec.state === 'connected') expect(offer?.rec.kind).toBe('transferred');
        else expect(c?.rec.state).toBe('offering');
      } else if (w.phase === 'wrap_up') {
        expect(c).toBeUndefined();
      } else {
        expect(c?.rec.state).toBe('connected');
        expect(c?.rec.agentId).toBe(id);
      }
    }
  }
  for (const c of engine.contacts.values()) {
    if (c.rec.state === 'waiting') expect(c.offers.size).toBe(0);
    if (c.rec.state === 'offering') {
      // Exactly one offer, or several ring-all offers to distinct agents.
      const offers = [...c.offers];
      expect(offers.length).toBeGreaterThanOrEqual(1);
      if (offers.length > 1) expect(offers.every((o) => o.rec.kind === 'ring_all')).toBe(true);
      expect(new Set(offers.map((o) => o.agent.rec.id)).size).toBe(offers.length);
    }
    if (c.rec.state === 'connected') {
      // At most one transfer ringing.
      expect(c.offers.size).toBeLessThanOrEqual(1);
        const holders = AGENTS.filter((id) => acd.agentSnapshot(id).work.some((w) => w.contactId === c.rec.id && w.phase !== 'offered'));
      expect(holders).toEqual([c.rec.agentId]);
    }
  }
  // Per-queue counters kept incrementally agree with a recount.
  for (const q of engine.queues.values()) {
    for (const cls of ['voice', 'chat'] as const) {
      const free = [...q.members.keys()].filter((id) => engine.agents.get(id)?.idle[cls]).length;
      expect(q.free[cls], `free ${cls} agents of ${q.config.id}`).toBe(free);
    }
  }
  // Nobody idle while a contact they could take waits (unless they declined it).
  for (const a of engine.agents.values()) {
    for (const cls of ['voice', 'chat'] as const) {
      // Indexed as idle exactly when free for the class.
      expect(a.idle[cls]).toBe(canTake(a.rec, cls, true));
      if (!a.idle[cls]) continue;
      for (const c of engine.contacts.values()) {
        if (c.rec.state !== 'waiting' || c.pool?.cls !== cls) continue;
        const declined = (c.rec.declinedUntil[a.rec.id] ?? 0) > now;
        expect(declined, `agent ${a.rec.id} idle for ${cls} while ${c.rec.id} waits`).toBe(true);
      }
    }
  }
}

async function quiesce(h: Harness, enqueued: string[]): Promise<void> {
  const engine = engineOf(h.acd);
  for (const c of [...engine.contacts.values()]) if (c.rec.state !== 'connected') h.acd.abandon(c.rec.id);
  for (const c of [...engine.contacts.values()]) h.acd.contactEnded(c.rec.id);
  h.clock.advance(60_000);
  checkInvariants(h, enqueued);
  await h.acd.flush();
  expect(engine.contacts.size).toBe(0);
  expect(h.acd.openOffers()).toEqual([]);
  for (const o of h.delivery.delivered) expect(h.store.offers.get(o.id)?.state, `offer ${o.id} never resolved`).not.toBe('open');
  for (const c of h.store.contacts.values()) expect(c.state).toBe('ended');
}

describe('routing under random interleavings', () => {
  it('given any sequence of arrivals, abandons, answers, state changes and restarts then every invariant holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 40 }), async (ops) => {
        const h = harness({ config: { declineCooldownMs: 3000 } });
        setup(h.acd);
        const enqueued: string[] = [];
        for (const op of ops) {
          try {
            await apply(h, op, enqueued);
          } catch (err) {
            if (!isAppError(err)) throw err;
          }
          checkInvariants(h, enqueued);
        }
        await quiesce(h, enqueued);
      }),
      { numRuns: Number(process.env.ACD_RUNS ?? 150) },
    );
  });

  it('given ring-all calls answered, rejected and abandoned in any order then exactly one agent gets each call', async () => {
    const ringOps: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ op: fc.constant('arrive' as const), q: fc.constant(1), media: fc.constant('voice' as const), priority: fc.constant(0) }) },
      { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('accept' as const, 'reject' as const, 'abandon' as const, 'end' as const), k: fc.nat(5), agent: fc.nat(2) }) },
      { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('login' as const, 'logout' as const, 'force_logout' as const), agent: fc.nat(2) }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(1000, 20_000) }) },
      { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(ringOps, { minLength: 5, maxLength: 30 }), async (ops) => {
        const h = harness({ config: { declineCooldownMs: 3000 } });
        setup(h.acd);
        const enqueued: string[] = [];
        for (const op of ops) {
          try {
            await apply(h, op, enqueued);
          } catch (err) {
            if (!isAppError(err)) throw err;
          }
          checkInvariants(h, enqueued);
        }
        await quiesce(h, enqueued);
      }),
      { numRuns: Number(process.env.ACD_RUNS ?? 150) },
    );
  });

  it('given equal priority contacts across queues when agents free up then they are answered in arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ arrive: fc.nat(1) }), fc.record({ answer: fc.nat(2) }), fc.record({ toggle: fc.nat(2) })), { maxLength: 50 }),
        (steps) => {
          const h = harness();
          setup(h.acd);
          let n = 0;
          for (const s of steps) {
            h.clock.advance(100);
            try {
              if ('arrive' in s) h.acd.enqueue({ id: `c${String(++n).padStart(3, '0')}`, media: 'voice', queueId: QUEUES[s.arrive] as string });
              else if ('answer' in s) {
                const o = pick(h.acd.openOffers(), s.answer);
                if (o) {
                  h.acd.acceptOffer(o.id);
                  h.acd.contactEnded(o.contactId);
                }
              } else {
                const id = AGENTS[s.toggle] as string;
                const a = h.acd.agentSnapshot(id);
                if (a.presence === 'logged_out') h.acd.login(id);
                else h.acd.setState(id, a.presence === 'available' ? 'not_ready' : 'available');
              }
            } catch (err) {
              if (!isAppError(err)) throw err;
            }
          }
          const offered = eventsOf(h.events, 'contact.offered').map((e) => e.contactId);
          expect(offered).toEqual([...offered].sort());
        },
      ),
      { numRuns: Number(process.env.ACD_RUNS ?? 150) },
    );
  });
});
