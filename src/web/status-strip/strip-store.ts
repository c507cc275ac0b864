/**
 * The status strip's model: the caller's indicators (GET /api/supervision/my-indicators), read
 * again after each reconnect, when the floor changes and when an admin changes the settings.
 * A `floor.changed` carries the center's figures; a team lead's strip counts their teams, so it
 * re-reads instead of taking the center's numbers. No polling.
 */
import { signal } from '@preact/signals';
import { coalesced } from '../api/coalesce.js';
import { floorApi } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import { noteServerTime } from '../api/server-clock.js';
import type { MyIndicators } from '../api/types.js';
import { reportError } from '../kit/toast-store.js';

/** The signed-in user's settings and figures as last read: the console's agent list takes its time limits from here. */
export const myIndicators = signal<MyIndicators | null>(null);

export class StripStore {
  readonly strip = myIndicators;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly stream: EventStream) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({
      resync: () => void this.refresh(),
      event: (e) => {
        const current = this.strip.value;
        if (e.type === 'floor.changed' && current && current.audience !== 'team_lead') {
          this.strip.value = { ...current, at: e.at, values: e.values, chat: e.chat };
        } else if (e.type === 'floor.changed' || (e.type === 'config.changed' && e.entity === 'indicator_settings')) {
          void this.refresh();
        }
      },
    });
    void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  readonly refresh = coalesced(async () => {
    try {
      const sentAt = Date.now();
      const strip = await floorApi.mine();
      noteServerTime(strip.at, sentAt, Date.now());
      this.strip.value = strip;
    } catch (err) {
      reportError('strip.label', err);
    }
  });
}
