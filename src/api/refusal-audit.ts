/**
 * Audit entries for refusals that matter (a login throttled, a widget flood), once per source
 * and action per window: a flood of 10,000 refused requests must not become 10,000 database
 * writes (that would make the refusal itself the denial of service). The first refusal of a
 * window is recorded at once; how many followed is in the next window's entry (`suppressed`).
 * Details never carry what was sent (no password, no token, no message text).
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';

const MAX_KEYS = 10_000;

export class RefusalAudit {
  private readonly windows = new Map<string, { start: number; suppressed: number }>();

  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly windowMs = 60_000,
  ) {}

  /** A refusal of `action` (e.g. `auth.login_throttled`) for the client at `ip`. */
  refused(action: string, ip: string, details: Record<string, unknown> = {}): void {
    const now = this.clock.now();
    const key = `${action} ${ip}`;
    const w = this.windows.get(key);
    if (w && now - w.start < this.windowMs) {
      w.suppressed++;
      return;
    }
    const suppressed = w?.suppressed ?? 0;
    if (this.windows.size >= MAX_KEYS) this.sweep(now);
    this.windows.set(key, { start: now, suppressed: 0 });
    this.audit.record({ action, ip, details: { ...details, ...(suppressed > 0 ? { suppressedBefore: suppressed } : {}) } }).then(
      () => undefined,
      (err: unknown) => this.logger.warn({ err, action, ip }, 'audit entry of a refusal could not be written'),
    );
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
    // Still full (a spread-out flood): forget the oldest; at worst one more entry per address.
    for (const k of this.windows.keys()) {
      if (this.windows.size < MAX_KEYS) break;
      this.windows.delete(k);
    }
  }
}
