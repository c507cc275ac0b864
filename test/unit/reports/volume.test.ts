/**
 * Issue 14, reports: the volume report's figures. They are the live Today definitions
 * (core/call-figures.ts), so the same calls give the same numbers as the Today table.
 */
import { describe, expect, it } from 'vitest';
import { groupFigures, wrapUpByCall } from '../../../src/core/call-figures.js';
import type { ReportCall, VolumeRows } from '../../../src/reports/ports.js';
import { volumeReport, type VolumeContext, type VolumeQuery } from '../../../src/reports/volume.js';

const DAY = Date.parse('2026-06-14T16:00:00Z'); // 00:00 in Shanghai
const H = 3_600_000;
const s = (n: number) => DAY + 9 * H + n * 1_000; // 09:00 local + n seconds

const call = (id: string, extra: Partial<ReportCall>): ReportCall => ({
  id,
  direction: 'inbound',
  queueId: 'q1',
  startedAt: s(0),
  queuedAt: s(10),
  answeredAt: null,
  endedAt: null,
  outcome: null,
  agentId: null,
  media: 'voice',
  holdMs: 0,
  transfers: 0,
  ...extra,
});

const calls: ReportCall[] = [
  // Answered 5 s after queue entry, 60 s connected of which 20 s held, one transfer; wrap-up 30 s.
  call('a', { answeredAt: s(15), endedAt: s(75), outcome: 'agent_answered', agentId: 'alice', holdMs: 20_000, transfers: 1 }),
  // Answered after 40 s (outside the 20 s service level), in queue 2.
  call('b', { queueId: 'q2', answeredAt: s(50), endedAt: s(110), outcome: 'agent_answered', agentId: 'bob' }),
  // Gave up in the queue.
  call('c', { endedAt: s(40), outcome: 'queue_abandon' }),
  // Gave up in the IVR: no queue.
  call('d', { queueId: null, queuedAt: null, endedAt: s(5), outcome: 'ivr_abandon' }),
  // Quick hang-up: not offered.
  call('e', { endedAt: s(12), outcome: 'caller_quick_hangup' }),
  // Next hour: answered within the service level.
  call('f', { startedAt: s(3600), queuedAt: s(3605), answeredAt: s(3610), endedAt: s(3700), outcome: 'agent_answered', agentId: 'alice' }),
  // A chat: answered when assigned; a chat whose visitor left unanswered.
  call('g', { media: 'chat', startedAt: s(100), queuedAt: s(100), answeredAt: s(130), endedAt: s(400), outcome: 'agent_answered', agentId: 'alice' }),
  call('h', { media: 'chat', startedAt: s(200), queuedAt: s(200), endedAt: s(300), outcome: 'queue_abandon' }),
];
const rows: VolumeRows = {
  calls,
  agentChanges: [
    { agentId: 'alice', at: s(75), from: 'on_contact', to: 'wrap_up' },
    { agentId: 'alice', at: s(105), from: 'wrap_up', to: 'available' },
  ],
  callbacks: [{ queueId: 'q1', agentId: null, at: s(30) }],
};
const ctx: VolumeContext = {
  scope: { all: true },
  serviceLevelMs: () => 20_000,
  queues: [
    { id: 'q1', name: 'Sales' },
    { id: 'q2', name: 'Care' },
  ],
  teams: [
    { id: 't1', name: 'Team One' },
    { id: 't2', name: 'Team Two' },
  ],
  agentName: (id) => ({ alice: 'Alice', bob: 'Bob' })[id],
  queuesOfTeam: (t) => (t === 't1' ? ['q1'] : ['q2']),
};
const query = (extra: Partial<VolumeQuery> = {}): VolumeQuery => ({ from: DAY, to: DAY + 24 * H, interval: 'hour', timeZone: 'Asia/Shanghai', groupBy: 'none', ...extra });

