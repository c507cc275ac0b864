import { describe, expect, it } from 'vitest';
import { CHAT_TRANSITIONS, chatReducer, type ChatEvent, type ChatRecord } from '../../../src/chat/chat-state.js';
import type { ChatStateName } from '../../../src/chat/protocol.js';
import { isAppError } from '../../../src/core/errors.js';

const base = (state: ChatStateName, agentId: string | null = null): ChatRecord => ({
  id: 'c1',
  visitorId: 'v1',
  queueId: 'q1',
  state,
  agentId,
  visitorName: '',
  page: '',
  createdAt: 0,
  assignedAt: null,
  endedAt: null,
  endReason: null,
  outcome: null,
  outcomeReason: null,
  lastSeq: 0,
  channel: 'web',
  handover: null,
});

const assign: ChatEvent = { kind: 'assign', agentId: 'a1', at: 10 };
const end: ChatEvent = { kind: 'end', reason: 'visitor_left', at: 20 };

describe('the chat state machine', () => {
  // Every (state, event) pair: either the table's target with its effects, or a coded refusal.
  const rows: [ChatStateName, ChatEvent, ChatStateName | 'CHAT_CLOSED' | 'INVALID_TRANSITION', string[]][] = [
    ['waiting', assign, 'active', []],
    ['waiting', end, 'ended', ['leave_queue']],
    ['active', assign, 'INVALID_TRANSITION', []],
    ['active', end, 'ended', ['release_agent']],
    ['ended', assign, 'CHAT_CLOSED', []],
    ['ended', end, 'CHAT_CLOSED', []],
  ];
  for (const [from, event, to, effects] of rows) {
    it(`given a ${from} chat when ${event.kind} then ${to}`, () => {
      const chat = base(from, from === 'waiting' ? null : 'a1');
      if (to === 'CHAT_CLOSED' || to === 'INVALID_TRANSITION') {
        let caught: unknown;
        try {
          chatReducer(chat, event);
        } catch (err) {
          caught = err;
        }
        expect(isAppError(caught, to)).toBe(true);
        expect(CHAT_TRANSITIONS[from][event.kind]).toBeUndefined();
        return;
      }
      const out = chatReducer(chat, event);
      expect(out.chat.state).toBe(to);
      expect(CHAT_TRANSITIONS[from][event.kind]).toBe(to);
      expect(out.effects.map((e) => e.kind)).toEqual(effects);
      expect(chat.state).toBe(from);
    });
  }

  it('given an assignment then the agent and the time are recorded', () => {
    expect(chatReducer(base('waiting'), assign).chat).toMatchObject({ state: 'active', agentId: 'a1', assignedAt: 10 });
  });

  it('given an agent ending with an outcome then the outcome, reason and end time are recorded and the agent is released', () => {
    const out = chatReducer(base('active', 'a1'), { kind: 'end', reason: 'agent_ended', at: 30, outcome: 'spam', outcomeReason: 'abuse' });
    expect(out.chat).toMatchObject({ state: 'ended', endReason: 'agent_ended', outcome: 'spam', outcomeReason: 'abuse', endedAt: 30 });
    expect(out.effects).toEqual([{ kind: 'release_agent', agentId: 'a1' }]);
  });

  it('given a waiting chat when an agent ending arrives then it is refused: nobody serves it yet', () => {
    expect(() => chatReducer(base('waiting'), { kind: 'end', reason: 'agent_ended', at: 1, outcome: 'solved' })).toThrow(/no agent/);
  });
});

describe('the bot state', () => {
  const handover: ChatEvent = { kind: 'bot_handover', info: { reason: 'asked', at: 5, detail: { phrase: '转人工' } } };
  it('given a chat with the bot when handed over then it waits in the queue with the reason and enters the queue', () => {
    const { chat, effects } = chatReducer(base('bot'), handover);
    expect(chat).toMatchObject({ state: 'waiting', handover: { reason: 'asked', detail: { phrase: '转人工' } } });
    expect(effects).toEqual([{ kind: 'enter_queue' }]);
  });
  it('given a chat with the bot when the visitor leaves then it ends with no effect on the routing engine', () => {
    expect(chatReducer(base('bot'), end)).toMatchObject({ chat: { state: 'ended' }, effects: [] });
  });
  it('given a chat with the bot when an agent would be assigned or end it then it is refused', () => {
    expect(() => chatReducer(base('bot'), assign)).toThrow(/cannot assign/);
    expect(() => chatReducer(base('bot'), { kind: 'end', reason: 'agent_ended', at: 1, outcome: 'solved' })).toThrow(/no agent/);
  });
  it('given a waiting or active chat when handed over then it is refused', () => {
    expect(() => chatReducer(base('waiting'), handover)).toThrow(/cannot bot_handover/);
    expect(() => chatReducer(base('active', 'a1'), handover)).toThrow(/cannot bot_handover/);
  });
});
