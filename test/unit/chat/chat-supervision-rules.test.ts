import { describe, expect, it } from 'vitest';
import { chatInReach, checkWhisperText, silenceGroup, teamsOfChat, type SupervisionDirectory } from '../../../src/chat/chat-supervision-rules.js';
import { chatReducer, type ChatRecord } from '../../../src/chat/chat-state.js';
import { isAppError } from '../../../src/core/errors.js';

/** alice (no team) and bob (tA) serve q1; carol (tB) serves q2; dave (tA) serves nothing. */
const dir: SupervisionDirectory = {
  agentIds: () => ['alice', 'bob', 'carol', 'dave'],
  teamsOf: (a) => ({ bob: ['tA'], carol: ['tB'], dave: ['tA'] })[a] ?? [],
  queuesOf: (a) => ({ alice: ['q1'], bob: ['q1'], carol: ['q2'] })[a] ?? [],
};

describe('chat supervision rules', () => {
  it("given a chat when its teams are asked then they are its agent's and those of its queue's agents", () => {
    expect(teamsOfChat(dir, { agentId: 'carol', queueId: 'q1' })).toEqual(['tA', 'tB']);
    expect(teamsOfChat(dir, { agentId: null, queueId: 'q2' })).toEqual(['tB']);
  });

  it('given a team lead when reach is checked then only chats of their teams are reached; a supervisor reaches all', () => {
    const lead = { seesAll: false, ledTeamIds: ['tA'] };
    expect(chatInReach(dir, lead, { agentId: 'alice', queueId: 'q1' })).toBe(true);
    expect(chatInReach(dir, lead, { agentId: 'carol', queueId: 'q2' })).toBe(false);
    expect(chatInReach(dir, { seesAll: true, ledTeamIds: [] }, { agentId: 'carol', queueId: 'q2' })).toBe(true);
  });

  it("given a silent agent when the group is computed then it is the queue's agents and the agent's team mates", () => {
    expect(silenceGroup(dir, 'alice', 'q1')).toEqual({ agentIds: ['alice', 'bob'], teamIds: [] });
    expect(silenceGroup(dir, 'bob', 'q1')).toEqual({ agentIds: ['alice', 'bob', 'dave'], teamIds: ['tA'] });
  });

  it('given a whisper text when checked then it is trimmed, and an empty one is refused naming /text', () => {
    expect(checkWhisperText('  hi  ')).toBe('hi');
    try {
      checkWhisperText('   ');
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'VALIDATION_FAILED') && err.details).toMatchObject({ problems: [{ where: '/text' }] });
    }
  });
});

describe('the chat take-over transition', () => {
  const active: ChatRecord = { id: 'c1', visitorId: 'v', queueId: 'q1', state: 'active', agentId: 'alice', visitorName: '', page: '', createdAt: 0, assignedAt: 5, endedAt: null, endReason: null, outcome: null, outcomeReason: null, lastSeq: 3, channel: 'web', handover: null };

  it('given an active chat when taken over then another agent holds it, the answer time stays and the engine hands over', () => {
    const { chat, effects } = chatReducer(active, { kind: 'take_over', agentId: 'sam', at: 99 });
    expect(chat).toEqual({ ...active, agentId: 'sam' });
    expect(effects).toEqual([{ kind: 'hand_over', fromAgentId: 'alice', toAgentId: 'sam' }]);
  });

  it('given a waiting, an ended or an own chat when taken over then it is refused with a code', () => {
    const codes = [
      () => chatReducer({ ...active, state: 'waiting', agentId: null }, { kind: 'take_over', agentId: 'sam', at: 1 }),
      () => chatReducer({ ...active, state: 'ended' }, { kind: 'take_over', agentId: 'sam', at: 1 }),
      () => chatReducer(active, { kind: 'take_over', agentId: 'alice', at: 1 }),
    ].map((f) => {
      try {
        f();
        return 'none';
      } catch (err) {
        return (err as { code: string }).code;
      }
    });
    expect(codes).toEqual(['INVALID_TRANSITION', 'CHAT_CLOSED', 'CHAT_ALREADY_YOURS']);
  });
});
