/**
 * Call handling writes each call's records behind it (call-kernel.ts: one chain of writes per
 * call, in order). While PostgreSQL restarts or is unreachable those writes fail, and a call that
 * ended meanwhile would keep its stored record as "connected" for good: the call went on, its
 * history did not. So a write that failed because the database could not be reached waits and is
 * made again, with a growing pause, until it lands or `maxWaitMs` has passed (then it fails as
 * before: the kernel logs it with the call id). The call's later writes wait behind it, so the
 * order stays. Any other failure (a constraint, a bug) fails at once: no retry would fix it.
 *
 * A transition is a plain insert: when its first attempt landed but the answer was lost with the
 * connection, the retry meets its own row (a unique violation) and that is success.
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { CallLeg, CallRecord, CallTransition } from '../../calls/call-model.js';
import type { CallStore } from '../../calls/ports.js';
import { isDatabaseUnreachable, isUniqueViolation } from '../pg-errors.js';

export interface CallStoreRetryOptions {
  clock: Clock;
  log: Pick<Logger, 'info' | 'warn'>;
  /** How long one write may keep retrying (ms); 5 minutes unless a test says otherwise. */
  maxWaitMs?: number;
  /** First pause before a retry (ms); doubled each time up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export class CallStoreRetryingWhileUnreachable implements CallStore {
  private stopped = false;
  private readonly sleeping = new Map<TimerHandle, () => void>();
  readonly openCalls?: CallStore['openCalls'];
  readonly closeUnfinished?: CallStore['closeUnfinished'];

  constructor(
    private readonly store: CallStore,
    private readonly o: CallStoreRetryOptions,
  ) {
    // Start-up reads and closes: run before any call exists, their failure fails the start as before.
    if (store.openCalls) this.openCalls = store.openCalls.bind(store);
    if (store.closeUnfinished) this.closeUnfinished = store.closeUnfinished.bind(store);
  }

  saveCall(record: CallRecord): Promise<void> {
    return this.retrying('call', record.id, () => this.store.saveCall(record), false);
  }

  saveLeg(leg: CallLeg): Promise<void> {
    return this.retrying('leg', leg.callId, () => this.store.saveLeg(leg), false);
  }

  appendTransition(transition: CallTransition): Promise<void> {
    return this.retrying('transition', transition.callId, () => this.store.appendTransition(transition), true);
  }

  /** Shutdown: writes waiting for the database give up now (each fails with its last error). */
  stop(): void {
    this.stopped = true;
    for (const [handle, wake] of this.sleeping) {
      this.o.clock.clearTimeout(handle);
      wake();
    }
    this.sleeping.clear();
  }

  private async retrying(what: string, callId: string, write: () => Promise<void>, insertOnly: boolean): Promise<void> {
    const { clock, log } = this.o;
    const started = clock.now();
    let delay = this.o.firstDelayMs ?? 500;
    for (let attempt = 1; ; attempt++) {
      try {
        await write();
        if (attempt > 1) log.info({ callId, what, attempts: attempt, waitedMs: clock.now() - started }, 'a call write stored once the database answered again');
        return;
      } catch (err) {
        if (attempt > 1 && insertOnly && isUniqueViolation(err)) {
          log.info({ callId, what, attempts: attempt }, 'a call write was already stored: its answer had been lost with the connection');
          return;
        }
        if (!isDatabaseUnreachable(err) || this.stopped || clock.now() - started >= (this.o.maxWaitMs ?? 300_000)) throw err;
        if (attempt === 1) log.warn({ callId, what, err }, 'the database is unreachable: this call write waits and is retried');
        await this.sleep(delay);
        delay = Math.min(delay * 2, this.o.maxDelayMs ?? 10_000);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.o.clock.setTimeout(() => {
        this.sleeping.delete(handle);
        resolve();
      }, ms);
      this.sleeping.set(handle, resolve);
    });
  }
}
