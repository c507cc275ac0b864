/**
 * Issue 11, "Today so far": which call counts as what. One row per kind of call, each with every
 * count it lands in; a count not named is 0 for that call. The service level threshold is 20 s.
 */
import { describe, expect, it } from 'vitest';
import { groupFigures, wrapUpByCall } from '../../../src/supervision/today-aggregation.js';
import type { DayCallRow } from '../../../src/supervision/today-figures.js';
import { foldToday, todayForTeams } from '../../../src/supervision/today-view.js';

const T0 = 1_700_000_000_000;
const NOW = T0 + 3_600_000;
const s = (n: number) => T0 + n * 1_000;

const call = (extra: Partial<DayCallRow>): DayCallRow => ({
  id: 'c1',
  direction: 'inbound',
  queueId: 'q1',
  startedAt: s(0),
  queuedAt: s(10),
  answeredAt: null,
  endedAt: null,
  outcome: null,
  agentId: null,
  ...extra,
});

type Count = 'offered' | 'answered' | 'abandonedInQueue' | 'abandonedInIvr' | 'answeredInServiceLevel';
interface Row {
  situation: string;
  call: DayCallRow;
  counts: Count[];
  /** The wait the call adds (queue entry to answer or hang-up), when offered and over. */
  waitMs?: number;
}

const ROWS: Row[] = [
  { situation: 'answered 5 s after entering the queue', call: call({ answeredAt: s(15), endedAt: s(75), outcome: 'agent_answered', agentId: 'a1' }), counts: ['offered', 'answered', 'answeredInServiceLevel'], waitMs: 5_000 },
  { situation: 'answered exactly at the threshold (20 s)', call: call({ answeredAt: s(30), endedAt: s(90), outcome: 'agent_answered', agentId: 'a1' }), counts: ['offered', 'answered', 'answeredInServiceLevel'], waitMs: 20_000 },
  { situation: 'answered after the threshold (21 s)', call: call({ answeredAt: s(31), endedAt: s(90), outcome: 'agent_answered', agentId: 'a1' }), counts: ['offered', 'answered'], waitMs: 21_000 },
  { situation: 'answered and still talking', call: call({ answeredAt: s(12), agentId: 'a1' }), counts: ['offered', 'answered', 'answeredInServiceLevel'], waitMs: 2_000 },
  { situation: 'the caller hung up while waiting', call: call({ endedAt: s(40), outcome: 'queue_abandon' }), counts: ['offered', 'abandonedInQueue'], waitMs: 30_000 },
  { situation: "the caller hung up while an agent's phone rang", call: call({ endedAt: s(25), outcome: 'ring_no_answer' }), counts: ['offered', 'abandonedInQueue'], waitMs: 15_000 },
  { situation: 'the caller hung up within the quick-hangup time', call: call({ endedAt: s(12), outcome: 'caller_quick_hangup' }), counts: [] },
  { situation: 'the queue was closed', call: call({ endedAt: s(11), outcome: 'out_of_hours' }), counts: [] },
  { situation: 'the queue timed the caller out', call: call({ endedAt: s(310), outcome: 'queue_timeout' }), counts: ['offered'], waitMs: 300_000 },
  { situation: 'the daemon restarted while the caller waited', call: call({ endedAt: s(50), outcome: 'lost_on_restart' }), counts: ['offered'], waitMs: 40_000 },
  { situation: 'still waiting in the queue (offered; the wait is not over, so not in the wait figures)', call: call({}), counts: ['offered'] },
  { situation: 'the caller hung up in the IVR', call: call({ queueId: null, queuedAt: null, endedAt: s(30), outcome: 'ivr_abandon' }), counts: ['abandonedInIvr'] },
  { situation: 'the IVR finished the call itself', call: call({ queueId: null, queuedAt: null, endedAt: s(30), outcome: 'ivr_completed' }), counts: [] },
  { situation: 'still in the IVR', call: call({ queueId: null, queuedAt: null }), counts: [] },
  { situation: 'an outbound call (trends only)', call: call({ direction: 'outbound', queueId: null, queuedAt: null, answeredAt: s(5), endedAt: s(60), outcome: 'outbound_answered', agentId: 'a1' }), counts: [] },
];

