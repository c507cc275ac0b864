import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { returnsToOwner, TRANSFER_STATES, TRANSFER_TRANSITIONS, transferReducer, type ChatTransfer, type TransferEventKind } from '../../../src/chat/chat-transfer-state.js';

const pending: ChatTransfer = {
  id: 't1',
  chatId: 'c1',
  fromAgentId: 'a',
  toAgentId: 'b',
  visitorName: 'Vera',
  byUserId: 'u-a',
  note: '',
  createdAt: 1_000,
  expiresAt: 61_000,
  state: 'pending',
  endedAt: null,
  reason: null,
};

const EVENTS: TransferEventKind[] = ['accept', 'decline', 'timeout', 'fail', 'cancel', 'drop'];

describe('the pending chat transfer state machine', () => {
  it.each([
    ['accept', 'accepted'],
    ['decline', 'declined'],
    ['timeout', 'expired'],
    ['fail', 'failed'],
    ['cancel', 'cancelled'],
    ['drop', 'dropped'],
  ] as const)('given a pending transfer when %s then it is %s with the time it ended', (kind, state) => {
    const done = transferReducer(pending, { kind, at: 5_000 });
    expect(done).toEqual({ ...pending, state, endedAt: 5_000, reason: null });
  });

  it('given a pending transfer when the target declines with a reason then the reason is kept for the owner', () => {
    expect(transferReducer(pending, { kind: 'decline', at: 2_000, reason: 'on a break soon' })).toMatchObject({ state: 'declined', reason: 'on a break soon' });
  });

  it('given any ended transfer when any event arrives then it is refused as not pending and nothing changes', () => {
    for (const state of TRANSFER_STATES.filter((s) => s !== 'pending')) {
      const ended: ChatTransfer = { ...pending, state, endedAt: 2_000 };
      for (const kind of EVENTS) {
        let caught: unknown;
        try {
          transferReducer(ended, { kind, at: 3_000 });
        } catch (err) {
          caught = err;
        }
        expect(isAppError(caught, 'CHAT_TRANSFER_NOT_PENDING'), `${state} -${kind}->`).toBe(true);
        expect(ended.state).toBe(state);
      }
    }
  });

  it('given the transition table when read then only pending has ways out and every ending is terminal', () => {
    expect(Object.keys(TRANSFER_TRANSITIONS.pending).sort()).toEqual([...EVENTS].sort());
    for (const state of TRANSFER_STATES.filter((s) => s !== 'pending')) expect(TRANSFER_TRANSITIONS[state]).toEqual({});
  });

  it('given the ending states when asked which return the chat to its owner with a reason then declined, expired and failed do', () => {
    expect(TRANSFER_STATES.filter(returnsToOwner)).toEqual(['declined', 'expired', 'failed']);
  });
});
