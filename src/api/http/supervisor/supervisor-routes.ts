/**
 * The supervisor console's live read: every agent with state, current contact, monitor and today's
 * figures, and the floor counts (src/supervision/floor-indicators.ts), in one answer so the page
 * re-reads one thing when the event stream says something changed. Team leads get their teams'
 * agents only, the floor counted over those agents, their calls and the queues they serve.
 */
import type { FastifyInstance } from 'fastify';
import type { RoutingService } from '../../../acd/routing-service.js';
import type { CallInfoLike } from '../../../calls/call-view.js';
import type { Clock } from '../../../core/clock.js';
import { agentActivities, floorCounts, type FloorCall } from '../../../supervision/floor-indicators.js';
import { currentContactOf, floorCallOf, monitorsByAgent, waitingContactsOf } from '../../../supervision/floor-sources.js';
import type { SupervisionSession } from '../../../supervision/supervision-state.js';
import { errorBodySchema } from '../schemas.js';
import { agentInScope, seesAllTeams } from '../../team-scope.js';
import { realtimeAgentsSchema } from './supervisor-schemas.js';

export interface RosterAgent {
  id: string;
  displayName: string;
  number: string;
  teamId: string | null;
  enabled: boolean;
}

export interface SupervisorRouteDeps {
  clock: Clock;
  acd: Pick<RoutingService, 'agents' | 'liveForRealtime' | 'memberQueues'>;
  calls(): CallInfoLike[];
  sessions(): SupervisionSession[];
  /** Configured agents: names, numbers, team. */
  roster(): Promise<RosterAgent[]>;
  teams(): Promise<{ id: string; name: string }[]>;
  /** Every agent's calls handled and offers missed today (the toolbar's definitions), from the day's figures: no query per agent. */
  agentDays(): Promise<Map<string, { handled: number; missed: number }>>;
}

export async function registerSupervisorRoutes(app: FastifyInstance, deps: SupervisorRouteDeps): Promise<void> {
  app.get(
    '/api/realtime/agents',
    {
      config: { permission: 'realtime.view' },
      schema: {
        summary: "The supervisor console: agents (state and reason, time in state, current contact, monitor, today's handled / missed), the floor counts and the contacts waiting (caller, queue, since); team leads see their own teams",
        tags: ['realtime', 'supervision'],
        response: { 200: realtimeAgentsSchema, 403: errorBodySchema },
      },
    },
    async (request) => {
      const now = deps.clock.now();
      const principal = request.principal;
      const [roster, teams] = await Promise.all([deps.roster(), deps.teams()]);
      const teamName = new Map(teams.map((t) => [t.id, t.name]));
      const snapshots = new Map(deps.acd.agents().map((a) => [a.id, a]));
      // By id: 200 consoles read this after events, and a find per agent was agents² at 5,000.
      const rosterById = new Map(roster.map((r) => [r.id, r]));
      const teamsOf = (id: string): string[] => {
        const configured = rosterById.get(id)?.teamId;
        return [...new Set([...(configured ? [configured] : []), ...(snapshots.get(id)?.profile?.teamIds ?? [])])];
      };
      const listed = roster.filter((r) => (r.enabled || (snapshots.get(r.id)?.state ?? 'logged_out') !== 'logged_out') && agentInScope(principal, r.id, teamsOf));
      const inScope = new Set(listed.map((r) => r.id));

      const live = deps.acd.liveForRealtime();
      const waitingSince = new Map(live.waiting.map((w) => [w.contactId, w.since]));
      const allCalls = deps.calls();
      // A lead sees the calls of their agents and the callers waiting in queues their agents serve.
      const leadQueues = seesAllTeams(principal) ? undefined : new Set([...inScope].flatMap((id) => deps.acd.memberQueues(id)));
      const calls = allCalls.filter((c) => {
        if (!leadQueues) return true;
        const f = floorCallOf(c, waitingSince);
        if ((f.agentId && inScope.has(f.agentId)) || (f.consultAgentId && inScope.has(f.consultAgentId))) return true;
        return (c.state === 'queued' || c.state === 'offering') && c.queueId !== undefined && leadQueues.has(c.queueId);
      });
      const floorCalls: FloorCall[] = calls.map((c) => floorCallOf(c, waitingSince));
      const floorAgents = listed.map((r) => {
        const s = snapshots.get(r.id);
        return { agentId: r.id, state: s?.state ?? 'logged_out', reason: s?.reason ?? null };
      });
      const callIds = new Set(calls.map((c) => c.id));
      const sessions = deps.sessions().filter((s) => callIds.has(s.callId));
      const floor = floorCounts({ now, agents: floorAgents, calls: floorCalls, monitoring: sessions });
      const activities = agentActivities({ agents: floorAgents, calls: floorCalls });
      const monitors = monitorsByAgent(sessions, calls);
      const todays = await deps.agentDays();

      const agents = listed.map((r) => {
        const s = snapshots.get(r.id);
        const state = s?.state ?? 'logged_out';
        return {
          agentId: r.id,
          name: r.displayName,
          number: r.number,
          teams: teamsOf(r.id).map((id) => ({ id, name: teamName.get(id) ?? id })),
          state,
          reason: state === 'not_ready' ? (s?.reason ?? null) : null,
          stateSince: s?.stateSince ?? now,
          activity: activities.get(r.id) ?? null,
          contact: state === 'logged_out' ? null : currentContactOf(r.id, calls, s?.work ?? []),
          monitor: monitors.get(r.id) ?? null,
          today: todays.get(r.id) ?? { handled: 0, missed: 0 },
        };
      });
      agents.sort((a, b) => a.name.localeCompare(b.name) || a.agentId.localeCompare(b.agentId));
      // A lead assigns from the lines of the queues their agents serve (the assign route scopes the agent).
      const waiting = waitingContactsOf(
        live.waiting.filter((w) => !leadQueues || leadQueues.has(w.queueId)),
        calls,
      );
      return { serverTime: now, agents, floor, waiting };
    },
  );
}
