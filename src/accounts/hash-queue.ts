import { availableParallelism } from 'node:os';
import { AppError } from '../core/errors.js';

export interface HashQueueLimits {
  /** Hashes computed at once (each on a libuv worker thread, not the event loop). */
  concurrency: number;
  /** Hashes allowed to wait; one more is refused with LOGIN_BUSY. */
  maxWaiting: number;
  /** What LOGIN_BUSY tells the client to wait before retrying. */
  retryAfterSeconds: number;
}

/**
 * One core is left to the event loop: on a small box scrypt on every core starves live call
 * handling (a shift-start login rush on 2 cores made /healthz take seconds).
 */
export const DEFAULT_HASH_LIMITS: HashQueueLimits = {
  concurrency: Math.max(1, availableParallelism() - 1),
  maxWaiting: 256,
  retryAfterSeconds: 2,
};

/**
 * A bounded queue in front of the password hash. scrypt runs asynchronously on the libuv
 * thread pool, which is also where file and DNS work runs; unbounded, a login burst fills the
 * pool and every core. Here at most `concurrency` hashes run, `maxWaiting` wait in order, and
 * anything beyond is refused at once (503 LOGIN_BUSY with Retry-After) instead of piling up.
 */
export class HashQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: HashQueueLimits = DEFAULT_HASH_LIMITS) {}

  get depth(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.maxWaiting) {
        throw new AppError('LOGIN_BUSY', undefined, { retryAfterSeconds: this.limits.retryAfterSeconds });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` never drops and rises again.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
