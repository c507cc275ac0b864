/**
 * A records request's filters as the store's query, within the user's scope: used by the list and
 * the export alike, so both answer the same rows. With records.view the scope is the team scope
 * (a team lead: their teams' agents; supervisors and admins: every call); without it (an agent
 * holding records.own) only the calls the user's own agent handled, whatever the filters.
 */
import { can, type Principal } from '../../../accounts/principal.js';
import type { CallRecord } from '../../../calls/call-model.js';
import type { CallDetail, CallRecordQuery } from '../../../calls/ports.js';
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
  if (!can(p, 'records.view')) {
    // One's own calls: known without the team members, so always narrowed in the query. A team
    // filter is met only by one's own team (the scope is intersected with it).
    const mine = ownAgentIds(p);
    const own: RecordScope = { all: false, agentIds: mine };
    const agentsOfTeam = (teamId: string) => mine.filter((a) => deps.teamsOfAgent(a).includes(teamId));
    return { query: toRecordQuery(filter, own, { agentsOfTeam, numberForms: phoneLookupForms }), keep: () => true };
  }
  const all = seesAllTeams(p);
  const members = deps.agentsInTeams;
  if (members) {
    // The team members are known: filtered in the query, so pages stay full.
    const scope: RecordScope = all ? { all: true } : { all: false, agentIds: members(p?.ledTeamIds ?? []) };
    return { query: toRecordQuery(filter, scope, { agentsOfTeam: (t) => members([t]), numberForms: phoneLookupForms }), keep: () => true };
  }
  const { teamId, ...rest } = filter;
  const query = toRecordQuery(rest, { all: true }, { agentsOfTeam: () => [], numberForms: phoneLookupForms });
  return {
    query,
    keep: (c) => (all || agentInScope(p, c.agentId, deps.teamsOfAgent)) && (teamId === undefined || (c.agentId !== undefined && deps.teamsOfAgent(c.agentId).includes(teamId))),
  };
}

/**
 * The own-scope rule, in one place: without records.view a records.own holder reaches the calls
 * whose agent is their own agent (the call's agent, as the list's query matches it), none when
 * the user is linked to no agent. The list narrows its query with these ids; recordInReach
 * checks one call with them, so list, detail and recordings agree.
 */
function ownAgentIds(p: Principal | undefined): string[] {
  return can(p, 'records.own') && p?.agentId ? [p.agentId] : [];
}

/**
 * Whether one stored call is within the user's reach, for its detail and its recordings' audio
 * and waveform: with records.view the team scope (recordInScope), else (records.own) only a call
 * their own agent handled. Routes answer NOT_FOUND for a call out of reach, so that its existence
 * does not leak.
 */
export function recordInReach(p: Principal | undefined, detail: CallDetail, teamsOfAgent: (agentId: string) => string[]): boolean {
  if (can(p, 'records.view')) return recordInScope(p, detail, teamsOfAgent);
  const agentId = detail.call.agentId;
  return agentId !== undefined && ownAgentIds(p).includes(agentId);
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
