import { RemovalEngine } from './engine-removal.js';
import { TIMER_KEY_SEPARATOR, timerKey, type ContactEntry, type QueueEntry } from './engine-model.js';
import type { ExitAction, ExitReason, QueueConfig } from './types.js';

const HOURS_PREFIX = `hours${TIMER_KEY_SEPARATOR}`;

/**
 * Business hours for contacts already waiting. Arrival is checked by `enter` (closed: the queue's
 * closed action at once); this layer makes the same happen to contacts still in line when the
 * calendar closes.
 *
 * A queue with contacts in line has one timer, at the calendar's next change (`nextChange` of the
 * BusinessHoursPort, asked once per open period and queue, not per contact). When it fires and
 * the queue is closed, every contact in line, in line order, gets the closed action exactly as an
 * arrival would: offers ringing are withdrawn (`closed`), another queue takes it keeping its first
 * arrival time, anything else ends it with a `contact.exited` (reason `closed`) for the channel
 * layer to carry out. Callbacks already in line are left alone: the customer is not on the line
 * and keeps the place until an agent calls back. If the queue is still open (the calendar was
 * edited), the timer is set again for the new change time. A configuration update of the queue
 * (the sync re-applies queues when a calendar changes) looks at the hours again at once.
 */
export class HoursEngine extends RemovalEngine {
  /** Queues with a close timer, and its instant (Infinity: the calendar never closes). */
  private readonly closeAt = new Map<QueueEntry, number>();

  override upsertQueue(config: QueueConfig): void {
    super.upsertQueue(config);
    const q = this.queues.get(config.id);
    if (!q) return;
    this.closeAt.delete(q);
    this.reviewHours(q);
  }

  override removeQueue(queueId: string): boolean {
    const q = this.queues.get(queueId);
    if (q && this.closeAt.delete(q)) this.cancelTimer(timerKey('hours', queueId));
    return super.removeQueue(queueId);
  }

  override fire(key: string): void {
    if (!key.startsWith(HOURS_PREFIX)) return super.fire(key);
    const q = this.queues.get(key.slice(HOURS_PREFIX.length));
    if (!q) return;
    this.closeAt.delete(q);
    this.reviewHours(q);
  }

  protected override enter(c: ContactEntry, q: QueueEntry, hops: number): { queueId: string; reason: ExitReason; action: ExitAction } | null {
    const exit = super.enter(c, q, hops);
    // The arrival check just found the queue open; only the close time is missing, if anything.
    if (exit === null && q.line.has(c) && !this.closeAt.has(q)) this.scheduleClose(q);
    return exit;
  }

  /** After a restart: queues that closed while the engine was down close now, the others are watched. */
  protected reviewAllHours(): void {
    for (const q of this.queues.values()) this.reviewHours(q);
  }

  private reviewHours(q: QueueEntry): void {
    if (!this.deps.nextChange || q.line.size === 0) return;
    if (this.deps.isOpen(q.config.id, this.now)) this.scheduleClose(q);
    else this.closeQueue(q);
  }

  private scheduleClose(q: QueueEntry): void {
    const next = this.deps.nextChange;
    if (!next) return;
    const at = next(q.config.id, this.now);
    if (at === null) {
      this.closeAt.set(q, Infinity);
      return;
    }
    // A port answering "now or earlier" must not make a timer loop; the next arrival asks again.
    if (at <= this.now) return;
    this.closeAt.set(q, at);
    this.timer(timerKey('hours', q.config.id), at);
  }

  private closeQueue(q: QueueEntry): void {
    const line = [...q.line].filter((c) => c.rec.media !== 'callback').sort((x, y) => x.rec.rank - y.rec.rank || x.rec.seq - y.rec.seq);
    for (const c of line) {
      this.withdrawAll(c, 'closed');
      this.leaveLine(c);
      c.rec.state = 'waiting';
      this.exit(c, q, 'closed', q.config.closedAction, 0);
    }
  }
}
