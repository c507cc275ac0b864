import type { FastifyRequest } from 'fastify';
import type { Principal } from '../accounts/principal.js';
import { AppError } from '../core/errors.js';

/**
 * Team scoping of supervisor actions and reads. Supervisors and admins act on every agent; a
 * team lead (holding agent.force_state, records.view, supervise.* through the team_lead role)
 * only on agents of a team they lead. test/unit/api/team-scope.test.ts walks every route that
 * takes an agent, contact, call or record and checks it goes through here.
 */
export function seesAllTeams(p: Principal | undefined): boolean {
  return p !== undefined && (p.roles.includes('supervisor') || p.roles.includes('admin'));
}

/** Teams an agent belongs to ([] for an unknown agent: nobody but supervisors reaches it). */
export type TeamsOfAgent = (agentId: string) => string[];

export function agentInScope(p: Principal | undefined, agentId: string | undefined, teamsOfAgent: TeamsOfAgent): boolean {
  if (seesAllTeams(p)) return true;
  if (!p || !agentId) return false;
  const led = new Set(p.ledTeamIds);
  return teamsOfAgent(agentId).some((t) => led.has(t));
}

/** FORBIDDEN for a team lead naming an agent outside their teams. */
export function requireAgentInScope(request: FastifyRequest, agentId: string, teamsOfAgent: TeamsOfAgent, where: string): void {
  if (agentInScope(request.principal, agentId, teamsOfAgent)) return;
  throw new AppError('FORBIDDEN', 'That agent is not in a team you lead', { agentId, problems: [{ where, reason: 'not in a team you lead' }] });
}
