/**
 * Fire-and-forget work with a witness. Call handling, supervision and the adapters start work they
 * do not wait for (an announcement, a supervisor joining, a beep); a bare `void promise` lost its
 * failure, or left it to the process-level guard (core/unhandled.ts) with no context. Work started
 * through `BackgroundTasks.run` that fails is logged with its context and counted per task
 * (`switchboard_background_failures_total{task}`, registered in main.ts), so an alert can see it.
 * Expected outcomes (a channel gone, core/tolerate-gone.ts) are not failures: debug, not counted.
 */
import { isAppError } from './errors.js';
import type { Logger } from './log.js';
import { isGoneOutcome } from './tolerate-gone.js';

/** The metrics registry's Counter satisfies this; core does not know the registry. */
export interface FailureCounter {
  inc(labels: { task: string }): void;
}

export const BACKGROUND_FAILURES_METRIC = 'switchboard_background_failures_total';

export interface BackgroundOptions {
  /** Outcomes this task expects besides a gone channel / bridge (logged at debug, not counted). */
  expected?: (err: unknown) => boolean;
}

export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  /** Without a counter failures are only logged (tests and tools that build services alone). */
  constructor(
    private readonly log: Logger,
    private readonly failures?: FailureCounter,
  ) {}

  /**
   * Runs `work` without waiting for it. `task` is a fixed name (it becomes a metric label: never
   * an id); `context` carries the ids for the log line. Never throws, also when `work` throws
   * synchronously.
   */
  run(task: string, work: Promise<unknown> | (() => Promise<unknown>), context: Record<string, unknown> = {}, options: BackgroundOptions = {}): void {
    let started: Promise<unknown>;
    try {
      started = typeof work === 'function' ? work() : work;
    } catch (err) {
      started = Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    const settled = started.then(
      () => undefined,
      (err: unknown) => this.failed(task, context, err, options),
    );
    this.running.add(settled);
    // `settled` never rejects (failed() handles the error; only a throwing logger would, and the
    // process-level guard reports that).
    void settled.finally(() => this.running.delete(settled));
  }

  /** Resolves once every task started so far (and any they started meanwhile) has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private failed(task: string, context: Record<string, unknown>, err: unknown, options: BackgroundOptions): void {
    if (isGoneOutcome(err) || options.expected?.(err)) {
      this.log.debug({ ...context, task, code: isAppError(err) ? err.code : undefined }, `background task ${task}: an expected outcome`);
      return;
    }
    this.failures?.inc({ task });
    this.log.warn({ ...context, task, err }, `background task ${task} failed`);
  }
}
