import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { eventsOf, harness, queue } from './harness.js';

describe('removing configuration live', () => {
  it('given a deleted queue with an overflow queue when removed then its waiting contacts move there in order and its offer is withdrawn', () => {
    const h = harness();
    h.acd.upsertQueue(queue('old', ['a1'], { fullAction: { action: 'queue', target: 'new' } }));
    h.acd.upsertQueue(queue('new', ['a2']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'old' });
    h.clock.advance(1000);
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'old' });
    h.clock.advance(1000);
    h.acd.enqueue({ id: 'c3', media: 'voice', queueId: 'new' });
    const ringing = h.delivery.lastFor('a1');
    expect(ringing.contactId).toBe('c1');

    h.acd.removeQueue('old');

    expect(h.delivery.withdrawn).toEqual([expect.objectContaining({ offer: expect.objectContaining({ id: ringing.id }), reason: 'queue_removed' })]);
    expect(eventsOf(h.events, 'contact.overflowed').map((e) => [e.contactId, e.toQueueId])).toEqual([
      ['c1', 'new'],
      ['c2', 'new'],
    ]);
    // They keep their first arrival time, so they stay ahead of the one that arrived later.
    expect(h.acd.queueSnapshot('new').contacts.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(() => h.acd.queueSnapshot('old')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
    h.acd.login('a2');
    expect(h.delivery.lastFor('a2').contactId).toBe('c1');
  });

  it('given a deleted queue without overflow when removed then waiting contacts exit with reason removed through its closed action and a connected one ends normally', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { closedAction: { action: 'voicemail' } }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'talking', media: 'voice', queueId: 'q' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.enqueue({ id: 'waiting', media: 'voice', queueId: 'q' });

    h.acd.removeQueue('q');

    expect(h.delivery.exits).toEqual([expect.objectContaining({ queueId: 'q', reason: 'removed', action: { action: 'voicemail' }, contact: expect.objectContaining({ id: 'waiting' }) })]);
    expect(eventsOf(h.events, 'contact.exited')).toEqual([expect.objectContaining({ contactId: 'waiting', reason: 'removed', action: 'voicemail' })]);
    expect(h.acd.contact('talking').state).toBe('connected');
    h.acd.contactEnded('talking');
    expect(h.acd.agentSnapshot('a1').state).toBe('available');
  });

  it('given a removed queue when removed again or used then nothing changes or NOT_FOUND is raised', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', []));
    h.acd.removeQueue('q');
    h.acd.removeQueue('q');
    h.acd.removeQueue('never-existed');
    let code: string | undefined;
    try {
      h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    } catch (err) {
      code = isAppError(err) ? err.code : undefined;
    }
    expect(code).toBe('NOT_FOUND');
  });

  it('given a deleted agent ringing when removed then the contact goes back to its place and the next agent gets it', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1', 'a2']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    const offer = h.delivery.lastFor('a1');

    h.acd.removeAgent('a1');

    expect(h.delivery.withdrawn).toEqual([expect.objectContaining({ offer: expect.objectContaining({ id: offer.id }), reason: 'agent_removed' })]);
    expect(h.acd.agentSnapshot('a1').state).toBe('logged_out');
    expect(h.acd.contact('c1').state).toBe('waiting');
    expect(h.acd.queueSnapshot('q').staffed.voice).toBe(0);
    h.acd.login('a2');
    expect(h.delivery.lastFor('a2').contactId).toBe('c1');
    expect(() => h.acd.login('a1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('given a deleted agent on a call when removed then it keeps the call until it ends, then is logged out without wrap-up', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1'], { wrapUpMs: 30_000 }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'q' });

    h.acd.removeAgent('a1');

    expect(h.acd.agentSnapshot('a1').state).toBe('on_contact');
    expect(h.acd.contact('c1')).toMatchObject({ state: 'connected', agentId: 'a1' });
    h.clock.advance(5000);
    h.acd.contactEnded('c1');
    expect(h.acd.agentSnapshot('a1').state).toBe('logged_out');
    // The waiting contact never reaches the removed agent.
    expect(h.delivery.delivered.filter((o) => o.contactId === 'c2')).toEqual([]);
    expect(h.acd.contact('c2').state).toBe('waiting');
  });

  it('given a removed agent when its profile is configured again then it may log in and receive contacts', () => {
    const h = harness();
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.removeAgent('a1');
    h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: [] });
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q' });
    expect(h.delivery.lastFor('a1').contactId).toBe('c1');
  });

  it('given removals when the engine restarts then the exited contact stays gone and the waiting one keeps its queue', async () => {
    const h = harness();
    h.acd.upsertQueue(queue('old', []));
    h.acd.upsertQueue(queue('q', ['a1']));
    h.acd.enqueue({ id: 'gone', media: 'voice', queueId: 'old' });
    h.acd.enqueue({ id: 'stays', media: 'voice', queueId: 'q' });
    h.acd.removeQueue('old');
    const next = await h.restart();
    next.upsertQueue(queue('q', ['a1']));
    await next.recover();
    expect(() => next.contact('gone')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(next.queueSnapshot('q').contacts.map((c) => c.id)).toEqual(['stays']);
  });
});
