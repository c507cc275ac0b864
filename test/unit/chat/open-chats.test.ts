/**
 * The open chats' indexes (src/chat/open-chats.ts) answer what a scan of every open chat answers:
 * checked against that scan over random sequences of chats opened, changing state and ending.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatRecord } from '../../../src/chat/chat-state.js';
import { OpenChats } from '../../../src/chat/open-chats.js';

const STATES = ['waiting', 'bot', 'active'] as const;
const chat = (n: number, state: (typeof STATES)[number]): ChatRecord => ({ id: `c${n}`, visitorId: `v${n}`, queueId: 'q', state, agentId: null, visitorName: '', page: '', createdAt: n, assignedAt: null, endedAt: null, endReason: null, outcome: null, outcomeReason: null, lastSeq: 0, channel: 'web', handover: null });

describe('the open chats', () => {
  it('given any sequence of chats set and deleted when asked then the visitor lookup and the waiting list equal a scan of every chat', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), n: fc.integer({ min: 0, max: 12 }), state: fc.constantFrom(...STATES) }),
      fc.record({ kind: fc.constant('delete' as const), n: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ kind: fc.constant('clear' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const open = new OpenChats();
        for (const o of ops) {
          if (o.kind === 'set') open.set(`c${o.n}`, chat(o.n, o.state));
          else if (o.kind === 'delete') open.delete(`c${o.n}`);
          else open.clear();
        }
        const all = [...open.values()];
        for (let n = 0; n <= 12; n++) expect(open.ofVisitor(`v${n}`)).toBe(all.find((c) => c.visitorId === `v${n}`));
        expect(open.waiting().map((c) => c.id).sort()).toEqual(all.filter((c) => c.state === 'waiting').map((c) => c.id).sort());
      }),
    );
  });

  it('given a waiting chat that became active when the waiting list is read then it is not in it, and its visitor still finds it', () => {
    const open = new OpenChats();
    open.set('c1', chat(1, 'waiting'));
    open.set('c1', chat(1, 'active'));
    expect(open.waiting()).toEqual([]);
    expect(open.ofVisitor('v1')?.state).toBe('active');
    open.delete('c1');
    expect(open.ofVisitor('v1')).toBeUndefined();
  });
});