describe('volume report', () => {
  it('given a morning of calls when grouped by nothing per hour then each call counts in the hour it started, with the Today definitions', () => {
    const r = volumeReport(rows, query(), ctx);
    expect(r.intervals).toHaveLength(24);
    expect(r.rows).toHaveLength(24);
    const nine = r.rows[9]!;
    expect(nine).toMatchObject({ label: '2026-06-15T09:00+08:00', groupId: 'all', offered: 3, answered: 2, abandonedInQueue: 1, abandonedInIvr: 1, answeredInServiceLevel: 1, callbacks: 1, transfers: 1 });
    expect(nine.answerRate).toBeCloseTo(2 / 3);
    expect(nine.serviceLevel).toBeCloseTo(1 / 3);
    // Speed of answer: (5 s + 40 s) / 2.
    expect(nine.averageSpeedOfAnswerMs).toBe(22_500);
    // a: 40 s talk, 20 s hold, 30 s wrap-up; b: 60 s talk.
    expect(nine).toMatchObject({ averageTalkMs: 50_000, averageHoldMs: 10_000, averageWrapUpMs: 15_000, averageHandleMs: 75_000 });
    expect(r.rows[10]).toMatchObject({ offered: 1, answered: 1, answeredInServiceLevel: 1, serviceLevel: 1, abandonedInIvr: 0 });
    expect(r.rows[8]).toMatchObject({ offered: 0, answerRate: null, serviceLevel: null, averageHandleMs: null });
  });

  it('given the whole day when totalled then the figures are those the Today table folds from the same calls', () => {
    const r = volumeReport(rows, query(), ctx);
    const voice = calls.filter((c) => c.media === 'voice');
    const today = groupFigures({ calls: voice, wrapUp: wrapUpByCall(voice, rows.agentChanges), serviceLevelMs: () => 20_000, callbacksPending: 0, withIvr: true });
    const { callbacksPending: _p, ...same } = today;
    expect(r.totals[0]).toMatchObject(same);
  });

  it('given group by queue, team, agent and media when folded then each call lands in its group; chats only under media', () => {
    const byQueue = volumeReport(rows, query({ interval: 'day' }), ctx);
    expect(byQueue.totals.map((t) => [t.groupName, t.offered, t.answered])).toEqual([['', 4, 3]]);
    const q = volumeReport(rows, query({ interval: 'day', groupBy: 'queue' }), ctx);
    expect(q.totals.map((t) => [t.groupName, t.offered, t.answered, t.abandonedInIvr])).toEqual([
      ['Care', 1, 1, null],
      ['Sales', 3, 2, null],
    ]);
    const t = volumeReport(rows, query({ interval: 'day', groupBy: 'team' }), ctx);
    expect(t.totals.map((x) => [x.groupName, x.offered])).toEqual([
      ['Team One', 3],
      ['Team Two', 1],
    ]);
    const a = volumeReport(rows, query({ interval: 'day', groupBy: 'agent' }), ctx);
    expect(a.totals.map((x) => [x.groupName, x.answered])).toEqual([
      ['Alice', 2],
      ['Bob', 1],
    ]);
    const m = volumeReport(rows, query({ interval: 'day', groupBy: 'media' }), ctx);
    expect(m.totals.map((x) => [x.groupId, x.offered, x.answered, x.abandonedInQueue])).toEqual([
      ['voice', 4, 3, 1],
      ['chat', 2, 1, 1],
    ]);
  });

  it("given a team lead's scope when folded then only their queues count and there is no IVR figure", () => {
    const lead: VolumeContext = { ...ctx, scope: { all: false, queueIds: new Set(['q2']), agentIds: new Set(['bob']), teamIds: new Set(['t2']) } };
    const none = volumeReport(rows, query({ interval: 'day' }), lead);
    expect(none.totals).toMatchObject([{ offered: 1, answered: 1, abandonedInIvr: null, callbacks: 0 }]);
    expect(volumeReport(rows, query({ interval: 'day', groupBy: 'queue' }), lead).groups.map((g) => g.id)).toEqual(['q2']);
    expect(volumeReport(rows, query({ interval: 'day', groupBy: 'team' }), lead).groups.map((g) => g.id)).toEqual(['t2']);
    expect(volumeReport(rows, query({ interval: 'day', groupBy: 'agent' }), lead).groups.map((g) => g.id)).toEqual(['bob']);
  });

  it('given calls started outside the range when folded then they are left out', () => {
    const r = volumeReport(rows, query({ from: DAY + 10 * H, interval: 'day' }), ctx);
    expect(r.totals[0]).toMatchObject({ offered: 1, answered: 1 });
  });

  it('given more interval-and-group rows than one report answers when folded then a coded 400 names interval', () => {
    const many: VolumeContext = { ...ctx, queues: Array.from({ length: 600 }, (_, i) => ({ id: `q${i}`, name: `Q${i}` })) };
    expect(() => volumeReport(rows, query({ groupBy: 'queue', interval: '15m' }), many)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { problems: [expect.objectContaining({ where: '/interval' })] } }));
  });
});
