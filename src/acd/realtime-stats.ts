import type { AgentStateName, DomainEvent } from '../core/events.js';

/**
 * The real-time view, folded from the domain event stream as it happens (never a batch job):
 * per queue waiting count and longest wait, today's offered / answered / abandoned, service level,
 * average wait and handle time, agents per state and reason; per team the same for its agents.
 * Deterministic and I/O free: the same events give the same view. "Today" is the day of the
 * event's time (`dayOf`); counters restart when an event of a new day arrives.
 *
 * After a restart `seed` puts back what is live (agents and waiting contacts) from the routing
 * service's snapshots; the day's counters start again from the events that follow.
 */
export interface RealtimeOptions {
  /** Answer-time threshold per queue for the service level (default 20 s). */
  serviceLevelMs?: (queueId: string) => number | undefined;
  /** Queues an agent serves (agents per state per queue). */
  queuesOf?: (agentId: string) => readonly string[];
  /** Day key of a time; default the UTC date. */
  dayOf?: (at: number) => string;
}

export interface QueueCounters {
  offered: number;
  answered: number;
  abandoned: number;
  exited: number;
  answeredInSl: number;
  waitMsTotal: number;
  handled: number;
  handleMsTotal: number;
}

export interface QueueView extends QueueCounters {
  queueId: string;
  waiting: number;
  longestWaitMs: number;
  /** Answered within the threshold / (answered + abandoned); null before any. */
  serviceLevel: number | null;
  averageWaitMs: number | null;
  averageHandleMs: number | null;
  agentsByState: Partial<Record<AgentStateName, number>>;
  notReadyByReason: Record<string, number>;
}

export interface TeamView {
  teamId: string;
  agentsByState: Partial<Record<AgentStateName, number>>;
  notReadyByReason: Record<string, number>;
  answered: number;
  handled: number;
  averageHandleMs: number | null;
}

export interface RealtimeView {
  at: number;
  day: string;
  queues: QueueView[];
  teams: TeamView[];
}

interface AgentLive {
  state: AgentStateName;
  reason: string | null;
  teamIds: string[];
}

interface Waiting {
  queueId: string;
  since: number;
}

interface Answered {
  queueId: string;
  agentId: string;
  at: number;
}

const emptyCounters = (): QueueCounters => ({ offered: 0, answered: 0, abandoned: 0, exited: 0, answeredInSl: 0, waitMsTotal: 0, handled: 0, handleMsTotal: 0 });

export class RealtimeStats {
  private day = '';
  private readonly agents = new Map<string, AgentLive>();
  private readonly waiting = new Map<string, Waiting>();
  /** Arrival time kept across overflows so the wait counts from the first queue. */
  private readonly firstSeen = new Map<string, number>();
  private readonly answered = new Map<string, Answered>();
  private queues = new Map<string, QueueCounters>();
  private teams = new Map<string, { answered: number; handled: number; handleMsTotal: number }>();

  constructor(private readonly opts: RealtimeOptions = {}) {}

  seed(live: { agents: { agentId: string; state: AgentStateName; reason: string | null; teamIds: string[] }[]; waiting: { contactId: string; queueId: string; since: number }[] }): void {
    for (const a of live.agents) this.agents.set(a.agentId, { state: a.state, reason: a.reason, teamIds: [...a.teamIds] });
    for (const w of live.waiting) {
      this.waiting.set(w.contactId, { queueId: w.queueId, since: w.since });
      this.firstSeen.set(w.contactId, w.since);
    }
  }

  apply(e: DomainEvent): void {
    this.rollDay(e.at);
    switch (e.type) {
      case 'agent.state_changed': {
        const prev = this.agents.get(e.agentId);
        const teamIds = e.scope.teamIds ?? prev?.teamIds ?? [];
        if (e.to === 'logged_out') this.agents.delete(e.agentId);
        else this.agents.set(e.agentId, { state: e.to, reason: e.reason ?? null, teamIds });
        return;
      }
      case 'agent.logged_out':
        this.agents.delete(e.agentId);
        return;
      case 'contact.enqueued': {
        const since = this.firstSeen.get(e.contactId) ?? e.at;
        this.firstSeen.set(e.contactId, since);
        this.waiting.set(e.contactId, { queueId: e.queueId, since });
        this.counters(e.queueId).offered++;
        return;
      }
      case 'contact.overflowed':
        this.waiting.delete(e.contactId);
        return;
      case 'contact.accepted': {
        const w = this.waiting.get(e.contactId);
        const c = this.counters(e.queueId);
        c.answered++;
        const waited = e.at - (w?.since ?? e.at);
        c.waitMsTotal += waited;
        if (waited <= (this.opts.serviceLevelMs?.(e.queueId) ?? 20_000)) c.answeredInSl++;
        this.team(e.agentId, (t) => t.answered++);
        this.waiting.delete(e.contactId);
        this.firstSeen.delete(e.contactId);
        this.answered.set(e.contactId, { queueId: e.queueId, agentId: e.agentId, at: e.at });
        return;
      }
      case 'contact.abandoned':
        this.counters(e.queueId).abandoned++;
        this.leave(e.contactId);
        return;
      case 'contact.exited':
        this.counters(e.queueId).exited++;
        this.leave(e.contactId);
        return;
      case 'contact.completed': {
        const a = this.answered.get(e.contactId);
        if (a) {
          const ms = e.at - a.at;
          const c = this.counters(a.queueId);
          c.handled++;
          c.handleMsTotal += ms;
          this.team(a.agentId, (t) => {
            t.handled++;
            t.handleMsTotal += ms;
          });
          this.answered.delete(e.contactId);
        }
        this.leave(e.contactId);
        return;
      }
      default:
        return;
    }
  }

