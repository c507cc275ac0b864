import type { EngineContext } from './engine-core.js';
import { timer } from './engine-effects.js';
import type { QueueEntry } from './engine-model.js';

/**
 * The close timer of a queue with contacts in line (see engine-hours.ts): one per queue, at the
 * calendar's next change, asked once per open period and queue, not per contact. Apart from the
 * closing itself so that entering a queue (engine-queueing.ts) can set it without depending on
 * the closing, which exits contacts through the queue's own logic.
 */
export function watchClosing(cx: EngineContext, q: QueueEntry): void {
  const next = cx.deps.nextChange;
  if (!next) return;
  const at = next(q.config.id, cx.now);
  if (at === null) {
    cx.state.closeAt.set(q, Infinity);
    return;
  }
  // A port answering "now or earlier" must not make a timer loop; the next arrival asks again.
  if (at <= cx.now) return;
  cx.state.closeAt.set(q, at);
  timer(cx, { kind: 'hours', queueId: q.config.id }, at);
}
