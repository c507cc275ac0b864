/**
 * The Today section's model: the day's figures and trends (GET /api/realtime/today and /trends).
 * The daemon says when they changed (realtime.today_changed on /api/ws); a reconnect re-reads.
 * Separate from ConsoleStore: the floor re-reads on every call and agent event, the day only when
 * the daemon has folded a change.
 */
import { signal } from '@preact/signals';
import { coalesced } from '../api/coalesce.js';
import { supervisor } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import type { TodayFigures, TodayTrends } from '../api/types.js';
import { reportError } from '../kit/toast-store.js';

export class TodayStore {
  readonly figures = signal<TodayFigures | null>(null);
  readonly trends = signal<TodayTrends | null>(null);
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly stream: EventStream) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({
      resync: () => void this.refresh(),
      event: (e) => {
        if (e.type === 'realtime.today_changed') void this.refresh();
      },
    });
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  readonly refresh = coalesced(async () => {
    try {
      const [figures, trends] = await Promise.all([supervisor.today(), supervisor.trends()]);
      this.figures.value = figures;
      this.trends.value = trends;
    } catch (err) {
      reportError('supervisor.today.load', err);
    }
  });
}