  view(now: number): RealtimeView {
    this.rollDay(now);
    const queueIds = new Set<string>([...this.queues.keys()]);
    for (const w of this.waiting.values()) queueIds.add(w.queueId);
    const byQueue = new Map<string, { waiting: number; oldest: number }>();
    for (const w of this.waiting.values()) {
      const q = byQueue.get(w.queueId) ?? { waiting: 0, oldest: now };
      q.waiting++;
      q.oldest = Math.min(q.oldest, w.since);
      byQueue.set(w.queueId, q);
    }
    const queueAgents = new Map<string, { byState: Partial<Record<AgentStateName, number>>; byReason: Record<string, number> }>();
    const teamAgents = new Map<string, { byState: Partial<Record<AgentStateName, number>>; byReason: Record<string, number> }>();
    const count = (m: typeof queueAgents, key: string, a: AgentLive) => {
      const entry = m.get(key) ?? { byState: {}, byReason: {} };
      entry.byState[a.state] = (entry.byState[a.state] ?? 0) + 1;
      if (a.state === 'not_ready') entry.byReason[a.reason ?? 'unknown'] = (entry.byReason[a.reason ?? 'unknown'] ?? 0) + 1;
      m.set(key, entry);
    };
    for (const [agentId, a] of this.agents) {
      for (const q of this.opts.queuesOf?.(agentId) ?? []) {
        count(queueAgents, q, a);
        queueIds.add(q);
      }
      for (const t of a.teamIds) count(teamAgents, t, a);
    }
    const queues = [...queueIds].sort().map((queueId): QueueView => {
      const c = this.queues.get(queueId) ?? emptyCounters();
      const live = byQueue.get(queueId);
      const slBase = c.answered + c.abandoned;
      return {
        queueId,
        ...c,
        waiting: live?.waiting ?? 0,
        longestWaitMs: live ? now - live.oldest : 0,
        serviceLevel: slBase > 0 ? c.answeredInSl / slBase : null,
        averageWaitMs: c.answered > 0 ? Math.round(c.waitMsTotal / c.answered) : null,
        averageHandleMs: c.handled > 0 ? Math.round(c.handleMsTotal / c.handled) : null,
        agentsByState: queueAgents.get(queueId)?.byState ?? {},
        notReadyByReason: queueAgents.get(queueId)?.byReason ?? {},
      };
    });
    const teamIds = new Set<string>([...this.teams.keys(), ...teamAgents.keys()]);
    const teams = [...teamIds].sort().map((teamId): TeamView => {
      const t = this.teams.get(teamId) ?? { answered: 0, handled: 0, handleMsTotal: 0 };
      return {
        teamId,
        agentsByState: teamAgents.get(teamId)?.byState ?? {},
        notReadyByReason: teamAgents.get(teamId)?.byReason ?? {},
        answered: t.answered,
        handled: t.handled,
        averageHandleMs: t.handled > 0 ? Math.round(t.handleMsTotal / t.handled) : null,
      };
    });
    return { at: now, day: this.day, queues, teams };
  }

  private rollDay(at: number): void {
    const day = (this.opts.dayOf ?? utcDay)(at);
    if (day === this.day) return;
    if (this.day !== '' && day < this.day) return;
    this.day = day;
    this.queues = new Map();
    this.teams = new Map();
  }

  private counters(queueId: string): QueueCounters {
    let c = this.queues.get(queueId);
    if (!c) {
      c = emptyCounters();
      this.queues.set(queueId, c);
    }
    return c;
  }

  private team(agentId: string, fn: (t: { answered: number; handled: number; handleMsTotal: number }) => void): void {
    for (const teamId of this.agents.get(agentId)?.teamIds ?? []) {
      let t = this.teams.get(teamId);
      if (!t) {
        t = { answered: 0, handled: 0, handleMsTotal: 0 };
        this.teams.set(teamId, t);
      }
      fn(t);
    }
  }

  private leave(contactId: string): void {
    this.waiting.delete(contactId);
    this.firstSeen.delete(contactId);
  }
}

function utcDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Fold a list of events (tests, replays). */
export function foldRealtime(events: readonly DomainEvent[], now: number, opts: RealtimeOptions = {}): RealtimeView {
  const stats = new RealtimeStats(opts);
  for (const e of events) stats.apply(e);
  return stats.view(now);
}
