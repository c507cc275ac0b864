import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAppError } from '../../../src/core/errors.js';
import { MEDIA } from '../../../src/core/vocabulary.js';
import type { RoutingService } from '../../../src/acd/routing-service.js';
import { harness, queue, type Harness } from './harness.js';

/**
 * The cheap reads (queueFigures, waitingPage, waitingChats, waitingSince) against the figures the
 * floor used to derive from a full snapshot, after random interleavings of what moves contacts:
 * arrivals with priorities and VIP levels, offers, abandons, calls turned into callbacks,
 * overflow on max wait, supervisors sending answered contacts back, staffing changes, restarts.
 */

const AGENTS = ['a1', 'a2', 'a3'];
const QUEUES = ['q1', 'q2'];

type Op =
  | { op: 'arrive'; q: number; media: 'voice' | 'chat'; priority: number; vip: boolean; earlierMs: number }
  | { op: 'abandon' | 'accept' | 'reject' | 'end' | 'callback' | 'requeue'; k: number }
  | { op: 'advance'; ms: number }
  | { op: 'login' | 'logout' | 'ready' | 'not_ready' | 'wrap_done'; agent: number }
  | { op: 'capacity'; agent: number; n: number }
  | { op: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('arrive' as const),
      q: fc.nat(1),
      media: fc.constantFrom('voice' as const, 'chat' as const),
      priority: fc.nat(2),
      vip: fc.boolean(),
      earlierMs: fc.constantFrom(0, 0, 0, 7_000, 60_000),
    }),
  },
  { weight: 5, arbitrary: fc.record({ op: fc.constantFrom('abandon' as const, 'accept' as const, 'reject' as const, 'end' as const, 'callback' as const, 'requeue' as const), k: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.constantFrom(1000, 5000, 20_000) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constantFrom('login' as const, 'logout' as const, 'ready' as const, 'not_ready' as const, 'wrap_done' as const), agent: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('capacity' as const), agent: fc.nat(2), n: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'restart' as const }) },
);

function setup(acd: RoutingService): void {
  for (const id of AGENTS) acd.upsertAgentProfile({ id, skills: {}, teamIds: ['t1'] });
  // q1 overflows to q2 after 30 s; q2 turns a call waiting 40 s into a callback (virtual hold).
  acd.upsertQueue(queue('q1', AGENTS, { customerLevelPriority: { vip: 50 }, maxWaitMs: 30_000, maxWaitAction: { action: 'queue', target: 'q2' }, offerTimeoutMs: 10_000 }));
  acd.upsertQueue(queue('q2', ['a2', 'a3'], { strategy: 'ring_all', maxWaitMs: 40_000, maxWaitAction: { action: 'callback' }, offerTimeoutMs: 10_000, wrapUpMs: 0 }));
}

function pick<T>(items: T[], k: number): T | undefined {
  return items.length === 0 ? undefined : items[k % items.length];
}

async function apply(h: Harness, op: Op, arrivals: { n: number }): Promise<void> {
  const acd = h.acd;
  const inLine = () => QUEUES.flatMap((q) => acd.queueSnapshot(q).contacts);
  const connected = () => acd.agents().flatMap((a) => a.work.filter((w) => w.phase === 'talking' || w.phase === 'held').map((w) => w.contactId));
  const agent = AGENTS[('agent' in op ? op.agent : 0) % AGENTS.length] as string;
  switch (op.op) {
    case 'arrive': {
      arrivals.n += 1;
      const vip = op.vip ? { customerLevel: 'vip' } : {};
      const at = op.earlierMs > 0 ? { enqueuedAt: h.clock.now() - op.earlierMs } : {};
      acd.enqueue({ id: `c${arrivals.n}`, media: op.media, queueId: QUEUES[op.q] as string, priority: op.priority, attributes: { callerNumber: '+4930123' }, ...vip, ...at });
      return;
    }
    case 'abandon': {
      const c = pick(inLine(), op.k);
      if (c) acd.abandon(c.id);
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
      const id = pick(connected(), op.k);
      if (id) acd.contactEnded(id);
      return;
    }
    case 'callback': {
      const c = pick(inLine().filter((x) => x.media === 'voice'), op.k);
      if (c) acd.convertToCallback(c.id, '+4930999');
      return;
    }
    case 'requeue': {
      const id = pick(connected(), op.k);
      if (id) acd.forceTransfer(id, { queueId: 'q1' }, 'sup');
      return;
    }
    case 'advance':
      h.clock.advance(op.ms);
      return;
    case 'login':
      acd.login(agent, { chatCapacity: 2 });
      return;
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
      h.acd = await h.restart();
      setup(h.acd);
      await h.acd.recover();
      return;
    }
  }
}

