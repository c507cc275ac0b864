/**
 * An agent's figures for the day, folded from what the store keeps (answered legs, missed offers),
 * so they are the same after a daemon restart as before it.
 *
 * - handled: calls in which the agent answered their own leg and the customer was connected
 *   (a click-to-dial the customer never picked up is not handled), and calls they took over from
 *   a colleague by attended transfer (the consultation ended with the call theirs). Being consulted
 *   alone does not count: the colleague keeps the call. A call taken over and then transferred
 *   again by attended transfer counts for whoever holds it last (the call keeps one agent).
 * - talkMs / longestTalkMs: per answered leg, consultations included, from the moment both sides
 *   talk (click-to-dial: the customer's answer) to the leg's end, or now while it lasts. Hold
 *   time is part of it.
 * - missed: passed in (offers that rang out or were rejected, from the routing engine's store).
 */
import type { AnsweredLeg } from './history-ports.js';

export interface AgentDay {
  handled: number;
  missed: number;
  talkMs: number;
  longestTalkMs: number;
  /** Start of the day the figures cover (epoch ms, local midnight of the center). */
  since: number;
}

/** When the conversation on this leg began, or undefined when it never did. */
function talkStart(leg: AnsweredLeg): number | undefined {
  if (leg.direction === 'outbound' && leg.role === 'agent') {
    return leg.callAnsweredAt === undefined ? undefined : Math.max(leg.answeredAt, leg.callAnsweredAt);
  }
  return leg.answeredAt;
}

export function summarizeAgentDay(legs: readonly AnsweredLeg[], missed: number, since: number, now: number): AgentDay {
  const handled = new Set<string>();
  let talkMs = 0;
  let longestTalkMs = 0;
  for (const leg of legs) {
    const start = talkStart(leg);
    if (start === undefined) continue;
    if (leg.role === 'agent' || leg.tookOver) handled.add(leg.callId);
    // A leg the store never saw end (the call is live) runs until now; the call's end bounds it.
    const end = leg.endedAt ?? leg.callEndedAt ?? now;
    const talk = Math.max(0, end - start);
    talkMs += talk;
    longestTalkMs = Math.max(longestTalkMs, talk);
  }
  return { handled: handled.size, missed, talkMs, longestTalkMs, since };
}
