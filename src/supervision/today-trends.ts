/**
 * The day in 15-minute intervals: calls per interval and agents per state through the day. Pure.
 *
 * A call counts in the interval of each moment it stands for, so a call spanning intervals lands
 * in several: offered in the interval it entered its queue, answered in the one it was answered,
 * abandoned in the one the caller hung up (an IVR abandon: its end). Outbound: dialed at its
 * start, answered when the customer picked up. Agents per state are sampled at each interval's
 * end (now, for the interval under way) from their state at midnight and the day's changes.
 * Interval starts are instants (epoch ms); an interval is 15 minutes of real time from local
 * midnight, so a day with a clock change simply has 4 intervals more or fewer.
 */
import type { AgentStateName } from '../core/events.js';
import { isAbandonedInIvr, isAbandonedInQueue, isAnswered, isOffered } from './today-aggregation.js';
import type { DayRows, TodayTrends, TrendAgentState, TrendInterval } from './today-figures.js';

export const TREND_INTERVAL_MS = 15 * 60_000;

/** The trend bucket of an agent state; null: not on the floor. */
function bucketOf(state: AgentStateName): TrendAgentState | null {
  switch (state) {
    case 'available':
    case 'not_ready':
    case 'wrap_up':
      return state;
    case 'offered':
    case 'on_contact':
    case 'outbound':
      return 'on_contact';
    default:
      return null;
  }
}

/** Index of the interval holding `at`, or undefined outside [since, now]. */
export function intervalIndex(since: number, at: number, count: number): number | undefined {
  if (at < since) return undefined;
  const i = Math.floor((at - since) / TREND_INTERVAL_MS);
  return i < count ? i : undefined;
}

export function foldTrends(rows: DayRows, since: number, now: number, timeZone: string): TodayTrends {
  const count = Math.max(1, Math.ceil((now - since + 1) / TREND_INTERVAL_MS));
  const intervals: TrendInterval[] = Array.from({ length: count }, (_, i) => ({
    start: since + i * TREND_INTERVAL_MS,
    inboundOffered: 0,
    inboundAnswered: 0,
    inboundAbandoned: 0,
    outboundDialed: 0,
    outboundAnswered: 0,
    agents: { available: 0, not_ready: 0, on_contact: 0, wrap_up: 0 },
  }));
  const add = (at: number | null, field: 'inboundOffered' | 'inboundAnswered' | 'inboundAbandoned' | 'outboundDialed' | 'outboundAnswered'): void => {
    if (at === null) return;
    const i = intervalIndex(since, at, count);
    const slot = i === undefined ? undefined : intervals[i];
    if (slot) slot[field]++;
  };
  for (const c of rows.calls) {
    if (c.direction === 'outbound') {
      add(c.startedAt, 'outboundDialed');
      if (c.answeredAt !== null) add(c.answeredAt, 'outboundAnswered');
      continue;
    }
    if (isOffered(c)) add(c.queuedAt ?? c.startedAt, 'inboundOffered');
    if (isAnswered(c)) add(c.answeredAt, 'inboundAnswered');
    if (isAbandonedInQueue(c) || isAbandonedInIvr(c)) add(c.endedAt, 'inboundAbandoned');
  }

  const state = new Map<string, AgentStateName>(rows.agentStatesAtStart.map((s) => [s.agentId, s.state]));
  const changes = [...rows.agentChanges].sort((a, b) => a.at - b.at);
  let next = 0;
  for (const slot of intervals) {
    const sampleAt = Math.min(slot.start + TREND_INTERVAL_MS, now);
    while (next < changes.length && (changes[next]?.at ?? Infinity) <= sampleAt) {
      const ch = changes[next++];
      if (ch) state.set(ch.agentId, ch.to);
    }
    for (const s of state.values()) {
      const b = bucketOf(s);
      if (b) slot.agents[b]++;
    }
  }
  return { since, at: now, timeZone, intervalMs: TREND_INTERVAL_MS, intervals };
}
