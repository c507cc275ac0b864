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
  /** Chat: slots while logged in (0: takes no chats), chats in hand, a slot free and offered now. */
  chat?: { capacity: number; inHand: number; free: boolean };
}

/** A chat waiting in a queue (or being offered), since when. */
export interface WaitingChat {
  queueId: string;
  since: number;
}

export interface FloorSnapshot {
  now: number;
  agents: readonly WatchedAgent[];
  /** Live calls, with the queue of a waiting one. */
  calls: readonly (FloorCall & { queueId?: string })[];
  monitoring: FloorInput['monitoring'];
  /** Chats waiting for an agent (calls waiting are among `calls`). */
  waitingChats?: readonly WaitingChat[];
}

/** What the chat figures are counted from: agents and waiting chats, of the center or of teams. */
export interface ChatInput {
  now: number;
  agents: readonly WatchedAgent[];
  waiting: readonly WaitingChat[];
}

/** The chat floor of these teams (their agents, chats waiting in queues they serve), or of the center. */
export function chatInput(s: FloorSnapshot, teamIds?: readonly string[]): ChatInput {
  const waiting = s.waitingChats ?? [];
  if (!teamIds) return { now: s.now, agents: s.agents, waiting };
  const agents = s.agents.filter((a) => a.teamIds.some((t) => teamIds.includes(t)));
  const queues = new Set(agents.flatMap((a) => a.queueIds));
  return { now: s.now, agents, waiting: waiting.filter((w) => queues.has(w.queueId)) };
}

/** A floor narrowed to a scope: still the snapshot's own agents and calls (with their teams and queues). */
export interface ScopedFloor {
  now: number;
  agents: readonly WatchedAgent[];
  calls: FloorSnapshot['calls'];
  monitoring: FloorInput['monitoring'];
}

export function centerInput(s: FloorSnapshot): ScopedFloor {
  return { now: s.now, agents: s.agents, calls: s.calls, monitoring: s.monitoring };
}

/**
 * What one reader sees of the floor: everything (undefined: supervisors and admins) or the teams
 * they lead. The pushed counts (floor-watch.ts) and the console's read (GET /api/realtime/agents)
 * both scope through here.
 */
export function floorInScope(s: FloorSnapshot, ledTeamIds: readonly string[] | undefined): ScopedFloor {
  return ledTeamIds === undefined ? centerInput(s) : teamInput(s, ledTeamIds);
}

/** The floor of these teams together (a lead of several teams sees them as one floor). */
export function teamInput(s: FloorSnapshot, teamIds: readonly string[]): ScopedFloor {
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

/** One team's floor input, its agents with their queues. */
export type TeamFloor = Omit<FloorInput, 'agents'> & { agents: readonly WatchedAgent[] };

/**
 * `teamInput(s, [team])` for every team at once, in one pass over agents, calls and monitoring
 * sessions (the floor watch evaluates every team on each recount; one filter pass per team made it
 * teams x agents). Same members, same order as teamInput gives per team.
 */
export function teamInputs(s: FloorSnapshot): Map<string, TeamFloor> {
  const out = new Map<string, { agents: WatchedAgent[]; calls: FloorSnapshot['calls'][number][]; monitoring: FloorInput['monitoring'][number][] }>();
  const teamsOfAgent = new Map<string, readonly string[]>();
  const teamsOfQueue = new Map<string, Set<string>>();
  for (const a of s.agents) {
    teamsOfAgent.set(a.agentId, a.teamIds);
    for (const t of a.teamIds) {
      let group = out.get(t);
      if (!group) out.set(t, (group = { agents: [], calls: [], monitoring: [] }));
      group.agents.push(a);
      for (const q of a.queueIds) {
        let teams = teamsOfQueue.get(q);
        if (!teams) teamsOfQueue.set(q, (teams = new Set()));
        teams.add(t);
      }
    }
  }
  const teamsOfCall = new Map<string, Set<string>>();
  for (const c of s.calls) {
    const teams = new Set<string>();
    for (const t of c.agentId !== undefined ? (teamsOfAgent.get(c.agentId) ?? []) : []) teams.add(t);
    for (const t of c.consultAgentId !== undefined ? (teamsOfAgent.get(c.consultAgentId) ?? []) : []) teams.add(t);
    if ((c.state === 'queued' || c.state === 'offering') && c.queueId !== undefined) for (const t of teamsOfQueue.get(c.queueId) ?? []) teams.add(t);
    for (const t of teams) out.get(t)?.calls.push(c);
    teamsOfCall.set(c.callId, teams);
  }
  for (const m of s.monitoring) for (const t of teamsOfCall.get(m.callId) ?? []) out.get(t)?.monitoring.push(m);
  return new Map([...out].map(([t, g]) => [t, { now: s.now, agents: g.agents, calls: g.calls, monitoring: g.monitoring }]));
}
