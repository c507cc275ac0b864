/** The agent's day folded from stored legs (src/calls/agent-day.ts). */
import { describe, expect, it } from 'vitest';
import { summarizeAgentDay } from '../../../src/calls/agent-day.js';
import type { AnsweredLeg } from '../../../src/calls/history-ports.js';

const SINCE = 1_000_000;
const NOW = SINCE + 3_600_000;

const inbound = (callId: string, answeredAt: number, endedAt?: number): AnsweredLeg => ({
  callId,
  role: 'agent',
  direction: 'inbound',
  answeredAt,
  callAnsweredAt: answeredAt,
  ...(endedAt !== undefined ? { endedAt, callEndedAt: endedAt } : {}),
});

describe('summarizeAgentDay', () => {
  it('given no legs then everything is zero and the day start is kept', () => {
    expect(summarizeAgentDay([], 0, SINCE, NOW)).toEqual({ handled: 0, missed: 0, talkMs: 0, longestTalkMs: 0, since: SINCE });
  });

  it('given answered inbound calls then each counts once as handled, talk time is their sum and the longest is kept', () => {
    const legs = [inbound('c1', SINCE + 1_000, SINCE + 31_000), inbound('c2', SINCE + 60_000, SINCE + 150_000)];
    expect(summarizeAgentDay(legs, 2, SINCE, NOW)).toEqual({ handled: 2, missed: 2, talkMs: 120_000, longestTalkMs: 90_000, since: SINCE });
  });

  it('given a click-to-dial then talk runs from the customer answering, and one the customer never answered is not handled', () => {
    const answered: AnsweredLeg = { callId: 'o1', role: 'agent', direction: 'outbound', answeredAt: SINCE, callAnsweredAt: SINCE + 8_000, endedAt: SINCE + 68_000 };
    const unanswered: AnsweredLeg = { callId: 'o2', role: 'agent', direction: 'outbound', answeredAt: SINCE + 100_000, endedAt: SINCE + 130_000 };
    expect(summarizeAgentDay([answered, unanswered], 0, SINCE, NOW)).toMatchObject({ handled: 1, talkMs: 60_000, longestTalkMs: 60_000 });
  });

  it('given a consultation the agent answered then its talk time counts but the call is not handled by them', () => {
    const consult: AnsweredLeg = { callId: 'c9', role: 'consult', direction: 'inbound', answeredAt: SINCE + 10_000, endedAt: SINCE + 40_000, callAnsweredAt: SINCE };
    expect(summarizeAgentDay([consult], 0, SINCE, NOW)).toMatchObject({ handled: 0, talkMs: 30_000 });
  });

  it('given a call taken over from a colleague by attended transfer then it counts as handled by the one who took it, once', () => {
    const tookOver: AnsweredLeg = { callId: 'c10', role: 'consult', direction: 'inbound', answeredAt: SINCE + 10_000, endedAt: SINCE + 100_000, callAnsweredAt: SINCE, tookOver: true };
    expect(summarizeAgentDay([tookOver], 0, SINCE, NOW)).toMatchObject({ handled: 1, talkMs: 90_000 });
  });

  it('given a leg still live then it counts until now; one whose leg end was never stored ends with its call', () => {
    const live = inbound('c3', NOW - 5_000);
    const cut: AnsweredLeg = { callId: 'c4', role: 'agent', direction: 'inbound', answeredAt: SINCE, callAnsweredAt: SINCE, callEndedAt: SINCE + 7_000 };
    expect(summarizeAgentDay([live, cut], 0, SINCE, NOW)).toMatchObject({ handled: 2, talkMs: 12_000, longestTalkMs: 7_000 });
  });
});
