import { describe, expect, it } from 'vitest';
import { checkCannedReply, fillPlaceholders, matchCanned, mayEdit, mayUse, ownerFor, type CannedReply, type CannedViewer } from '../../../src/chat/canned-replies.js';
import { isAppError } from '../../../src/core/errors.js';

const reply = (over: Partial<CannedReply>): CannedReply => ({
  id: 'r', scope: 'personal', agentId: 'a1', teamId: null, shortcut: '/hello', title: 'Hello', body: 'Hi', language: null, createdBy: 'u', createdAt: 0, updatedAt: 0, ...over,
});
const agent: CannedViewer = { userId: 'u1', agentId: 'a1', memberOf: ['sales'], leads: [], seesAllTeams: false };
const lead: CannedViewer = { userId: 'u2', memberOf: [], leads: ['sales'], seesAllTeams: false };
const supervisor: CannedViewer = { userId: 'u3', memberOf: [], leads: [], seesAllTeams: true };

describe('canned replies', () => {
  it('given placeholders when filled then {visitor} and {agent} are replaced everywhere and other braces kept', () => {
    expect(fillPlaceholders('Hi {visitor}, {agent} here. {visitor}? {other}', { visitor: 'Vera', agent: 'Alice' })).toBe('Hi Vera, Alice here. Vera? {other}');
  });

  it('given a shortcut in capitals without a slash when checked then it is lowercased with a slash; Chinese letters are allowed', () => {
    expect(checkCannedReply({ scope: 'personal', shortcut: 'Hello', title: 't', body: 'b' }).shortcut).toBe('/hello');
    expect(checkCannedReply({ scope: 'personal', shortcut: '/退款', title: 't', body: 'b' }).shortcut).toBe('/退款');
  });

  it('given several bad fields when checked then VALIDATION_FAILED names each', () => {
    try {
      checkCannedReply({ scope: 'team', shortcut: '/a b', title: '', body: 'x'.repeat(4001) });
      expect.unreachable();
    } catch (err) {
      expect(isAppError(err, 'VALIDATION_FAILED')).toBe(true);
      const where = ((err as { details: { problems: { where: string }[] } }).details.problems).map((p) => p.where);
      expect(where).toEqual(['/teamId', '/shortcut', '/title', '/body']);
    }
  });

  it('given owners when asked who uses and who edits then agents use theirs and their teams, leads and supervisors edit team replies', () => {
    const team = reply({ scope: 'team', agentId: null, teamId: 'sales' });
    expect(mayUse(agent, reply({}))).toBe(true);
    expect(mayUse(agent, reply({ agentId: 'a2' }))).toBe(false);
    expect(mayUse(agent, team)).toBe(true);
    expect(mayUse(agent, reply({ scope: 'team', agentId: null, teamId: 'care' }))).toBe(false);
    expect(mayEdit(agent, team)).toBe(false);
    expect(mayEdit(lead, team)).toBe(true);
    expect(mayEdit(lead, reply({ scope: 'team', agentId: null, teamId: 'care' }))).toBe(false);
    expect(mayEdit(supervisor, reply({ scope: 'team', agentId: null, teamId: 'care' }))).toBe(true);
    expect(mayEdit(supervisor, reply({}))).toBe(false);
    expect(() => ownerFor(lead, { scope: 'personal', shortcut: '/x', title: 't', body: 'b' })).toThrow(/agent/);
    expect(() => ownerFor(agent, { scope: 'team', teamId: 'sales', shortcut: '/x', title: 't', body: 'b' })).toThrow(/leads/);
  });

  it('given what follows the slash when matched then shortcut prefixes come first, then other shortcut or title matches', () => {
    const list = [reply({ shortcut: '/thanks', title: 'Say hello back' }), reply({ shortcut: '/hello', title: 'Greeting' }), reply({ shortcut: '/bye', title: 'Bye' })];
    expect(matchCanned(list, '/he').map((r) => r.shortcut)).toEqual(['/hello', '/thanks']);
    expect(matchCanned(list, '/').map((r) => r.shortcut)).toEqual(['/bye', '/hello', '/thanks']);
  });
});
