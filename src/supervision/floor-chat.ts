/**
 * The floor's chat figures (the `chat` half of every indicator, issue 11 with chat of issue 12),
 * on the same keys as the call figures so one threshold table and one strip serve both media:
 *
 *   online       logged-in agents who take chats (a chat capacity above 0)
 *   available    of those, agents the engine would offer a chat to now (a slot free, ready)
 *   notReady     of those, agents not ready (any reason)
 *   wrapUp       of those, agents in wrap-up
 *   handling     agents with at least one chat in hand
 *   inboundInProgress   chats in hand (every agent's, summed): the active chats
 *   waiting      chats waiting in a queue or being offered
 *   longestWait  seconds the longest-waiting chat has waited
 *
 * The call-only indicators (dialing out, consulted, monitoring, outbound idle, outbound in
 * progress, in IVR) are 0 for chat. Pure.
 */
import type { ChatInput } from './floor-scope.js';
import { zeroValues, type IndicatorValues } from './indicators.js';

export function chatValues(input: ChatInput): IndicatorValues {
  const v = zeroValues();
  for (const a of input.agents) {
    const chat = a.chat;
    if (!chat || chat.capacity <= 0) continue;
    v.online += 1;
    if (chat.free) v.available += 1;
    if (a.state === 'not_ready') v.notReady += 1;
    if (a.state === 'wrap_up') v.wrapUp += 1;
    if (chat.inHand > 0) v.handling += 1;
    v.inboundInProgress += chat.inHand;
  }
  let longest = 0;
  for (const w of input.waiting) longest = Math.max(longest, input.now - w.since);
  v.waiting = input.waiting.length;
  v.longestWait = Math.floor(longest / 1000);
  return v;
}
