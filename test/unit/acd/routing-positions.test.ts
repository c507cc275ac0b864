import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RoutingEngine } from '../../../src/acd/routing-engine.js';
import type { RoutingService } from '../../../src/acd/routing-service.js';
import { harness, queue, type Harness } from './harness.js';

/**
 * Positions in line as callers hear them (enqueue, position) and supervisors see them (queue
 * snapshots), against a reference that sorts the waiting contacts by rank and arrival sequence.
 */

const AGENTS = ['a1', 'a2'];
const QUEUES = ['q1', 'q2'];

function engineOf(acd: RoutingService): RoutingEngine {
  return (acd as unknown as { engine: RoutingEngine }).engine;
}

function setup(acd: RoutingService): void {
  for (const id of AGENTS) acd.upsertAgentProfile({ id, skills: {}, teamIds: [] });
  acd.upsertQueue(queue('q1', AGENTS, { customerLevelPriority: { vip: 50 }, offerTimeoutMs: 10_000 }));
  acd.upsertQueue(queue('q2', AGENTS, { priority: 1, offerTimeoutMs: 10_000 }));
}

/** The reference: every contact in the queue's line (waiting or ringing), sorted. */
function expectedLine(acd: RoutingService, queueId: string): string[] {
  return [...engineOf(acd).contacts.values()]
    .filter((c) => c.rec.queueId === queueId && (c.rec.state === 'waiting' || c.rec.state === 'offering'))
    .sort((x, y) => x.rec.rank - y.rec.rank || x.rec.seq - y.rec.seq)
    .map((c) => c.rec.id);
}

function checkPositions(acd: RoutingService): void {
  for (const q of QUEUES) {
    const expected = expectedLine(acd, q);
    const snapshot = acd.queueSnapshot(q).contacts;
    expect(snapshot.map((c) => c.id)).toEqual(expected);
    expect(snapshot.map((c) => c.position)).toEqual(expected.map((_, i) => i + 1));
    expected.forEach((id, i) => expect(acd.position(id)).toMatchObject({ contactId: id, queueId: q, position: i + 1 }));
  }
}

