import { describe, expect, it } from 'vitest';
import { replayDay, startOfDay, zonedDayOf } from '../../../src/acd/realtime-seed.js';
import { RealtimeStats } from '../../../src/acd/realtime-stats.js';
import { harness, queue } from './harness.js';

describe("rebuilding the day's real-time figures from stored contacts", () => {
  it('given a day of answered, abandoned, cancelled and waiting contacts when replayed from the store then the figures equal the live fold', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1'], { offerTimeoutMs: 60_000 }));
    h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: ['t1'] });
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.clock.advance(10_000);
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'sales' });
    h.acd.enqueue({ id: 'c3', media: 'voice', queueId: 'sales' });
    h.acd.enqueue({ id: 'c4', media: 'voice', queueId: 'sales' });
    h.clock.advance(30_000);
    h.acd.abandon('c3');
    h.acd.cancel('c4', 'test');
    h.clock.advance(50_000);
    h.acd.contactEnded('c1');
    h.clock.advance(25_000);
    h.acd.acceptOffer(h.delivery.lastFor('a1').id); // c2 after 105 s: outside the service level
    h.acd.enqueue({ id: 'c5', media: 'voice', queueId: 'sales' });
    h.clock.advance(7_000);
    await h.acd.flush();
    const opts = { queuesOf: (id: string) => h.acd.memberQueues(id) };
    const live = new RealtimeStats(opts);
    for (const e of h.events) live.apply(e);

    const rebuilt = new RealtimeStats(opts);
    rebuilt.seed(h.acd.liveForRealtime());
    replayDay(rebuilt, await h.store.contactsSince(0));

    const now = h.clock.now();
    expect(rebuilt.view(now)).toEqual(live.view(now));
    expect(rebuilt.view(now).queues[0]).toMatchObject({ offered: 5, answered: 2, abandoned: 1, answeredInSl: 1, handled: 1, waiting: 1, longestWaitMs: 7_000 });
    expect(rebuilt.view(now).teams[0]).toMatchObject({ teamId: 't1', answered: 2, handled: 1 });
  });

  it('given a contact that ended yesterday and one enqueued yesterday but answered today when replayed then only today counts, with the whole wait', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { offerTimeoutMs: 3_600_000 }));
    h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: [] });
    const dayStart = startOfDay('UTC', h.clock.now()) + 86_400_000;
    h.clock.advance(dayStart - 60_000 - h.clock.now());
    h.acd.enqueue({ id: 'old', media: 'voice', queueId: 'q' });
    h.acd.abandon('old');
    h.acd.enqueue({ id: 'late', media: 'voice', queueId: 'q' });
    h.clock.advance(90_000);
    h.acd.login('a1');
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    await h.acd.flush();

    const rebuilt = new RealtimeStats({ dayOf: zonedDayOf('UTC') });
    replayDay(rebuilt, await h.store.contactsSince(dayStart));
    const view = rebuilt.view(h.clock.now());
    expect(view.queues.find((q) => q.queueId === 'q')).toMatchObject({ offered: 0, answered: 1, abandoned: 0, waitMsTotal: 90_000 });
  });

  it('given a center east of UTC when the day starts then the center midnight is the boundary, not UTC midnight', () => {
    const at = Date.UTC(2026, 5, 1, 22, 30); // 00:30 on 2 June in Berlin (summer, UTC+2)
    expect(startOfDay('Europe/Berlin', at)).toBe(Date.UTC(2026, 5, 1, 22, 0));
    expect(zonedDayOf('Europe/Berlin')(at)).toBe('2026-06-02');
    expect(zonedDayOf('UTC')(at)).toBe('2026-06-01');
  });
});