/** The figures as the floor derived them before: from a full snapshot of every queue. */
function checkAgainstSnapshots(acd: RoutingService): void {
  const allWaiting = acd.waitingContacts();
  for (const queueId of QUEUES) {
    const snap = acd.queueSnapshot(queueId);
    const figures = acd.queueFigures(queueId);
    const byMedia = Object.fromEntries(MEDIA.map((m) => [m, snap.contacts.filter((c) => c.media === m).length]));
    const oldest = snap.contacts.length === 0 ? null : Math.min(...snap.contacts.map((c) => c.enqueuedAt));
    expect(figures).toEqual({
      queueId,
      waiting: { ...byMedia, total: snap.contacts.length },
      oldestEnqueuedAt: oldest,
      longestWaitMs: snap.contacts.reduce((m, c) => Math.max(m, c.waitedMs), 0),
      staffed: snap.staffed,
      available: snap.available,
    });
    expect(acd.waitingPage(queueId, 3)).toEqual(snap.contacts.slice(0, 3));
  }
  const chats = allWaiting.filter((w) => w.media === 'chat').map(({ media: _m, ...rest }) => rest);
  const byId = (x: { contactId: string }, y: { contactId: string }) => x.contactId.localeCompare(y.contactId);
  expect([...acd.waitingChats()].sort(byId)).toEqual(chats.sort(byId));
  for (const w of allWaiting) expect(acd.waitingSince(w.contactId)).toBe(w.since);
}

describe('queue figures', () => {
  it('given random arrivals, offers, callbacks, overflows, requeues, staffing changes and restarts, when read after every step, then the figures equal those derived from full snapshots', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 60 }), async (ops) => {
        const h = harness();
        setup(h.acd);
        const arrivals = { n: 0 };
        for (const op of ops) {
          try {
            await apply(h, op, arrivals);
          } catch (err) {
            // A refused command (coded error) is an expected outcome of a random step; nothing else is.
            if (!isAppError(err)) throw err;
          }
          checkAgainstSnapshots(h.acd);
        }
        await h.acd.close();
      }),
      { numRuns: 150 },
    );
  });

  it('given a VIP arriving after a regular caller, when the figures are read, then the longest wait is the earlier caller, not the head of the line', () => {
    const h = harness();
    setup(h.acd);
    h.acd.enqueue({ id: 'early', media: 'voice', queueId: 'q1' });
    h.clock.advance(5000);
    h.acd.enqueue({ id: 'vip', media: 'voice', queueId: 'q1', customerLevel: 'vip' });
    h.clock.advance(1000);
    expect(h.acd.queueSnapshot('q1').contacts[0]?.id).toBe('vip');
    expect(h.acd.queueFigures('q1')).toMatchObject({ waiting: { voice: 2, chat: 0, callback: 0, total: 2 }, longestWaitMs: 6000 });
  });

  it('given a waiting call turned into a callback, when the figures are read, then it counts as a callback and keeps its wait', () => {
    const h = harness();
    setup(h.acd);
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q1' });
    h.clock.advance(2000);
    h.acd.convertToCallback('c1', '+4930999');
    expect(h.acd.queueFigures('q1')).toMatchObject({ waiting: { voice: 0, chat: 0, callback: 1, total: 1 }, longestWaitMs: 2000 });
  });

  it('given an empty queue with a logged-in agent, when the figures are read, then nobody waits and the agent is staffed and available', () => {
    const h = harness();
    setup(h.acd);
    h.acd.login('a1', { chatCapacity: 2 });
    expect(h.acd.queueFigures('q1')).toEqual({
      queueId: 'q1',
      waiting: { voice: 0, chat: 0, callback: 0, total: 0 },
      oldestEnqueuedAt: null,
      longestWaitMs: 0,
      staffed: { voice: 1, chat: 2 },
      available: { voice: 1, chat: 1 },
    });
  });

  it('given an unknown queue, when its figures are read, then it is refused as not found', () => {
    const h = harness();
    expect(() => h.acd.queueFigures('nope')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
