import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { harness, queue } from './harness.js';

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** A disabled queue drains: it serves who already waits and takes nobody new, whichever way they come. */
describe('a disabled queue', () => {
  it('given a contact waiting when the queue is disabled then a new arrival is refused with QUEUE_DISABLED and the waiting one is still served', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1']));
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.acd.upsertQueue(queue('sales', ['a1'], { disabled: true }));
    const err = refusal(() => h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'sales' }));
    expect(isAppError(err, 'QUEUE_DISABLED')).toBe(true);
    expect(h.acd.queueSnapshot('sales').contacts.map((c) => c.id)).toEqual(['c1']);
    h.acd.login('a1');
    expect(h.delivery.delivered.map((o) => o.contactId)).toEqual(['c1']);
  });

  it('given an agent talking when a supervisor force-transfers the contact into a disabled queue then it is refused and the contact stays with the agent', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1']));
    h.acd.upsertQueue(queue('drained', [], { disabled: true }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    const err = refusal(() => h.acd.forceTransfer('c1', { queueId: 'drained' }, 'sup'));
    expect(isAppError(err, 'QUEUE_DISABLED')).toBe(true);
    expect(h.acd.contact('c1')).toMatchObject({ state: 'connected', agentId: 'a1' });
  });

  it('given a full queue that overflows into a disabled one when a contact arrives then it is turned away as at a closed door, not queued there', () => {
    const h = harness();
    h.acd.upsertQueue(queue('drained', [], { disabled: true }));
    h.acd.upsertQueue(queue('sales', [], { maxSize: 0, fullAction: { action: 'queue', target: 'drained' } }));
    const r = h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    expect(r).toMatchObject({ status: 'exited', queueId: 'drained', reason: 'closed' });
    expect(h.acd.queueSnapshot('drained').contacts).toEqual([]);
  });
});
