/**
 * What counts as offered, answered, abandoned, in service level, wait and handle time: the one
 * definition behind the supervisor's live Today figures (src/supervision/today-*.ts) and the
 * historical reports (src/reports/), so that both agree on the same calls. Pure, no I/O.
 *
 * Which call counts as what (inbound calls started today; outbound calls count in the trends only):
 *   offered            reached a queue (queueId set), except a caller who hung up within the
 *                      quick-hangup time (caller_quick_hangup) and a call turned away because the
 *                      queue was closed (out_of_hours). A caller still waiting is offered already.
 *   answered           offered and an agent answered (answeredAt set).
 *   abandoned in queue offered, unanswered, and the caller hung up while waiting (queue_abandon)
 *                      or while an agent's phone rang (ring_no_answer).
 *   abandoned in IVR   the caller hung up in the IVR before reaching a queue (ivr_abandon); the
 *                      center's row only, since such a caller reached no queue.
 *   answer rate        answered / offered.
 *   service level      answered within the queue's threshold (queue entry to answer) / offered;
 *                      abandoned and still-waiting callers count in the denominator.
 *   wait               queue entry to answer or to hang-up (abandoned, timed out); average and
 *                      longest over the offered calls whose wait is over. A caller still waiting
 *                      is offered but not in the wait figures (the live tiles show that wait), so
 *                      the figures change with events only, never with the clock.
 *   handle time        answer to end of the call (talk and hold) plus the agent's wrap-up after it;
 *                      averaged over answered calls that have ended (a wrap-up under way counts
 *                      once it ends).
 *   callbacks pending  callback requests of the queue not yet called back.
 * A team's figures are those of the queues its agents serve.
 */
import type { AgentStateName } from './events.js';

/** One stored call, as the figures need it (the store's calls row and its contact). */
export interface FigureCall {
  id: string;
  direction: 'inbound' | 'outbound';
  /** The queue the call reached (the last one after a transfer or overflow); null: never queued. */
  queueId: string | null;
  startedAt: number;
  /** When the call entered its queue (the routing engine's contact); null when unknown. */
  queuedAt: number | null;
  /** When an agent answered (inbound) or the customer picked up (outbound). */
  answeredAt: number | null;
  endedAt: number | null;
  /** call-model.ts CallOutcome; null while the call lasts. */
  outcome: string | null;
  /** The agent on the call last. */
  agentId: string | null;
}

/** One change of an agent's state (acd_agent_transitions). */
export interface FigureAgentChange {
  agentId: string;
  at: number;
  from: AgentStateName;
  to: AgentStateName;
}

/** The figures of one group of calls: the center, a queue or a team (Today), an interval's group (reports). */
export interface CallGroupFigures {
  offered: number;
  answered: number;
  abandonedInQueue: number;
  /** Only the center has IVR abandons: a caller who left in the IVR reached no queue. */
  abandonedInIvr: number | null;
  /** answered / offered; null before anything was offered. */
  answerRate: number | null;
  answeredInServiceLevel: number;
  /** answeredInServiceLevel / offered; null before anything was offered. */
  serviceLevel: number | null;
  /** Over callers whose wait is over (answered or gone); null before any. */
  averageWaitMs: number | null;
  longestWaitMs: number;
  /** (talk + hold + wrap-up) / handled calls; null before a handled call ended. */
  averageHandleMs: number | null;
  callbacksPending: number;
}

export const DEFAULT_SERVICE_LEVEL_MS = 20_000;

const NOT_OFFERED = new Set(['caller_quick_hangup', 'out_of_hours']);
const ABANDONED_IN_QUEUE = new Set(['queue_abandon', 'ring_no_answer']);

export function isOffered(c: FigureCall): boolean {
  return c.direction === 'inbound' && c.queueId !== null && !(c.outcome !== null && NOT_OFFERED.has(c.outcome));
}
export function isAnswered(c: FigureCall): boolean {
  return isOffered(c) && c.answeredAt !== null;
}
export function isAbandonedInQueue(c: FigureCall): boolean {
  return isOffered(c) && c.answeredAt === null && c.outcome !== null && ABANDONED_IN_QUEUE.has(c.outcome);
}
export function isAbandonedInIvr(c: FigureCall): boolean {
  return c.direction === 'inbound' && c.outcome === 'ivr_abandon';
}

/** Queue entry to answer or hang-up; undefined while the caller waits. The call's start stands in for an unknown queue entry. */
export function waitMs(c: FigureCall): number | undefined {
  const to = c.answeredAt ?? c.endedAt;
  return to === null ? undefined : Math.max(0, to - (c.queuedAt ?? c.startedAt));
}

/**
 * Wrap-up time per call: each wrap-up spell of an agent belongs to that agent's answered call that
 * ended last before the spell began (a second of slack: the engine's state change and the call's
 * end are stamped apart). A spell still running counts once it ends.
 */
