import { describe, expect, it } from 'vitest';
import { harness, queue } from './harness.js';

/** a1 talks to c1; c2 (voice) and c3 (callback) wait; then the daemon restarts and c4 calls in. */
async function restartedCenter() {
  const h = harness();
  h.acd.upsertQueue(queue('q', ['a1']));
  h.acd.login('a1');
  h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
  h.acd.acceptOffer(h.delivery.lastFor('a1').id);
  h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });
  h.acd.enqueue({ id: 'c3', media: 'callback', queueId: 'q', callbackNumber: '+15550100' });
  const next = await h.restart();
  next.upsertQueue(queue('q', ['a1']));
  await next.recover();
  next.enqueue({ id: 'c4', media: 'voice', queueId: 'q' });
  const waiting = () => next.liveForRealtime().waiting.map((w) => w.contactId);
  const talking = () => next.agentSnapshot('a1').work.filter((w) => w.phase === 'talking').map((w) => w.contactId);
  return { next, waiting, talking };
}

describe('routing service restart policy', () => {
  it('given voice contacts of the previous run no call owns when the policy runs then they are closed, the callback keeps its place and the new caller is untouched', async () => {
    const { next, waiting, talking } = await restartedCenter();
    expect(waiting()).toEqual(['c2', 'c3', 'c4']);
    expect(talking()).toEqual(['c1']);

    const closed = next.closeUnownedAfterRestart(() => false);

    expect(closed).toBe(2);
    expect(waiting()).toEqual(['c3', 'c4']);
    expect(talking()).toEqual([]);
  });

  it('given contacts of the previous run whose calls were re-adopted when the policy runs then nothing is closed', async () => {
    const { next, waiting, talking } = await restartedCenter();

    const closed = next.closeUnownedAfterRestart((contactId) => contactId === 'c1' || contactId === 'c2');

    expect(closed).toBe(0);
    expect(waiting()).toEqual(['c2', 'c3', 'c4']);
    expect(talking()).toEqual(['c1']);
  });
});
