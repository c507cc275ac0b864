/**
 * Waiting visitors' places in line: what the routing engine's events change, pushed once per
 * batch of changes, only when the position (or whether a wait estimate exists) changed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { QueuePlace } from '../../../src/chat/ports.js';
import { QueuePositions, type QueuedFrame } from '../../../src/chat/queue-positions.js';
import type { DomainEvent } from '../../../src/core/events.js';

/** The engine's lines as plain lists (first = next), and the deferred flushes run by hand. */
class World {
  lines = new Map<string, string[]>();
  estimate: number | null = 60_000;
  readonly sent: { chatId: string; frame: QueuedFrame }[] = [];
  private deferred: (() => void)[] = [];
  readonly positions = new QueuePositions({
    position: (chatId) => this.place(chatId),
    waiting: () => [...this.lines.entries()].flatMap(([queueId, ids]) => ids.map((id) => ({ id, queueId: this.home.get(id) ?? queueId }))),
    emit: (chatId, frame) => this.sent.push({ chatId, frame }),
    defer: (run) => this.deferred.push(run),
    queuesOf: (agentId) => this.serves.get(agentId) ?? [],
  });
  /** The queues each agent serves. */
  readonly serves = new Map<string, string[]>([['ag', ['q1']]]);
  /** The queue a chat's own record names (it stays the first after an overflow). */
  readonly home = new Map<string, string>();

  place(chatId: string): QueuePlace | undefined {
    for (const ids of this.lines.values()) {
      const i = ids.indexOf(chatId);
      if (i >= 0) return { position: i + 1, estimatedWaitMs: this.estimate === null ? null : this.estimate * (i + 1) };
    }
    return undefined;
  }
  event(e: Omit<DomainEvent, 'at' | 'scope'> & Record<string, unknown>): void {
    this.positions.onEvent({ at: 0, scope: {}, ...e } as DomainEvent);
  }
  /** The batch of changes is over. */
  settle(): void {
    for (const run of this.deferred.splice(0)) run();
  }
  told(chatId: string): number[] {
    return this.sent.filter((s) => s.chatId === chatId).map((s) => s.frame.position);
  }
}