describe('positions in line', () => {
  it('given callers, a VIP and a priority caller, when one in the middle abandons, then everyone behind moves up and a snapshot lists the same order', () => {
    const h = harness();
    setup(h.acd);
    expect(h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q1' })).toMatchObject({ position: 1 });
    h.clock.advance(1000);
    expect(h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q1' })).toMatchObject({ position: 2 });
    h.clock.advance(1000);
    // 50 priority points of a VIP are worth far more than two seconds of waiting.
    expect(h.acd.enqueue({ id: 'vip', media: 'voice', queueId: 'q1', customerLevel: 'vip' })).toMatchObject({ position: 1 });
    h.clock.advance(1000);
    // One priority point is worth 10 s of waiting by default: ahead of c1 and c2, who came 3 and 2 s earlier.
    expect(h.acd.enqueue({ id: 'p1', media: 'voice', queueId: 'q1', priority: 1 })).toMatchObject({ position: 2 });
    expect(['vip', 'p1', 'c1', 'c2'].map((id) => h.acd.position(id).position)).toEqual([1, 2, 3, 4]);
    h.acd.abandon('c1');
    expect(h.acd.position('c2').position).toBe(3);
    expect(h.acd.queueSnapshot('q1').contacts.map((c) => [c.id, c.position])).toEqual([
      ['vip', 1],
      ['p1', 2],
      ['c2', 3],
    ]);
  });

  it('given an answered caller sent back into the queue, when others arrived meanwhile, then it is ahead of them by its first arrival', () => {
    const h = harness();
    setup(h.acd);
    h.acd.login('a1');
    h.acd.enqueue({ id: 'first', media: 'voice', queueId: 'q1' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.clock.advance(5000);
    h.acd.enqueue({ id: 'later1', media: 'voice', queueId: 'q1' });
    h.acd.enqueue({ id: 'later2', media: 'voice', queueId: 'q1' });
    h.acd.forceTransfer('first', { queueId: 'q1' }, 'sup');
    // a1 sent it away (held back from a1 for the cool-down; a2 is not logged in): it waits, at the head by its first arrival.
    expect(h.acd.position('first').position).toBe(1);
    expect(h.acd.queueSnapshot('q1').contacts.map((c) => c.id)).toEqual(['first', 'later1', 'later2']);
  });

  it('given a contact that is not in line, when its position is asked, then CONTACT_NOT_WAITING', () => {
    const h = harness();
    setup(h.acd);
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q1' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    expect(() => h.acd.position('c1')).toThrow(expect.objectContaining({ code: 'CONTACT_NOT_WAITING' }));
  });

  type Op =
    | { op: 'arrive'; q: number; priority: number; vip: boolean; media: 'voice' | 'chat' }
    | { op: 'abandon' | 'accept' | 'reject' | 'end' | 'requeue'; k: number; q: number }
    | { op: 'advance'; ms: number }
    | { op: 'login' | 'ready' | 'not_ready'; agent: number }
    | { op: 'restart' };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ op: fc.constant('arrive' as const), q: fc.nat(1), priority: fc.constantFrom(0, 0, 1, 2), vip: fc.boolean(), media: fc.constantFrom('voice' as const, 'chat' as const) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('abandon' as const, 'accept' as const, 'reject' as const, 'end' as const, 'requeue' as const), k: fc.nat(10), q: fc.nat(1) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(500, 5000, 30_000) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('login' as const, 'ready' as const, 'not_ready' as const), agent: fc.nat(1) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
  );

  async function apply(h: Harness, op: Op, next: () => string): Promise<void> {
    const acd = h.acd;
    const contacts = [...engineOf(acd).contacts.values()];
    const pick = <T>(xs: T[], k: number): T | undefined => (xs.length === 0 ? undefined : xs[k % xs.length]);
    switch (op.op) {
      case 'arrive': {
        const id = next();
        const r = acd.enqueue({ id, media: op.media, queueId: QUEUES[op.q] as string, priority: op.priority, ...(op.vip ? { customerLevel: 'vip' } : {}) });
        // What the caller is told on arrival is the place it holds once the command is done (an offer keeps it in line).
        if (r.status === 'waiting') expect(r.position).toBe(acd.position(id).position);
        return;
      }
      case 'abandon': {
        const c = pick(contacts.filter((x) => x.rec.state !== 'connected'), op.k);
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
        const c = pick(contacts.filter((x) => x.rec.state === 'connected'), op.k);
        if (c) acd.contactEnded(c.rec.id);
        return;
      }
      case 'requeue': {
        const c = pick(contacts.filter((x) => x.rec.state === 'connected' && x.offers.size === 0), op.k);
        if (c) acd.forceTransfer(c.rec.id, { queueId: QUEUES[op.q] as string }, 'sup');
        return;
      }
      case 'advance':
        h.clock.advance(op.ms);
        return;
      case 'login':
        acd.login(AGENTS[op.agent] as string, { chatCapacity: 1 });
        return;
      case 'ready':
      case 'not_ready': {
        const agent = AGENTS[op.agent] as string;
        if (acd.agentSnapshot(agent).presence === 'logged_out') return;
        if (op.op === 'ready') acd.setState(agent, 'available');
        else acd.setState(agent, 'not_ready', { reason: 'break' });
        return;
      }
      case 'restart': {
        h.acd = await h.restart();
        setup(h.acd);
        await h.acd.recover();
        return;
      }
    }
  }

  it('given random arrivals with priorities and VIPs, abandons, offers, transfers back into a queue and restarts, then every position and snapshot matches a sorted reference', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 60 }), async (ops) => {
        const h = harness();
        setup(h.acd);
        let n = 0;
        const next = () => `c${++n}`;
        for (const op of ops) {
          try {
            await apply(h, op, next);
          } catch (err) {
            // Refusals (a busy agent, a login twice) are outcomes the engine reports; anything else is a failure.
            const code = (err as { code?: string }).code;
            if (!['INVALID_TRANSITION', 'CAPACITY_EXCEEDED', 'CONFLICT', 'CONTACT_NOT_WAITING'].includes(code ?? '')) throw err;
          }
          checkPositions(h.acd);
        }
        await h.acd.close();
      }),
      { numRuns: 60 },
    );
  });
});
