/**
 * The supervisor console's live read: every agent with state, current contact, monitor and today's
 * figures, and the floor counts (src/supervision/floor-indicators.ts), in one answer so the page
 * re-reads one thing when the event stream says something changed. Team leads get their teams'
 * agents only, the floor counted over those agents, their calls and the queues they serve: the
 * same scoping as the counts pushed to them (supervision/floor-scope.ts floorInScope).
 */
import type { FastifyInstance } from 'fastify';
import type { RoutingService } from '../../../acd/routing-service.js';
import type { CallInfoLike } from '../../../calls/call-view.js';
import type { Clock } from '../../../core/clock.js';
import { agentActivities, floorCounts } from '../../../supervision/floor-indicators.js';
import { floorInScope, type FloorSnapshot } from '../../../supervision/floor-scope.js';
import { currentContactOf, floorCallOf, monitorsByAgent, waitingContactsOf } from '../../../supervision/floor-sources.js';
import type { SupervisionSession } from '../../../supervision/supervision-state.js';
import { errorBodySchema } from '../schemas.js';
import { seesAllTeams } from '../../team-scope.js';
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
      // Configured agents who are enabled or still logged in; the engine adds the teams of its profile.
      const listed = roster.filter((r) => r.enabled || (snapshots.get(r.id)?.state ?? 'logged_out') !== 'logged_out');
      const live = deps.acd.liveForRealtime();
      const waitingSince = new Map(live.waiting.map((w) => [w.contactId, w.since]));
      const allCalls = deps.calls();
      const liveCallIds = new Set(allCalls.map((c) => c.id));
      const liveSessions = deps.sessions().filter((x) => liveCallIds.has(x.callId));
      // One scoping rule for the console and the floor counts pushed to it (supervision/floor-scope.ts).
      const snapshot: FloorSnapshot = {
        now,
        agents: listed.map((r) => {
          const s = snapshots.get(r.id);
          return { agentId: r.id, state: s?.state ?? 'logged_out', reason: s?.reason ?? null, teamIds: teamsOf(r.id), queueIds: deps.acd.memberQueues(r.id) };
        }),
        calls: allCalls.map((c) => ({ ...floorCallOf(c, waitingSince), ...(c.queueId !== undefined ? { queueId: c.queueId } : {}) })),
        monitoring: liveSessions,
      };
      const scoped = floorInScope(snapshot, seesAllTeams(principal) ? undefined : (principal?.ledTeamIds ?? []));
      const inScope = new Set(scoped.agents.map((a) => a.agentId));
      const scopedCallIds = new Set(scoped.calls.map((c) => c.callId));
      const calls = allCalls.filter((c) => scopedCallIds.has(c.id));
      const sessions = liveSessions.filter((x) => scopedCallIds.has(x.callId));
      const floor = floorCounts(scoped);
      const activities = agentActivities(scoped);
      const monitors = monitorsByAgent(sessions, calls);
      const todays = await deps.agentDays();

      const agents = listed.filter((r) => inScope.has(r.id)).map((r) => {
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
      const leadQueues = seesAllTeams(principal) ? undefined : new Set(scoped.agents.flatMap((a) => a.queueIds));
      const waiting = waitingContactsOf(
        live.waiting.filter((w) => !leadQueues || leadQueues.has(w.queueId)),
        calls,
      );
      return { serverTime: now, agents, floor, waiting };
    },
  );
}
