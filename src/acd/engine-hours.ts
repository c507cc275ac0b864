import { moveContact, type EngineContext } from './engine-core.js';
import { watchClosing } from './engine-hours-watch.js';
import type { QueueEntry } from './engine-model.js';
import { withdrawAll } from './engine-offers.js';
import { exit, leaveLine } from './engine-queueing.js';

/**
 * Business hours for contacts already waiting. Arrival is checked by `enter` (closed: the queue's
 * closed action at once); this module makes the same happen to contacts still in line when the
 * calendar closes.
 *
 * A queue with contacts in line has one timer, at the calendar's next change (`nextChange` of the
 * BusinessHoursPort, asked once per open period and queue, not per contact; engine-hours-watch.ts).
 * When it fires and the queue is closed, every contact in line, in line order, gets the closed
 * action exactly as an arrival would: offers ringing are withdrawn (`closed`), another queue takes
 * it keeping its first arrival time, anything else ends it with a `contact.exited` (reason
 * `closed`) for the channel layer to carry out. Callbacks already in line are left alone: the
 * customer is not on the line and keeps the place until an agent calls back. If the queue is
 * still open (the calendar was edited), the timer is set again for the new change time. A
 * configuration update of the queue (the sync re-applies queues when a calendar changes) looks at
 * the hours again at once.
 */

/** The queue's hours timer fired. */
export function hoursChanged(cx: EngineContext, queueId: string): void {
  const q = cx.state.queues.get(queueId);
  if (!q) return;
  cx.state.closeAt.delete(q);
  reviewHours(cx, q);
}

/** The queue's configuration changed: its calendar may have too. */
export function queueReconfigured(cx: EngineContext, q: QueueEntry): void {
  cx.state.closeAt.delete(q);
  reviewHours(cx, q);
}

/** After a restart: queues that closed while the engine was down close now, the others are watched. */
export function reviewAllHours(cx: EngineContext): void {
  for (const q of cx.state.queues.values()) reviewHours(cx, q);
}

function reviewHours(cx: EngineContext, q: QueueEntry): void {
  if (!cx.deps.nextChange || q.line.size === 0) return;
  if (cx.deps.isOpen(q.config.id, cx.now)) watchClosing(cx, q);
  else closeQueue(cx, q);
}

function closeQueue(cx: EngineContext, q: QueueEntry): void {
  const line = q.line.ordered().filter((c) => c.rec.media !== 'callback');
  for (const c of line) {
    withdrawAll(cx, c, 'closed');
    leaveLine(cx, c);
    moveContact(c, 'offers_closed');
    exit(cx, c, q, 'closed', q.config.closedAction, 0);
  }
}
