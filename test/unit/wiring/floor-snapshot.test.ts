import { describe, expect, it } from 'vitest';
import type { CallInfoLike } from '../../../src/calls/call-view.js';
import type { ContactCenter } from '../../../src/wiring/contact-center.js';
import { floorSnapshotOf, queueFiguresOf } from '../../../src/wiring/floor-snapshot.js';
import { harness, queue, type Harness } from '../acd/harness.js';

/**
 * The floor's reads of the routing engine: the kept figures per queue, each call's wait looked up,
 * and the waiting chats. The contact center here is the real routing service with call handling
 * reduced to its list of live calls (the only parts these functions read).
 */

function call(id: string, contactId: string, queueId: string): CallInfoLike {
  return { id, direction: 'inbound', state: 'queued', from: '+4930123', to: '100', callerName: '', queueId, contactId, ivrPath: [], variables: {}, startedAt: 0, muted: false, recording: false, recordingPaused: false, legs: [] };
}

function centerOf(h: Harness, calls: CallInfoLike[]): ContactCenter {
  const partial = { acd: h.acd, callHandling: { calls: { service: { activeCalls: () => calls } }, supervision: { list: () => [] } } };
  return partial as unknown as ContactCenter;
}

describe('floor snapshot', () => {
  it('given callers ahead of a later VIP and a waiting chat, when the floor is read, then each queue has its count and longest wait and the chat and the call waits are listed', () => {
    const h = harness();
    h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: ['t1'] });
    h.acd.upsertQueue(queue('sales', ['a1'], { customerLevelPriority: { vip: 50 } }));
    h.acd.upsertQueue(queue('chat', []));
    h.acd.enqueue({ id: 'early', media: 'voice', queueId: 'sales' });
    h.clock.advance(4000);
    h.acd.enqueue({ id: 'vip', media: 'voice', queueId: 'sales', customerLevel: 'vip' });
    h.acd.enqueue({ id: 'ch1', media: 'chat', queueId: 'chat' });
    h.clock.advance(1000);
    const cc = centerOf(h, [call('call-early', 'early', 'sales'), call('call-gone', 'unknown', 'sales')]);

    expect(queueFiguresOf(cc)).toEqual([
      { queueId: 'chat', waiting: 1, longestWaitMs: 1000, available: 0 },
      { queueId: 'sales', waiting: 2, longestWaitMs: 5000, available: 0 },
    ]);
    const floor = floorSnapshotOf(cc, () => h.clock.now());
    expect(floor.waitingChats).toEqual([{ queueId: 'chat', since: h.clock.now() - 1000 }]);
    expect(floor.calls).toEqual([
      { callId: 'call-early', direction: 'inbound', state: 'queued', waitingSince: h.clock.now() - 5000, queueId: 'sales' },
      { callId: 'call-gone', direction: 'inbound', state: 'queued', queueId: 'sales' },
    ]);
  });
});
