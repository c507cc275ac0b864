/**
 * Fixed-window frame counting per key (a visitor, an address) on the injected clock: what
 * @fastify/rate-limit does for HTTP requests, for the frames of an open socket, which that
 * plugin never sees. Windows are dropped when they end, so idle keys cost nothing.
 */
import type { Clock } from '../../core/clock.js';

export class FrameBudget {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly perWindow: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one frame for every key; false (nothing counted) when any key is over its budget. */
  take(keys: readonly string[]): boolean {
    const now = this.clock.now();
    const current = keys.map((k) => {
      let w = this.windows.get(k);
      if (!w || now - w.start >= this.windowMs) this.windows.set(k, (w = { start: now, count: 0 }));
      return w;
    });
    if (current.some((w) => w.count >= this.perWindow)) return false;
    for (const w of current) w.count++;
    if (this.windows.size > 10_000) this.sweep(now);
    return true;
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
  }
}
