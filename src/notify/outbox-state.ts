/**
 * A delivery's life in the outbox:
 *
 *            enqueue                 2xx
 *   (none) ----------> pending ---------------> delivered
 *                       |  ^ \
 *       network error,  |  |  \  4xx the receiver will never accept (not 408/429),
 *       5xx, 408, 429:  |  |   \ or the last attempt failed, or the rule is gone
 *       wait, then      +--+    +--------------> failed ----(admin: retry)----> pending
 *       again (back-off)
 *
 * Delivery is at least once: a daemon stopped after the receiver answered but before the row
 * became `delivered` sends it again after the restart, with the same id, which the receiver uses
 * to drop the repeat.
 */
import type { Delivery, SendResult } from './model.js';

/** Waits after attempt 1, 2, ...: about 10 h in total before giving up. */
export const RETRY_DELAYS_MS = [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 14_400_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

export type AttemptOutcome =
  | { status: 'delivered'; attempts: number; deliveredAt: number; httpStatus: number }
  | { status: 'pending'; attempts: number; nextAttemptAt: number; error: string; httpStatus?: number }
  | { status: 'failed'; attempts: number; error: string; httpStatus?: number };

export function afterAttempt(d: Pick<Delivery, 'attempts'>, result: SendResult, now: number): AttemptOutcome {
  const attempts = d.attempts + 1;
  if (result.ok) return { status: 'delivered', attempts, deliveredAt: now, httpStatus: result.httpStatus };
  const http = result.httpStatus !== undefined ? { httpStatus: result.httpStatus } : {};
  if (isFinalRefusal(result.httpStatus)) return { status: 'failed', attempts, error: result.error, ...http };
  const wait = RETRY_DELAYS_MS[attempts - 1];
  if (wait === undefined) return { status: 'failed', attempts, error: `gave up after ${attempts} attempts: ${result.error}`, ...http };
  return { status: 'pending', attempts, nextAttemptAt: now + wait, error: result.error, ...http };
}

/** A 4xx other than timeout and rate limit means the receiver rejects this request as such. */
function isFinalRefusal(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}
