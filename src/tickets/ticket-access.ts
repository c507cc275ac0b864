/**
 * Who sees a ticket and where one may place it: the team scoping every way into tickets shares
 * (REST, chat endings, voicemail, the visitor's widget never: it reads by visitor id). Pure rules;
 * TicketService applies them.
 *
 * Supervisors and admins see every ticket; anyone else sees tickets of their teams, tickets
 * assigned to them, and tickets without a team (the center's shared pool). A ticket out of scope is
 * reported as not found by the service, so its existence does not leak.
 */
import { AppError } from '../core/errors.js';
import type { Ticket } from './model.js';

export interface TicketViewer {
  userId: string;
  /** The viewer's agent, if they are one: "mine" and assignment scope. */
  agentId: string | null;
  /** Supervisors and admins: every ticket. */
  seesAll: boolean;
  /** Teams the viewer leads or belongs to. */
  teamIds: string[];
  /** Holds tickets.close. */
  canClose: boolean;
  /** The client address, for the audit. */
  ip?: string;
}

export function ticketVisibleTo(v: TicketViewer, t: Pick<Ticket, 'teamId' | 'assigneeId'>): boolean {
  if (v.seesAll) return true;
  if (t.teamId === null || v.teamIds.includes(t.teamId)) return true;
  return v.agentId !== null && t.assigneeId === v.agentId;
}

/**
 * Outside supervisors and admins, a ticket goes only to one's own teams and their agents (or to
 * oneself): FORBIDDEN naming the field otherwise.
 */
export function checkPlacement(v: TicketViewer, teamId: string | null, assigneeId: string | null, membersOf: (teamId: string) => string[]): void {
  if (v.seesAll) return;
  if (teamId !== null && !v.teamIds.includes(teamId)) {
    throw new AppError('FORBIDDEN', 'That team is not one of yours', { problems: [{ where: '/teamId', reason: 'not one of your teams' }] });
  }
  if (assigneeId !== null && assigneeId !== v.agentId && !v.teamIds.some((t) => membersOf(t).includes(assigneeId))) {
    throw new AppError('FORBIDDEN', 'That agent is not in one of your teams', { problems: [{ where: '/assigneeId', reason: 'not in one of your teams' }] });
  }
}

/**
 * Who hears of a change: the assignee and the team's members (and through the team scope its
 * leads), before and after the change, so a ticket taken away also leaves the old owner's list.
 */
export function changeAudience(tickets: readonly (Pick<Ticket, 'teamId' | 'assigneeId'> | undefined)[], membersOf: (teamId: string) => string[]): { agentIds: string[]; teamIds: string[] } {
  const teams = new Set<string>();
  const agents = new Set<string>();
  for (const t of tickets) {
    if (!t) continue;
    if (t.teamId !== null) {
      teams.add(t.teamId);
      for (const a of membersOf(t.teamId)) agents.add(a);
    }
    if (t.assigneeId !== null) agents.add(t.assigneeId);
  }
  return { agentIds: [...agents], teamIds: [...teams] };
}
