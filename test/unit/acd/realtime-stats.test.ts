import { describe, expect, it } from 'vitest';
import { foldRealtime, RealtimeStats } from '../../../src/acd/realtime-stats.js';
import { harness, queue } from './harness.js';

describe('real-time view folded from events', () => {
  it('given a day of calls when folded then waiting, answered, abandoned, service level and averages are right', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1', 'a2'], { offerTimeoutMs: 60_000 }));
    h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: ['t1'] });
    h.acd.upsertAgentProfile({ id: 'a2', skills: {}, teamIds: ['t1'] });
    const start = h.clock.now();
    h.acd.login('a1');
    h.acd.login('a2', { state: 'not_ready', reason: 'lunch' });
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' }); // offered to a1 at once
    h.clock.advance(10_000);
    h.acd.acceptOffer(h.delivery.lastFor('a1').id); // answered after 10 s (within 20 s)
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'sales' });
    h.acd.enqueue({ id: 'c3', media: 'voice', queueId: 'sales' });
    h.clock.advance(30_000);
    h.acd.abandon('c3');
    h.clock.advance(50_000);
    h.acd.contactEnded('c1'); // handled 80 s; c2 now offered to a1
    h.clock.advance(5_000);
    h.acd.acceptOffer(h.delivery.lastFor('a1').id); // c2 answered after 85 s

    const view = foldRealtime(h.events, h.clock.now(), { queuesOf: (id) => h.acd.memberQueues(id) });
    const sales = view.queues.find((q) => q.queueId === 'sales');
    expect(sales).toMatchObject({ offered: 3, answered: 2, abandoned: 1, waiting: 0, handled: 1, averageHandleMs: 80_000, averageWaitMs: (10_000 + 85_000) / 2 });
    expect(sales?.serviceLevel).toBeCloseTo(1 / 3);
    expect(sales?.agentsByState).toEqual({ on_contact: 1, not_ready: 1 });
    expect(sales?.notReadyByReason).toEqual({ lunch: 1 });
    const team = view.teams.find((t) => t.teamId === 't1');
    expect(team).toMatchObject({ answered: 2, handled: 1, averageHandleMs: 80_000, agentsByState: { on_contact: 1, not_ready: 1 } });
    expect(view.day).toBe(new Date(start).toISOString().slice(0, 10));
  });

  it('given contacts waiting when viewed later then the longest wait grows with time and counts the first queue', () => {
    const h = harness();
    h.acd.upsertQueue(queue('a', [], { relaxation: [{ afterMs: 60_000, overflowToQueueId: 'b' }] }));
    h.acd.upsertQueue(queue('b', []));
    h.acd.enqueue({ id: 'c1', media: 'chat', queueId: 'a' });
    h.clock.advance(90_000);
    const stats = new RealtimeStats();
    for (const e of h.events) stats.apply(e);
    const view = stats.view(h.clock.now());
    expect(view.queues.find((q) => q.queueId === 'a')).toMatchObject({ waiting: 0, offered: 1 });
    expect(view.queues.find((q) => q.queueId === 'b')).toMatchObject({ waiting: 1, longestWaitMs: 90_000 });
  });

  it('given events of a new day when applied then the day counters restart but the live picture stays', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', []));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
    h.acd.abandon('c1');
    h.clock.advance(24 * 3600_000);
    h.acd.enqueue({ id: 'c3', media: 'voice', queueId: 'q' });
    const view = foldRealtime(h.events, h.clock.now());
    expect(view.queues[0]).toMatchObject({ offered: 1, abandoned: 0, waiting: 2 });
  });

  it('given a restart when seeded from the routing service then agents and waiting contacts are back', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: ['t9'] });
    h.acd.login('a1', { state: 'not_ready', reason: 'training' });
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const next = await h.restart();
    next.upsertQueue(queue('q', ['a1']));
    next.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: ['t9'] });
    await next.recover();
    const stats = new RealtimeStats({ queuesOf: (id) => next.memberQueues(id) });
    stats.seed(next.liveForRealtime());
    h.clock.advance(5000);
    const view = stats.view(h.clock.now());
    expect(view.queues[0]).toMatchObject({ queueId: 'q', waiting: 1, longestWaitMs: 5000, agentsByState: { not_ready: 1 }, notReadyByReason: { training: 1 } });
    expect(view.teams[0]).toMatchObject({ teamId: 't9', agentsByState: { not_ready: 1 } });
  });
});
