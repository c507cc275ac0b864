/**
 * Issue 11: a supervisor's force-transfer moves a call by the call's own transfer, and every
 * refusal is given by the routing engine before any media moves (a disabled queue, a busy or
 * logged-out agent, the same agent): nothing is transferred, the contact stays with its agent.
 */
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { forceTransferContact, type CallMover } from '../../../src/supervision/contact-transfer.js';
import { harness, queue } from '../acd/harness.js';

function setUp() {
  const h = harness();
  h.acd.upsertQueue(queue('sales', ['a1', 'a2', 'a3']));
  h.acd.upsertQueue(queue('drained', [], { disabled: true }));
  h.acd.upsertQueue(queue('support', []));
  h.acd.login('a1');
  h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
  h.acd.acceptOffer(h.delivery.lastFor('a1').id);
  const moved: { contactId: string; target: unknown }[] = [];
  const calls: CallMover = {
    forceTransferContact: (contactId, target) => {
      moved.push({ contactId, target });
      return true;
    },
  };
  return { h, calls, moved };
}

function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a refusal');
}

describe('force-transfer of a contact', () => {
  it('given a1 talking and a2 available when the supervisor moves the call to a2 then the call is transferred and the engine offers nothing itself', () => {
    const { h, calls, moved } = setUp();
    h.acd.login('a2');
    h.acd.setState('a2', 'available');
    const offer = forceTransferContact(h.acd, calls, 'c1', { agentId: 'a2' }, 'sup');
    expect(offer).toBeNull();
    expect(moved).toEqual([{ contactId: 'c1', target: { kind: 'agent', agentId: 'a2' } }]);
  });

  it.each([
    ['a disabled queue', { queueId: 'drained' }, 'QUEUE_DISABLED'],
    ['the agent who has it', { agentId: 'a1' }, 'CONFLICT'],
    ['a logged-out agent', { agentId: 'a3' }, 'INVALID_TRANSITION'],
    ['an unknown queue', { queueId: 'nowhere' }, 'NOT_FOUND'],
  ] as const)('given a1 talking when the supervisor moves the call to %s then it is refused with %s before the call moves', (_what, target, code) => {
    const { h, calls, moved } = setUp();
    const err = refusal(() => forceTransferContact(h.acd, calls, 'c1', target, 'sup'));
    expect(isAppError(err, code)).toBe(true);
    expect(moved).toEqual([]);
    expect(h.acd.contact('c1')).toMatchObject({ state: 'connected', agentId: 'a1' });
  });

  it('given a2 busy on a call of their own when the supervisor moves a1 call to a2 then CAPACITY_EXCEEDED and nothing moves', () => {
    const { h, calls, moved } = setUp();
    h.acd.login('a2');
    h.acd.setState('a2', 'available');
    h.acd.enqueue({ id: 'c2', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a2').id);
    h.acd.setState('a2', 'not_ready', { reason: 'meal' });
    const err = refusal(() => forceTransferContact(h.acd, calls, 'c1', { agentId: 'a2' }, 'sup'));
    expect(isAppError(err, 'CAPACITY_EXCEEDED')).toBe(true);
    expect(moved).toEqual([]);
  });

  it('given a chat with a2 when the supervisor moves it through the contact route then CONTACT_IS_CHAT and the chat stays with a2', () => {
    const { h, calls, moved } = setUp();
    h.acd.upsertQueue(queue('web', ['a2']));
    h.acd.login('a2', { state: 'available', chatCapacity: 2 });
    h.acd.enqueue({ id: 'chat1', media: 'chat', queueId: 'web' });
    h.acd.acceptOffer(h.delivery.lastFor('a2').id);
    const err = refusal(() => forceTransferContact(h.acd, calls, 'chat1', { queueId: 'support' }, 'sup'));
    expect(isAppError(err, 'CONTACT_IS_CHAT')).toBe(true);
    expect(moved).toEqual([]);
    expect(h.acd.contact('chat1')).toMatchObject({ state: 'connected', agentId: 'a2' });
  });

  it('given a contact no live call carries when the supervisor moves it into a queue then the engine moves it alone', () => {
    const { h } = setUp();
    const none: CallMover = { forceTransferContact: () => false };
    expect(forceTransferContact(h.acd, none, 'c1', { queueId: 'support' }, 'sup')).toBeNull();
    expect(h.acd.contact('c1')).toMatchObject({ state: 'waiting', queueId: 'support' });
  });
});