const COUNTS: Count[] = ['offered', 'answered', 'abandonedInQueue', 'abandonedInIvr', 'answeredInServiceLevel'];
const center = (calls: DayCallRow[]) => groupFigures({ calls, wrapUp: new Map(), serviceLevelMs: () => 20_000, callbacksPending: 0, withIvr: true });

describe('Today figures: which call counts as what', () => {
  for (const row of ROWS) {
    it(`given a call where ${row.situation}, when the center's day is folded, then it counts as ${row.counts.join(', ') || 'nothing'}`, () => {
      const f = center([row.call]);
      for (const c of COUNTS) expect({ count: c, n: f[c] }).toEqual({ count: c, n: row.counts.includes(c) ? 1 : 0 });
      expect(f.longestWaitMs).toBe(row.waitMs ?? 0);
      expect(f.averageWaitMs).toBe(row.waitMs ?? null);
    });
  }

  it('given every kind of call at once, when folded, then answer rate and service level divide by the offered calls', () => {
    const calls = ROWS.map((r, i) => ({ ...r.call, id: `c${i}` }));
    const f = center(calls);
    const offered = ROWS.filter((r) => r.counts.includes('offered')).length;
    const answered = ROWS.filter((r) => r.counts.includes('answered')).length;
    const inSl = ROWS.filter((r) => r.counts.includes('answeredInServiceLevel')).length;
    expect(f.offered).toBe(offered);
    expect(f.answerRate).toBeCloseTo(answered / offered);
    expect(f.serviceLevel).toBeCloseTo(inSl / offered);
  });

  it('given no call yet, when folded, then the rates and averages are null rather than 0', () => {
    expect(center([])).toMatchObject({ offered: 0, answerRate: null, serviceLevel: null, averageWaitMs: null, averageHandleMs: null, longestWaitMs: 0 });
  });

  it("given an answered call and its agent's wrap-up after it, when folded, then handle time is talk and hold plus the wrap-up", () => {
    const c = call({ answeredAt: s(15), endedAt: s(75), outcome: 'agent_answered', agentId: 'a1' });
    const wrapUp = wrapUpByCall(
      [c],
      [
        { agentId: 'a1', at: s(75), from: 'on_contact', to: 'wrap_up' },
        { agentId: 'a1', at: s(95), from: 'wrap_up', to: 'available' },
      ],
    );
    expect(wrapUp.get('c1')).toBe(20_000);
    const f = groupFigures({ calls: [c], wrapUp, serviceLevelMs: () => 20_000, callbacksPending: 0, withIvr: false });
    expect(f.averageHandleMs).toBe(60_000 + 20_000);
    expect(f.abandonedInIvr).toBeNull();
  });

  it('given a wrap-up still under way, when folded, then it counts only once it ends (the figures move with events, not the clock)', () => {
    const c = call({ answeredAt: s(15), endedAt: s(75), outcome: 'agent_answered', agentId: 'a1' });
    expect(wrapUpByCall([c], [{ agentId: 'a1', at: s(76), from: 'on_contact', to: 'wrap_up' }]).has('c1')).toBe(false);
  });

  it("given two answered calls of one agent, when her wrap-up follows the second, then it belongs to the second", () => {
    const first = call({ id: 'first', answeredAt: s(15), endedAt: s(75), outcome: 'agent_answered', agentId: 'a1' });
    const second = call({ id: 'second', answeredAt: s(100), endedAt: s(160), outcome: 'agent_answered', agentId: 'a1' });
    const wrapUp = wrapUpByCall(
      [first, second],
      [
        { agentId: 'a1', at: s(160), from: 'on_contact', to: 'wrap_up' },
        { agentId: 'a1', at: s(170), from: 'wrap_up', to: 'available' },
      ],
    );
    expect([...wrapUp]).toEqual([['second', 10_000]]);
  });
});

