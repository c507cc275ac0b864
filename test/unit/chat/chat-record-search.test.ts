import { describe, expect, it } from 'vitest';
import { chatExportRow } from '../../../src/chat/chat-record-export.js';
import { toChatRecordQuery } from '../../../src/chat/chat-record-search.js';
import { isAppError } from '../../../src/core/errors.js';

const TEAMS: Record<string, string[]> = { tA: ['a1', 'a2'], tB: ['a3'] };
const ofTeam = (t: string) => TEAMS[t] ?? [];
const RANGE = { from: 1_000, to: 2_000 };

describe('the chat-record search as a store query', () => {
  it('given outcomes with none when built then the chosen outcomes and "no outcome" are asked for, once each', () => {
    expect(toChatRecordQuery({ ...RANGE, outcome: ['solved', 'none', 'solved'] }, { all: true }, ofTeam)).toEqual({ ...RANGE, outcomes: ['solved'], noOutcome: true });
    expect(toChatRecordQuery({ ...RANGE, outcome: ['none'] }, { all: true }, ofTeam)).toEqual({ ...RANGE, outcomes: [], noOutcome: true });
  });

  it('given a tag in any case and spacing when built then it is normalized as stored tags are', () => {
    expect(toChatRecordQuery({ ...RANGE, tag: '  Big   Order ' }, { all: true }, ofTeam).tag).toBe('big order');
  });

  it('given a blank tag or one longer than a stored tag can be when built then VALIDATION_FAILED at /tag', () => {
    for (const tag of ['   ', 'x'.repeat(41)]) {
      let caught: unknown;
      try {
        toChatRecordQuery({ ...RANGE, tag }, { all: true }, ofTeam);
      } catch (err) {
        caught = err;
      }
      expect(isAppError(caught, 'VALIDATION_FAILED')).toBe(true);
    }
  });

  it('given a scope and a team when built then the agents are the scope narrowed to the team; a team alone is its agents', () => {
    expect(toChatRecordQuery({ ...RANGE, teamId: 'tA' }, { all: false, agentIds: ['a2', 'a3'] }, ofTeam).agentIds).toEqual(['a2']);
    expect(toChatRecordQuery({ ...RANGE, teamId: 'tB' }, { all: true }, ofTeam).agentIds).toEqual(['a3']);
    expect(toChatRecordQuery({ ...RANGE }, { all: false, agentIds: [] }, ofTeam).agentIds).toEqual([]);
  });

  it('given an inverted range when built then INVALID_RANGE', () => {
    expect(() => toChatRecordQuery({ from: 2, to: 1 }, { all: true }, ofTeam)).toThrow(expect.objectContaining({ code: 'INVALID_RANGE' }));
  });
});

describe('a chat record as an export row', () => {
  it('given text typed by people that starts like a formula when exported then it is defused', () => {
    const row = chatExportRow({ id: 'c1', queueId: 'q', visitorName: '=HYPERLINK("x")', channel: 'web', createdAt: 0, endedAt: 65_400, outcome: 'spam', outcomeReason: '+ads', messageCount: 2, tags: ['-x', 'vip'] });
    expect(row).toEqual(['c1', '1970-01-01T00:00:00.000Z', '1970-01-01T00:01:05.400Z', 'web', `'=HYPERLINK("x")`, 'q', '', '', '', '65', '', 'spam', "'+ads", '2', "'-x; vip"]);
  });
});
