/**
 * The chat half of the Today table: pure, rows in, figures out. A chat counts in the row of its
 * queue (a team's row: the queues its agents serve, as for calls).
 *
 *   active            chats an agent is serving now (state active), whenever they began.
 *   waiting           chats waiting for an agent now (state waiting).
 *   messages today    messages visitors and agents wrote since midnight, in the row's queues; the
 *                     daemon's own lines (the "an agent joined" kind) are not messages.
 *   ended             chats an agent served that ended today.
 *   average duration  from the agent joining to the end, averaged over `ended`. The wait before an
 *                     agent joined is not chat time (it is the queue's wait); a chat nobody took
 *                     (the visitor left while waiting, or no agent) has no duration.
 */
import type { DayChatRow, TodayChatFigures } from './today-figures.js';

export function chatFigures(chats: readonly DayChatRow[], messagesOf: (queueId: string) => number, queueIds: Iterable<string>, since: number): TodayChatFigures {
  let active = 0;
  let waiting = 0;
  let ended = 0;
  let total = 0;
  for (const c of chats) {
    if (c.state === 'active') active++;
    else if (c.state === 'waiting') waiting++;
    else if (c.assignedAt !== null && c.endedAt !== null && c.endedAt >= since) {
      ended++;
      total += Math.max(0, c.endedAt - c.assignedAt);
    }
  }
  let messagesToday = 0;
  for (const q of queueIds) messagesToday += messagesOf(q);
  return { active, waiting, messagesToday, ended, averageDurationMs: ended === 0 ? null : Math.round(total / ended) };
}
