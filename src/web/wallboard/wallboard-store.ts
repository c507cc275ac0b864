/**
 * The wallboard's model: one read of GET /api/wallboard after each (re)connect of the event
 * stream, then `floor.changed` events carry the new figures (no polling, no re-read per event).
 * A stream that drops reconnects by itself (event-stream.ts) and its `resync` re-reads, so the
 * wall shows the truth again without anybody touching it. A refused token ends the stream and the
 * page says so.
 */
import { signal } from '@preact/signals';
import { coalesced } from '../api/coalesce.js';
import { floorApi } from '../api/endpoints.js';
import type { EventStream, StreamStatus } from '../api/event-stream.js';
import { isApiError } from '../api/http.js';
import { noteServerTime } from '../api/server-clock.js';
import type { WallboardView } from '../api/types.js';

export class WallboardStore {
  readonly board = signal<WallboardView | null>(null);
  readonly status = signal<StreamStatus>('connecting');
  readonly refused = signal(false);
  readonly failed = signal(false);
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly stream: EventStream,
    private readonly token?: string,
  ) {}

  start(): void {
    this.status.value = this.stream.status;
    this.unsubscribe = this.stream.subscribe({
      status: (s) => {
        this.status.value = s;
      },
      resync: () => void this.refresh(),
      ended: () => {
        if (this.token) this.refused.value = true;
      },
      event: (e) => {
        const board = this.board.value;
        if (e.type === 'floor.changed' && board) {
          const names = new Map(board.queues.map((q) => [q.queueId, q.name]));
          // A queue new since the last read has no name here yet: read everything again.
          if (e.queues.some((q) => !names.has(q.queueId))) {
            void this.refresh();
            return;
          }
          this.board.value = { ...board, at: e.at, values: e.values, chat: e.chat, queues: e.queues.map((q) => ({ ...q, name: names.get(q.queueId) ?? q.queueId })) };
        } else if (e.type === 'config.changed' && (e.entity === 'indicator_settings' || e.entity === 'queue')) {
          void this.refresh();
        }
      },
    });
    if (this.stream.status === 'open') void this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
  }

  readonly refresh = coalesced(async () => {
    try {
      const sentAt = Date.now();
      const board = await floorApi.wallboard(this.token);
      noteServerTime(board.at, sentAt, Date.now());
      this.board.value = board;
      this.failed.value = false;
    } catch (err) {
      if (this.token && isApiError(err) && (err.status === 401 || err.status === 403)) this.refused.value = true;
      else this.failed.value = true;
      console.warn('wallboard: the read failed', err);
    }
  });
}
