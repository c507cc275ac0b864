/** Ticket scoping rules (src/tickets/ticket-access.ts): who sees a ticket, where one may place it, who hears of a change. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { changeAudience, checkPlacement, ticketVisibleTo, type TicketViewer } from '../../../src/tickets/ticket-access.js';

const members: Record<string, string[]> = { red: ['a1', 'a2'], blue: ['a3'] };
const membersOf = (team: string) => members[team] ?? [];
const agent = (over: Partial<TicketViewer> = {}): TicketViewer => ({ userId: 'u1', agentId: 'a1', seesAll: false, teamIds: ['red'], canClose: false, ...over });

function whereOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return `${err.code} ${(err.details as { problems: { where: string }[] }).problems[0]?.where}`;
    throw err;
  }
  return undefined;
}

describe('ticket access', () => {
  it('given an agent of team red then they see red tickets, the shared pool and tickets assigned to them, not blue ones', () => {
    expect(ticketVisibleTo(agent(), { teamId: 'red', assigneeId: null })).toBe(true);
    expect(ticketVisibleTo(agent(), { teamId: null, assigneeId: null })).toBe(true);
    expect(ticketVisibleTo(agent(), { teamId: 'blue', assigneeId: 'a1' })).toBe(true);
    expect(ticketVisibleTo(agent(), { teamId: 'blue', assigneeId: 'a3' })).toBe(false);
    expect(ticketVisibleTo(agent({ agentId: null }), { teamId: 'blue', assigneeId: null })).toBe(false);
  });

  it('given a supervisor then every ticket is visible and may go anywhere', () => {
    const sup = agent({ seesAll: true, teamIds: [] });
    expect(ticketVisibleTo(sup, { teamId: 'blue', assigneeId: 'a3' })).toBe(true);
    expect(whereOf(() => checkPlacement(sup, 'blue', 'a3', membersOf))).toBeUndefined();
  });

  it('given an agent of red when placing a ticket then red, its members and themselves are allowed; blue or a blue agent is FORBIDDEN naming the field', () => {
    expect(whereOf(() => checkPlacement(agent(), 'red', 'a2', membersOf))).toBeUndefined();
    expect(whereOf(() => checkPlacement(agent({ teamIds: [] }), null, 'a1', membersOf))).toBeUndefined();
    expect(whereOf(() => checkPlacement(agent(), 'blue', null, membersOf))).toBe('FORBIDDEN /teamId');
    expect(whereOf(() => checkPlacement(agent(), null, 'a3', membersOf))).toBe('FORBIDDEN /assigneeId');
  });

  it('given a ticket moved from red (assigned a1) to blue then both teams, their members and the old assignee hear of it', () => {
    const audience = changeAudience([{ teamId: 'red', assigneeId: 'a1' }, { teamId: 'blue', assigneeId: null }], membersOf);
    expect(audience.teamIds.sort()).toEqual(['blue', 'red']);
    expect(audience.agentIds.sort()).toEqual(['a1', 'a2', 'a3']);
    expect(changeAudience([undefined, { teamId: null, assigneeId: null }], membersOf)).toEqual({ agentIds: [], teamIds: [] });
  });
});
