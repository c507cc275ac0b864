import type { Clock, TimerHandle } from '../../core/clock.js';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1 source for jitter; injected so tests get fixed delays. */
  random?: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000 };

/**
 * Exponential back-off with "equal jitter": half the window is fixed, half random, so many
 * daemons that lost the same Asterisk do not all knock at the same millisecond, yet each waits
 * at least half the nominal delay.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const window = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.min(attempt, 20));
  const r = (opts.random ?? Math.random)();
  return Math.round(window / 2 + (window / 2) * r);
}

/** One pending retry at a time, on the injected clock. */
export class Retrier {
  private attempt = 0;
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly opts: BackoffOptions,
  ) {}

  get attempts(): number {
    return this.attempt;
  }

  schedule(fn: () => void): number {
    this.cancel();
    const delay = backoffDelay(this.attempt, this.opts);
    this.attempt++;
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      fn();
    }, delay);
    return delay;
  }

  succeeded(): void {
    this.attempt = 0;
  }

  cancel(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
