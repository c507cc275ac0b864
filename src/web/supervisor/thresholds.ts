/**
 * How long an agent may stay in a state before the list marks them red. Fixed here for the first
 * slice of the console; per-role thresholds an admin sets (issue 11, "alert thresholds") replace
 * this table later. Break reasons with a maximum length (short break: 15 minutes) use it instead.
 */
import type { AgentStateName, BreakReason } from '../api/types.js';

const MINUTE = 60_000;

export const STATE_THRESHOLD_MS: Partial<Record<AgentStateName, number>> = {
  not_ready: 30 * MINUTE,
  wrap_up: 3 * MINUTE,
  on_contact: 15 * MINUTE,
  offered: 30_000,
};

/** The threshold for an agent's current state and reason; undefined: never late. */
export function thresholdOf(state: AgentStateName, reason: string | null, reasons: readonly BreakReason[]): number | undefined {
  if (state === 'not_ready' && reason) {
    const max = reasons.find((r) => r.code === reason)?.maxMinutes;
    if (typeof max === 'number' && max > 0) return max * MINUTE;
  }
  return STATE_THRESHOLD_MS[state];
}

export function isLate(state: AgentStateName, reason: string | null, since: number, now: number, reasons: readonly BreakReason[]): boolean {
  const limit = thresholdOf(state, reason, reasons);
  return limit !== undefined && now - since > limit;
}
