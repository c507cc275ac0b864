/**
 * How long an agent may stay in a state before the list marks them red: a break reason's own
 * maximum (short break: 15 minutes) first, then the limit an admin set for the viewer's role
 * (`stateLimits` of the indicator settings, seconds), else this built-in table.
 */
import type { AgentStateName, BreakReason } from '../api/types.js';

const MINUTE = 60_000;

export const STATE_THRESHOLD_MS: Partial<Record<AgentStateName, number>> = {
  not_ready: 30 * MINUTE,
  wrap_up: 3 * MINUTE,
  on_contact: 15 * MINUTE,
  offered: 30_000,
};

/** Seconds per state an admin set (null or absent: the built-in limit). */
export type StateLimits = Partial<Record<string, number | null>>;

/** The threshold for an agent's current state and reason; undefined: never late. */
export function thresholdOf(state: AgentStateName, reason: string | null, reasons: readonly BreakReason[], limits: StateLimits = {}): number | undefined {
  if (state === 'not_ready' && reason) {
    const max = reasons.find((r) => r.code === reason)?.maxMinutes;
    if (typeof max === 'number' && max > 0) return max * MINUTE;
  }
  const set = limits[state];
  if (typeof set === 'number') return set * 1000;
  return STATE_THRESHOLD_MS[state];
}

export function isLate(state: AgentStateName, reason: string | null, since: number, now: number, reasons: readonly BreakReason[], limits: StateLimits = {}): boolean {
  const limit = thresholdOf(state, reason, reasons, limits);
  return limit !== undefined && now - since > limit;
}
