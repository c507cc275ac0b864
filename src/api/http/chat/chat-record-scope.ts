/**
 * Who reaches which ended chat in the records: supervisors and admins every chat, a team lead the
 * chats of their teams' agents and their own, an agent their own only. Used by the list, the export
 * and the transcript alike, so all three answer the same chats.
 */
import type { Principal } from '../../../accounts/principal.js';
import { can } from '../../../accounts/principal.js';
import type { RecordScope } from '../../../core/ranges.js';
import { seesAllTeams } from '../../team-scope.js';

export function chatRecordScope(p: Principal | undefined, agentsInTeams: (teamIds: string[]) => string[]): RecordScope {
  const viewsRecords = can(p, 'records.view');
  if (viewsRecords && seesAllTeams(p)) return { all: true };
  const own = p?.agentId ? [p.agentId] : [];
  const teams = viewsRecords ? agentsInTeams(p?.ledTeamIds ?? []) : [];
  return { all: false, agentIds: [...new Set([...own, ...teams])] };
}

export function chatInScope(scope: RecordScope, agentId: string | undefined): boolean {
  return scope.all || (agentId !== undefined && scope.agentIds.includes(agentId));
}