describe('queue positions', () => {
  let w: World;
  beforeEach(() => {
    w = new World();
    w.lines.set('q1', ['a', 'b', 'c']);
    w.lines.set('q2', ['x']);
    w.positions.changed('q1');
    w.positions.changed('q2');
    w.settle();
  });

  it('given three waiting when the first is answered then those behind are told their new place with the estimate, and nobody else', () => {
    w.lines.set('q1', ['b', 'c']);
    w.event({ type: 'contact.accepted', contactId: 'a', offerId: 'o', agentId: 'ag', queueId: 'q1' });
    w.settle();
    expect(w.sent.slice(4)).toEqual([
      { chatId: 'b', frame: { type: 'queued', position: 1, estimatedWaitSec: 60 } },
      { chatId: 'c', frame: { type: 'queued', position: 2, estimatedWaitSec: 120 } },
    ]);
    expect(w.told('x')).toEqual([1]);
  });

  it('given a priority contact entering ahead when the batch ends then those it passed are told they moved back', () => {
    w.lines.set('q1', ['a', 'vip', 'b', 'c']);
    w.event({ type: 'contact.enqueued', contactId: 'vip', queueId: 'q1', media: 'chat', priority: 10 });
    w.event({ type: 'contact.position', contactId: 'vip', queueId: 'q1', position: 2, estimatedWaitMs: 1 });
    w.settle();
    expect(w.told('a')).toEqual([1]);
    expect(w.told('b')).toEqual([2, 3]);
    expect(w.told('c')).toEqual([3, 4]);
    expect(w.told('vip')).toEqual([2]);
  });

  it('given several changes in one batch when it ends then each visitor gets one frame with the final place', () => {
    w.lines.set('q1', ['c']);
    w.event({ type: 'contact.accepted', contactId: 'a', offerId: 'o1', agentId: 'ag', queueId: 'q1' });
    w.event({ type: 'contact.abandoned', contactId: 'b', queueId: 'q1', waitedMs: 5 });
    expect(w.told('c')).toEqual([3]);
    w.settle();
    expect(w.told('c')).toEqual([3, 1]);
  });

  it('given a change that leaves every place the same when the batch ends then nothing is sent', () => {
    w.lines.set('q1', ['a', 'b', 'c', 'late']);
    w.event({ type: 'contact.enqueued', contactId: 'late', queueId: 'q1', media: 'chat', priority: 0 });
    w.event({ type: 'agent.state_changed', agentId: 'ag', from: 'available', to: 'not_ready' });
    w.settle();
    expect(w.sent.slice(4)).toEqual([{ chatId: 'late', frame: { type: 'queued', position: 4, estimatedWaitSec: 240 } }]);
  });

  it('given the engine overflowing a chat to another queue when either line changes later then the moved chat and both lines are told', () => {
    w.lines.set('q1', ['a', 'c']);
    w.lines.set('q2', ['x', 'b']);
    w.home.set('b', 'q1');
    w.event({ type: 'contact.overflowed', contactId: 'b', fromQueueId: 'q1', toQueueId: 'q2' });
    w.settle();
    expect(w.told('b')).toEqual([2]);
    expect(w.told('c')).toEqual([3, 2]);

    // Its record still says q1; a change in q2 reaches it.
    w.lines.set('q2', ['b']);
    w.event({ type: 'contact.accepted', contactId: 'x', offerId: 'o', agentId: 'ag', queueId: 'q2' });
    w.settle();
    expect(w.told('b')).toEqual([2, 1]);
  });

  it('given the estimate changing when the position does not then it is pushed only when it turns unknown or known', () => {
    w.estimate = 90_000;
    w.event({ type: 'agent.logged_in', agentId: 'ag' });
    w.settle();
    expect(w.sent).toHaveLength(4);

    w.estimate = null;
    w.event({ type: 'agent.logged_out', agentId: 'ag' });
    w.settle();
    expect(w.sent.slice(4).map((s) => [s.chatId, s.frame.estimatedWaitSec])).toEqual([
      ['a', null],
      ['b', null],
      ['c', null],
      ['x', null],
    ]);
  });

  it('given an agent of one queue going not ready when the estimate turns unknown then only the visitors of that queue are told', () => {
    w.estimate = null;
    w.event({ type: 'agent.state_changed', agentId: 'ag', from: 'available', to: 'not_ready' });
    w.settle();
    expect(w.sent.slice(4).map((x) => x.chatId)).toEqual(['a', 'b', 'c']);
  });

  it('given an offer coming back into line when it is a waiting chat then its queue is read again; an offered call changes no chat line', () => {
    w.lines.set('q2', ['y', 'x']);
    w.event({ type: 'contact.offer_withdrawn', contactId: 'call-9', offerId: 'o', agentId: 'ag', reason: 'timeout' });
    w.settle();
    expect(w.sent).toHaveLength(4);
    w.event({ type: 'contact.no_answer', contactId: 'y', offerId: 'o', agentId: 'ag' });
    w.settle();
    expect(w.told('x')).toEqual([1, 2]);
    expect(w.told('y')).toEqual([1]);
  });

  it('given a widget shown its place on reconnect when the same place comes round then it is not sent twice', () => {
    w.lines.set('q1', ['a', 'b', 'c', 'new']);
    expect(w.positions.current('new')).toEqual({ type: 'queued', position: 4, estimatedWaitSec: 240 });
    w.positions.changed('q1');
    w.settle();
    expect(w.told('new')).toEqual([]);
  });

  it('given a chat sent back into a queue within one batch when it is placed at its old number then it is told again', () => {
    // Answered and sent back (a transfer to the queue keeps its first arrival) before the batch ends.
    w.positions.forget('a');
    w.positions.changed('q1');
    w.settle();
    expect(w.told('a')).toEqual([1, 1]);
    expect(w.told('b')).toEqual([2]);
  });
});
