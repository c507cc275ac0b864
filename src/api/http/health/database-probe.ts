/**
 * The database check behind /healthz, shared. A load balancer, a monitoring system and anyone on
 * the network may ask /healthz as often as they like; one database round trip per request would
 * let a flood of health checks load the database the calls need. So concurrent requests share
 * one check in flight, and an answer is reused for `maxAgeMs` (a second by default: fresh enough
 * for any health checker, at most one query per second whatever the request rate).
 * A failing database is an expected outcome here (the answer is "degraded"), logged when it
 * starts failing and when it answers again, not once per request.
 */
import type { Logger } from '../../../core/log.js';

export class DatabaseProbe {
  private inFlight: Promise<boolean> | undefined;
  private last: { ok: boolean; at: number } | undefined;
  private wasOk = true;

  constructor(
    private readonly checkDb: () => Promise<void>,
    private readonly now: () => number,
    private readonly logger: Pick<Logger, 'warn' | 'info'>,
    private readonly maxAgeMs = 1000,
  ) {}

  /** Whether the database answered, from a check at most `maxAgeMs` old. */
  ok(): Promise<boolean> {
    if (this.last && this.now() - this.last.at < this.maxAgeMs) return Promise.resolve(this.last.ok);
    this.inFlight ??= this.run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async run(): Promise<boolean> {
    let ok = true;
    try {
      await this.checkDb();
    } catch (err) {
      ok = false;
      if (this.wasOk) this.logger.warn({ err }, 'health check: the database does not answer');
    }
    if (ok && !this.wasOk) this.logger.info({}, 'health check: the database answers again');
    this.wasOk = ok;
    this.last = { ok, at: this.now() };
    return ok;
  }
}