describe('Today table: center, queues, teams and what a team lead sees', () => {
  const rows = {
    calls: [
      call({ id: 'a', queueId: 'sales', answeredAt: s(15), endedAt: s(75), outcome: 'agent_answered', agentId: 'a1' }),
      call({ id: 'b', queueId: 'support', endedAt: s(40), outcome: 'queue_abandon' }),
      call({ id: 'c', queueId: null, queuedAt: null, endedAt: s(30), outcome: 'ivr_abandon' }),
    ],
    agentChanges: [],
    agentStatesAtStart: [],
    callbacksPending: [{ queueId: 'support', count: 2 }],
    agentDays: [],
    chats: [
      // Began before midnight and still served: active today all the same.
      { id: 'ch-active', queueId: 'sales', state: 'active' as const, createdAt: T0 - 600_000, assignedAt: T0 - 300_000, endedAt: null },
      { id: 'ch-waiting', queueId: 'support', state: 'waiting' as const, createdAt: s(100), assignedAt: null, endedAt: null },
      { id: 'ch-served', queueId: 'sales', state: 'ended' as const, createdAt: s(0), assignedAt: s(10), endedAt: s(130) },
      // The visitor left before anybody took the chat: no chat time.
      { id: 'ch-left', queueId: 'support', state: 'ended' as const, createdAt: s(5), assignedAt: null, endedAt: s(50) },
      // Ended yesterday (an older chat the store read for another reason): not today's.
      { id: 'ch-yesterday', queueId: 'sales', state: 'ended' as const, createdAt: T0 - 900_000, assignedAt: T0 - 800_000, endedAt: T0 - 1 },
    ],
    chatMessages: [
      { queueId: 'sales', count: 7 },
      { queueId: 'support', count: 3 },
    ],
  };
  const ctx = {
    since: T0,
    now: NOW,
    timeZone: 'Asia/Shanghai',
    queues: [
      { id: 'sales', name: 'Sales' },
      { id: 'support', name: 'Support', serviceLevelMs: 30_000 },
      { id: 'empty', name: 'Empty' },
    ],
    teams: [
      { id: 't-sales', name: 'Sales team' },
      { id: 't-support', name: 'Support team' },
    ],
    queuesOfTeam: (t: string) => (t === 't-sales' ? ['sales'] : ['support']),
  };

  it("given calls in two queues and one in the IVR, when folded, then each queue has its own row, the center all, and each team its queues'", () => {
    const f = foldToday(rows, ctx);
    expect(f.center).toMatchObject({ offered: 2, answered: 1, abandonedInQueue: 1, abandonedInIvr: 1, callbacksPending: 2 });
    expect(f.queues.map((q) => [q.queueId, q.offered, q.serviceLevelMs])).toEqual([
      ['empty', 0, 20_000],
      ['sales', 1, 20_000],
      ['support', 1, 30_000],
    ]);
    expect(f.teams.map((t) => [t.teamId, t.offered, t.answered, t.callbacksPending])).toEqual([
      ['t-sales', 1, 1, 0],
      ['t-support', 1, 0, 2],
    ]);
  });

  it('given chats active, waiting, served and left, when folded, then each row counts its queues\' chats and the duration runs from the agent joining to the end', () => {
    const f = foldToday(rows, ctx);
    expect(f.center?.chats).toEqual({ active: 1, waiting: 1, messagesToday: 10, ended: 1, averageDurationMs: 120_000 });
    const byQueue = Object.fromEntries(f.queues.map((q) => [q.queueId, q.chats]));
    expect(byQueue.sales).toEqual({ active: 1, waiting: 0, messagesToday: 7, ended: 1, averageDurationMs: 120_000 });
    expect(byQueue.support).toEqual({ active: 0, waiting: 1, messagesToday: 3, ended: 0, averageDurationMs: null });
    expect(byQueue.empty).toEqual({ active: 0, waiting: 0, messagesToday: 0, ended: 0, averageDurationMs: null });
    expect(f.teams.map((t) => [t.teamId, t.chats.active, t.chats.waiting, t.chats.messagesToday])).toEqual([
      ['t-sales', 1, 0, 7],
      ['t-support', 0, 1, 3],
    ]);
  });

  it('given a team lead of the support team, when their view is taken, then they see their team and its queue only, and no center row', () => {
    const f = todayForTeams(foldToday(rows, ctx), ['t-support']);
    expect(f.center).toBeNull();
    expect(f.teams.map((t) => t.teamId)).toEqual(['t-support']);
    expect(f.queues.map((q) => q.queueId)).toEqual(['support']);
  });
});
