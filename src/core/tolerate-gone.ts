/**
 * One failure policy for clean-up and best-effort steps: a channel, bridge, recording or playback
 * that is no longer there is the goal reached (a channel can vanish at any moment, pbx/port.ts),
 * anything else is a failure someone must be able to see. `tolerateGone` never throws, so it can
 * sit in a finally, an error path or a teardown; it replaces `.catch(() => undefined)`, which hid
 * both alike.
 */
import { isAppError } from './errors.js';
import type { Logger } from './log.js';

/** What was being done, and to what, for the log line of a failure. */
export interface FailureContext {
  /** The step in words: "end the supervision session", "hang up an orphan channel". */
  what: string;
  callId?: string;
  channelId?: string;
  [field: string]: unknown;
}

export interface TolerateOptions {
  /** Outcomes this caller also expects (say OFFER_NOT_FOUND for a late report): logged at debug. */
  expected?: (err: unknown) => boolean;
  /** The level for anything unexpected; `warn` unless the step matters more. */
  level?: 'warn' | 'error';
}

/**
 * The media server's "not there": CHANNEL_GONE and BRIDGE_GONE (the adapters' mapping of
 * "Channel not found" / "Bridge not found"), NOT_FOUND (a recording or session we no longer know),
 * and a bare 404 the adapter passed on as PBX_REJECTED (an ARI playback or recording that finished
 * meanwhile).
 */
export function isGoneOutcome(err: unknown): boolean {
  if (isAppError(err, 'CHANNEL_GONE') || isAppError(err, 'BRIDGE_GONE') || isAppError(err, 'NOT_FOUND')) return true;
  return isAppError(err, 'PBX_REJECTED') && (err.details as { status?: unknown } | undefined)?.status === 404;
}

/**
 * Awaits `work` and resolves with its value, or with undefined when it failed. A gone outcome (or
 * one the caller names as expected) is logged at debug; anything else at warn (or `level`) with
 * the context and the error. Never rejects, also when `work` throws before returning a promise.
 */
export async function tolerateGone<T>(
  log: Logger,
  context: FailureContext,
  work: Promise<T> | (() => Promise<T>),
  options: TolerateOptions = {},
): Promise<T | undefined> {
  try {
    return await (typeof work === 'function' ? work() : work);
  } catch (err) {
    const { what, ...fields } = context;
    if (isGoneOutcome(err) || options.expected?.(err)) {
      log.debug({ ...fields, what, code: isAppError(err) ? err.code : undefined }, `${what}: an expected outcome`);
    } else {
      log[options.level ?? 'warn']({ ...fields, what, err }, `${what} failed`);
    }
    return undefined;
  }
}
