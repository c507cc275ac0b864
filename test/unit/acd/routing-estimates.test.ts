import { describe, expect, it } from 'vitest';
import { harness, queue } from './harness.js';

describe('estimated wait', () => {
  it('given more handled contacts than samples kept when a caller waits then the average and estimate use the most recent ones only', () => {
    const h = harness({ config: { handleTimeSamples: 2, defaultHandleTimeMs: 1000 } });
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.login('a1');
    expect(h.acd.queueSnapshot('q').averageHandleMs).toBe(1000);
    for (const [id, ms] of [['c1', 10_000], ['c2', 20_000], ['c3', 40_000]] as const) {
      h.acd.enqueue({ id, media: 'voice', queueId: 'q' });
      h.acd.acceptOffer(h.delivery.lastFor('a1').id);
      h.clock.advance(ms);
      h.acd.contactEnded(id);
    }
    // c1's 10 s has dropped out: (20 + 40) / 2.
    expect(h.acd.queueSnapshot('q').averageHandleMs).toBe(30_000);
    h.acd.setState('a1', 'not_ready', { reason: 'break' });
    h.acd.enqueue({ id: 'w1', media: 'voice', queueId: 'q' });
    const r = h.acd.enqueue({ id: 'w2', media: 'voice', queueId: 'q' });
    // Second in line, nobody free, one staffed agent: 2 x 30 s.
    expect(r).toMatchObject({ status: 'waiting', position: 2, estimatedWaitMs: 60_000 });
  });
});
