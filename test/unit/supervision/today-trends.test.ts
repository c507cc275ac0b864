/** Issue 11: the day's trends per 15-minute interval, from local midnight of the center. */
import { describe, expect, it } from 'vitest';
import { startOfDay } from '../../../src/acd/realtime-seed.js';
import type { DayCallRow, DayRows } from '../../../src/supervision/today-figures.js';
import { foldTrends, TREND_INTERVAL_MS } from '../../../src/supervision/today-trends.js';

const MIN = 60_000;
const rowsOf = (calls: DayCallRow[], extra: Partial<DayRows> = {}): DayRows => ({ calls, agentChanges: [], agentStatesAtStart: [], callbacksPending: [], agentDays: [], chats: [], chatMessages: [], ...extra });
const inbound = (id: string, extra: Partial<DayCallRow>): DayCallRow => ({ id, direction: 'inbound', queueId: 'q1', startedAt: 0, queuedAt: null, answeredAt: null, endedAt: null, outcome: null, agentId: null, ...extra });

describe('Today trends', () => {
  it('given the center in Shanghai, when the day starts, then the first interval starts at local midnight (16:00 UTC the day before)', () => {
    const now = Date.UTC(2026, 11, 7, 1, 10); // 09:10 in Shanghai
    const since = startOfDay('Asia/Shanghai', now);
    expect(new Date(since).toISOString()).toBe('2026-12-06T16:00:00.000Z');
    const t = foldTrends(rowsOf([]), since, now, 'Asia/Shanghai');
    // 09:10 local: 36 full intervals and the one under way.
    expect(t.intervals).toHaveLength(37);
    expect(t.intervals[36]?.start).toBe(since + 36 * TREND_INTERVAL_MS);
  });

  it('given the same instant in New York, when bucketed, then the day and the intervals follow New York midnight', () => {
    const now = Date.UTC(2026, 11, 7, 1, 10); // 20:10 on 6 December in New York
    const since = startOfDay('America/New_York', now);
    expect(new Date(since).toISOString()).toBe('2026-12-06T05:00:00.000Z');
    expect(foldTrends(rowsOf([]), since, now, 'America/New_York').intervals).toHaveLength(81);
  });

  it('given a call queued at 00:14, answered at 00:16 and abandoned-free, when bucketed, then it is offered in the first interval and answered in the second', () => {
    const since = 0;
    const c = inbound('c1', { startedAt: 13 * MIN, queuedAt: 14 * MIN, answeredAt: 16 * MIN, endedAt: 40 * MIN, outcome: 'agent_answered', agentId: 'a1' });
    const t = foldTrends(rowsOf([c]), since, 50 * MIN, 'UTC');
    expect(t.intervals.map((i) => [i.inboundOffered, i.inboundAnswered, i.inboundAbandoned])).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('given a caller who waited from 00:10 and left at 00:31, and one who left the IVR at 00:20, when bucketed, then each abandon counts where the caller left', () => {
    const calls = [
      inbound('q', { queuedAt: 10 * MIN, endedAt: 31 * MIN, outcome: 'queue_abandon' }),
      inbound('i', { queueId: null, startedAt: 19 * MIN, endedAt: 20 * MIN, outcome: 'ivr_abandon' }),
      { ...inbound('o', { startedAt: 5 * MIN, answeredAt: 16 * MIN, outcome: 'outbound_answered' }), direction: 'outbound' as const, queueId: null },
    ];
    const t = foldTrends(rowsOf(calls), 0, 35 * MIN, 'UTC');
    expect(t.intervals.map((i) => [i.inboundOffered, i.inboundAbandoned, i.outboundDialed, i.outboundAnswered])).toEqual([
      [1, 0, 1, 0],
      [0, 1, 0, 1],
      [0, 1, 0, 0],
    ]);
  });

  it("given agents' states at midnight and their changes, when sampled, then each interval counts the states at its end", () => {
    const rows = rowsOf([], {
      agentStatesAtStart: [
        { agentId: 'a1', state: 'available' },
        { agentId: 'a2', state: 'logged_out' },
      ],
      agentChanges: [
        { agentId: 'a2', at: 5 * MIN, from: 'logged_out', to: 'not_ready' },
        { agentId: 'a1', at: 20 * MIN, from: 'available', to: 'offered' },
        { agentId: 'a1', at: 25 * MIN, from: 'offered', to: 'on_contact' },
        { agentId: 'a2', at: 30 * MIN, from: 'not_ready', to: 'wrap_up' },
      ],
    });
    const t = foldTrends(rows, 0, 31 * MIN, 'UTC');
    expect(t.intervals.map((i) => i.agents)).toEqual([
      { available: 1, not_ready: 1, on_contact: 0, wrap_up: 0 },
      { available: 0, not_ready: 0, on_contact: 1, wrap_up: 1 },
      { available: 0, not_ready: 0, on_contact: 1, wrap_up: 1 },
    ]);
  });
});
