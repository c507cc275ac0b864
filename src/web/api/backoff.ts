/**
 * How long to wait before reconnect attempt n (0-based): 0.5 s doubling to 15 s, each drawn
 * between half and all of that so a hundred agents' pages do not all knock at the same instant
 * when the daemon comes back after a restart.
 */
export const BACKOFF_FIRST_MS = 500;
export const BACKOFF_MAX_MS = 15_000;

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
