import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { harness, queue } from './harness.js';

/** A contact enqueued for one named agent (a transfer to an agent) is one command. */
describe('targeted enqueue', () => {
  it('given a1 idle longest and a2 available when a contact is enqueued for a2 then only a2 is offered it, in the same command', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1', 'a2']));
    h.acd.login('a1', { phone: 'sip-a1' });
    h.clock.advance(1_000);
    h.acd.login('a2', { phone: 'sip-a2' });
    const r = h.acd.enqueue({ id: 'c1:2', media: 'voice', queueId: 'sales', targetAgentId: 'a2' });
    expect(r.status).toBe('waiting');
    expect(h.delivery.delivered.map((o) => [o.contactId, o.agentId, o.kind])).toEqual([['c1:2', 'a2', 'assigned']]);
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
    h.acd.acceptOffer(h.delivery.lastFor('a2').id);
    expect(h.acd.contact('c1:2')).toMatchObject({ state: 'connected', agentId: 'a2' });
  });

  it('given the named agent is logged out when a contact is enqueued for them then it is refused with a coded error and nothing is queued', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a1', 'a2']));
    h.acd.login('a1');
    h.acd.login('a2');
    h.acd.logout('a2');
    let refused: unknown;
    try {
      h.acd.enqueue({ id: 'c1:2', media: 'voice', queueId: 'sales', targetAgentId: 'a2' });
    } catch (err) {
      refused = err;
    }
    expect(isAppError(refused, 'INVALID_TRANSITION')).toBe(true);
    expect(h.delivery.delivered).toEqual([]);
    expect(h.acd.queueSnapshot('sales').contacts).toEqual([]);
    expect(() => h.acd.contact('c1:2')).toThrow(/c1:2/);
    await h.acd.flush();
    expect(h.store.contacts.has('c1:2')).toBe(false);
  });

  it('given the named agent is on another call when a contact is enqueued for them then it is refused as over capacity', () => {
    const h = harness();
    h.acd.upsertQueue(queue('sales', ['a2']));
    h.acd.login('a2');
    h.acd.enqueue({ id: 'c0', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a2').id);
    expect(() => h.acd.enqueue({ id: 'c1:2', media: 'voice', queueId: 'sales', targetAgentId: 'a2' })).toThrow(/no free voice slot/);
  });
});
