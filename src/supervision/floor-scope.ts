/**
 * The floor's inputs narrowed to one team, the way the supervisor console scopes a team lead
 * (src/api/http/supervisor/supervisor-routes.ts): the team's agents, the calls they are on (own or
 * consulted), and the callers waiting in queues those agents serve. Pure.
 */
import type { FloorCall, FloorInput } from './floor-indicators.js';

export interface WatchedAgent {
  agentId: string;
  state: FloorInput['agents'][number]['state'];
  reason: string | null;
  teamIds: readonly string[];
  /** Queues the agent serves. */
  queueIds: readonly string[];
}

export interface FloorSnapshot {
  now: number;
  agents: readonly WatchedAgent[];
  /** Live calls, with the queue of a waiting one. */
  calls: readonly (FloorCall & { queueId?: string })[];
  monitoring: FloorInput['monitoring'];
}

export function centerInput(s: FloorSnapshot): FloorInput {
  return { now: s.now, agents: s.agents, calls: s.calls, monitoring: s.monitoring };
}

/** The floor of these teams together (a lead of several teams sees them as one floor). */
export function teamInput(s: FloorSnapshot, teamIds: readonly string[]): FloorInput {
  const agents = s.agents.filter((a) => a.teamIds.some((t) => teamIds.includes(t)));
  const ids = new Set(agents.map((a) => a.agentId));
  const queues = new Set(agents.flatMap((a) => a.queueIds));
  const calls = s.calls.filter(
    (c) =>
      (c.agentId !== undefined && ids.has(c.agentId)) ||
      (c.consultAgentId !== undefined && ids.has(c.consultAgentId)) ||
      ((c.state === 'queued' || c.state === 'offering') && c.queueId !== undefined && queues.has(c.queueId)),
  );
  const callIds = new Set(calls.map((c) => c.callId));
  return { now: s.now, agents, calls, monitoring: s.monitoring.filter((m) => callIds.has(m.callId)) };
}

/** Every team that has an agent on the floor snapshot. */
export function teamsOf(s: FloorSnapshot): string[] {
  return [...new Set(s.agents.flatMap((a) => a.teamIds))].sort();
}