export function wrapUpByCall(
  calls: readonly FigureCall[],
  changes: readonly FigureAgentChange[],
  /** When given, a spell ending after this time of its call does not count (the reports' rule, reports/volume-parts.ts). */
  countsUntil?: (c: FigureCall) => number,
): Map<string, number> {
  const out = new Map<string, number>();
  // Per agent, their answered calls that ended, by end (a stable sort: equal ends keep call order,
  // and the first of them wins): each spell finds its call by binary search, so a month of calls
  // costs what a day did.
  const endedByAgent = new Map<string, FigureCall[]>();
  for (const c of calls) {
    if (c.answeredAt === null || c.endedAt === null || c.agentId === null) continue;
    const list = endedByAgent.get(c.agentId);
    if (list) list.push(c);
    else endedByAgent.set(c.agentId, [c]);
  }
  for (const list of endedByAgent.values()) list.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  const open = new Map<string, number>();
  const close = (agentId: string, at: number): void => {
    const start = open.get(agentId);
    if (start === undefined) return;
    open.delete(agentId);
    const list = endedByAgent.get(agentId) ?? [];
    // The last call ending at or before start + 1 s ...
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.endedAt ?? 0) <= start + 1_000) lo = mid + 1;
      else hi = mid;
    }
    let i = lo - 1;
    // ... the first of those ending at that same moment.
    while (i > 0 && list[i - 1]?.endedAt === list[i]?.endedAt) i--;
    const best = list[i];
    if (best && (countsUntil === undefined || at <= countsUntil(best))) out.set(best.id, (out.get(best.id) ?? 0) + Math.max(0, at - start));
  };
  for (const ch of [...changes].sort((a, b) => a.at - b.at)) {
    if (ch.from === 'wrap_up') close(ch.agentId, ch.at);
    if (ch.to === 'wrap_up') open.set(ch.agentId, ch.at);
  }
  return out;
}

export interface GroupInput {
  calls: readonly FigureCall[];
  /** Wrap-up per call id (wrapUpByCall). */
  wrapUp: ReadonlyMap<string, number>;
  serviceLevelMs: (queueId: string) => number;
  callbacksPending: number;
  /** Count IVR abandons (the center's row). */
  withIvr: boolean;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

/**
 * The additive parts the figures are made of: counts, sums and a maximum. The reports' interval
 * tables (sql/108) store these per quarter hour and sum them, so a figure read from them and one
 * folded from the calls are the same arithmetic over the same definitions.
 */
export interface CallParts {
  offered: number;
  answered: number;
  abandonedInQueue: number;
  abandonedInIvr: number;
  answeredInSl: number;
  waited: number;
  waitTotalMs: number;
  /** A maximum, not a sum: summed as max. */
  longestWaitMs: number;
  handled: number;
  handleTotalMs: number;
}

export const emptyCallParts = (): CallParts => ({
  offered: 0,
  answered: 0,
  abandonedInQueue: 0,
  abandonedInIvr: 0,
  answeredInSl: 0,
  waited: 0,
  waitTotalMs: 0,
  longestWaitMs: 0,
  handled: 0,
  handleTotalMs: 0,
});

/** Adds one call's share to `p` (mutates and returns it). */
export function addCallParts(p: CallParts, c: FigureCall, wrapUpMs: number, serviceLevelMs: (queueId: string) => number): CallParts {
  if (isAbandonedInIvr(c)) p.abandonedInIvr++;
  if (!isOffered(c)) return p;
  p.offered++;
  const wait = waitMs(c);
  if (wait !== undefined) {
    p.waited++;
    p.waitTotalMs += wait;
    p.longestWaitMs = Math.max(p.longestWaitMs, wait);
  }
  if (isAbandonedInQueue(c)) p.abandonedInQueue++;
  if (c.answeredAt === null) return p;
  p.answered++;
  if (c.queueId !== null && wait !== undefined && wait <= serviceLevelMs(c.queueId)) p.answeredInSl++;
  if (c.endedAt !== null) {
    p.handled++;
    p.handleTotalMs += Math.max(0, c.endedAt - c.answeredAt) + wrapUpMs;
  }
  return p;
}

/** The figures of summed parts. */
export function figuresOfParts(p: CallParts, withIvr: boolean, callbacksPending: number): CallGroupFigures {
  return {
    offered: p.offered,
    answered: p.answered,
    abandonedInQueue: p.abandonedInQueue,
    abandonedInIvr: withIvr ? p.abandonedInIvr : null,
    answerRate: ratio(p.answered, p.offered),
    answeredInServiceLevel: p.answeredInSl,
    serviceLevel: ratio(p.answeredInSl, p.offered),
    averageWaitMs: p.waited === 0 ? null : Math.round(p.waitTotalMs / p.waited),
    longestWaitMs: p.longestWaitMs,
    averageHandleMs: p.handled === 0 ? null : Math.round(p.handleTotalMs / p.handled),
    callbacksPending,
  };
}

/** The figures over the calls given (the caller picks the center's, a queue's, a team's or an interval's). */
export function groupFigures(g: GroupInput): CallGroupFigures {
  const p = emptyCallParts();
  for (const c of g.calls) addCallParts(p, c, g.wrapUp.get(c.id) ?? 0, g.serviceLevelMs);
  return figuresOfParts(p, g.withIvr, g.callbacksPending);
}
