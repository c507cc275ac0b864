/**
 * A records request's filters as the store's query, within the user's reach: used by the list and
 * the export alike, so both answer the same rows. The reach is one rule (recordInReach checks one
 * call by it): supervisors and admins every call; everyone else the calls their own agent handled
 * (the call's agent, or an agent or consult leg it answered, also when it then transferred the
 * call away) and, with records.view, a team lead the calls of their teams' agents as well.
 */
import { can, type Principal } from '../../../accounts/principal.js';
import type { CallRecord } from '../../../calls/call-model.js';
import { HANDLING_LEG_ROLES, type CallDetail, type CallRecordQuery } from '../../../calls/ports.js';
import { toRecordQuery, type CallRecordFilter } from '../../../calls/record-search.js';
import type { RecordScope } from '../../../core/ranges.js';
import { phoneLookupForms } from '../../../customers/phone-number.js';
import { agentInScope, seesAllTeams } from '../../team-scope.js';
import type { CallRecordRouteDeps } from './call-route-deps.js';

export interface RecordSearch {
  query: CallRecordQuery;
  /**
   * Rows the query could not narrow (team members unknown to this daemon's wiring): checked one
   * by one on the call's agent. Always true when the query itself is scoped.
   */
  keep: (c: CallRecord) => boolean;
}

export function recordSearch(p: Principal | undefined, filter: CallRecordFilter, deps: CallRecordRouteDeps): RecordSearch {
  const mine = ownAgentIds(p);
  if (!can(p, 'records.view')) {
    // One's own calls: known without the team members, so always narrowed in the query. A team
    // filter is met by one's own agent's team, or by all its agents where they are known.
    const scope: RecordScope = { all: false, agentIds: mine };
    const members = deps.agentsInTeams;
    const agentsOfTeam = members ? (teamId: string) => members([teamId]) : (teamId: string) => mine.filter((a) => deps.teamsOfAgent(a).includes(teamId));
    return { query: toRecordQuery(filter, scope, { agentsOfTeam, numberForms: phoneLookupForms }), keep: () => true };
  }
  const all = seesAllTeams(p);
  const members = deps.agentsInTeams;
  if (members) {
    // The team members are known: filtered in the query, so pages stay full.
    const scope: RecordScope = all ? { all: true } : { all: false, agentIds: [...members(p?.ledTeamIds ?? []), ...mine] };
    return { query: toRecordQuery(filter, scope, { agentsOfTeam: (t) => members([t]), numberForms: phoneLookupForms }), keep: () => true };
  }
  // Without the members (a wiring that does not know them) the rows are checked one by one on the
  // call's agent: a call one's agent transferred away is then not listed (its detail still opens).
  const { teamId, ...rest } = filter;
  const query = toRecordQuery(rest, { all: true }, { agentsOfTeam: () => [], numberForms: phoneLookupForms });
  const inReach = (agentId: string | undefined) => all || agentInScope(p, agentId, deps.teamsOfAgent) || (agentId !== undefined && mine.includes(agentId));
  return {
    query,
    keep: (c) => inReach(c.agentId) && (teamId === undefined || (c.agentId !== undefined && deps.teamsOfAgent(c.agentId).includes(teamId))),
  };
}

/**
 * The own part of the rule, in one place: a records.own holder (every role holding records.view
 * holds it too) reaches the calls their own agent handled, none when the user is linked to no
 * agent. The list's query matches the call's agent and the legs with these ids (reachAgentIds);
 * handledByOwnAgent checks one call with them, so list, detail and recordings agree.
 */
function ownAgentIds(p: Principal | undefined): string[] {
  return can(p, 'records.own') && p?.agentId ? [p.agentId] : [];
}

/** Whether the user's own agent was the call's agent or answered one of its handling legs. */
function handledByOwnAgent(p: Principal | undefined, detail: CallDetail): boolean {
  const mine = ownAgentIds(p);
  const handles = (agentId: string | undefined) => agentId !== undefined && mine.includes(agentId);
  return (
    handles(detail.call.agentId) ||
    detail.legs.some((l) => handles(l.agentId) && l.answeredAt !== undefined && (HANDLING_LEG_ROLES as readonly string[]).includes(l.role))
  );
}

/**
 * Whether one stored call is within the user's reach, for its detail and its recordings' audio
 * and waveform: a call their own agent handled (also one it transferred away), and with
 * records.view the team scope (recordInScope). Routes answer NOT_FOUND for a call out of reach,
 * so that its existence does not leak.
 */
export function recordInReach(p: Principal | undefined, detail: CallDetail, teamsOfAgent: (agentId: string) => string[]): boolean {
  return handledByOwnAgent(p, detail) || (can(p, 'records.view') && recordInScope(p, detail, teamsOfAgent));
}

/**
 * A stored call is in a team lead's reach when an agent of their teams handled it or a leg of it;
 * supervisors and admins reach every call. Used for deletions (records.delete) and, through
 * recordInReach, for a record's detail and its recordings' audio.
 */
export function recordInScope(p: Principal | undefined, detail: CallDetail, teamsOfAgent: (agentId: string) => string[]): boolean {
  if (seesAllTeams(p)) return true;
  const agents = new Set([detail.call.agentId, ...detail.legs.map((l) => l.agentId)].filter((a): a is string => a !== undefined));
  return [...agents].some((a) => agentInScope(p, a, teamsOfAgent));
}
