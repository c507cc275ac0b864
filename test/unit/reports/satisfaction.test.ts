/** Issue 14: the satisfaction report's definitions (responses, average, CSAT = share of 4-5, spread), groups and a lead's scope. */
import { describe, expect, it } from 'vitest';
import { satisfactionFigures, satisfactionReport, type SurveyAnswer } from '../../../src/reports/satisfaction.js';

const DAY = 86_400_000;
const T = Date.UTC(2026, 11, 6, 16, 0); // midnight in Shanghai
const a = (hour: number, score: number, extra: Partial<SurveyAnswer> = {}): SurveyAnswer => ({ at: T + hour * 3_600_000, score, media: 'voice', agentId: 'a1', queueId: 'q1', ...extra });
const ctx = { scope: { all: true } as const, queues: [{ id: 'q1', name: '售后' }, { id: 'q2', name: 'Sales' }], agentName: (id: string) => ({ a1: 'Alice', a2: 'Bob' })[id] };

describe('satisfaction figures', () => {
  it('given answers 5, 4, 3 and 1 then four responses, average 3.25, CSAT one half, and the spread per score', () => {
    expect(satisfactionFigures([a(1, 5), a(1, 4), a(1, 3), a(1, 1)])).toEqual({ responses: 4, averageScore: 3.25, csat: 0.5, distribution: [1, 0, 1, 1, 1] });
    expect(satisfactionFigures([])).toEqual({ responses: 0, averageScore: null, csat: null, distribution: [0, 0, 0, 0, 0] });
  });

  it('given two days of answers by agent then each day and agent has its row, the totals cover the range, and answers outside it are left out', () => {
    const answers = [a(1, 5), a(2, 2, { agentId: 'a2', queueId: 'q2', media: 'chat' }), a(25, 4), a(49, 1), a(-1, 1)];
    const r = satisfactionReport(answers, { from: T, to: T + 2 * DAY, interval: 'day', timeZone: 'Asia/Shanghai', groupBy: 'agent' }, ctx);
    expect(r.groups).toEqual([
      { id: 'a1', name: 'Alice' },
      { id: 'a2', name: 'Bob' },
    ]);
    expect(r.rows.map((x) => [x.label.slice(0, 10), x.groupName, x.responses, x.averageScore])).toEqual([
      ['2026-12-07', 'Alice', 1, 5],
      ['2026-12-07', 'Bob', 1, 2],
      ['2026-12-08', 'Alice', 1, 4],
      ['2026-12-08', 'Bob', 0, null],
    ]);
    expect(r.totals.map((x) => [x.groupName, x.responses, x.csat])).toEqual([
      ['Alice', 2, 1],
      ['Bob', 1, 0],
    ]);
  });

  it('given grouping by media then voice and chat rows, each with its own answers', () => {
    const r = satisfactionReport([a(1, 5), a(2, 3, { media: 'chat' })], { from: T, to: T + DAY, interval: 'day', timeZone: 'Asia/Shanghai', groupBy: 'media' }, ctx);
    expect(r.totals.map((x) => [x.groupId, x.responses, x.averageScore])).toEqual([
      ['voice', 1, 5],
      ['chat', 1, 3],
    ]);
  });

  it("given a team lead then only answers about their teams' queues or agents count", () => {
    const scope = { all: false as const, queueIds: new Set(['q2']), agentIds: new Set(['a2']), teamIds: new Set(['t2']) };
    const answers = [a(1, 5), a(2, 4, { queueId: 'q2', agentId: 'a1' }), a(3, 1, { queueId: null, agentId: 'a2' })];
    const r = satisfactionReport(answers, { from: T, to: T + DAY, interval: 'day', timeZone: 'Asia/Shanghai', groupBy: 'none' }, { ...ctx, scope });
    expect(r.totals[0]).toMatchObject({ responses: 2, distribution: [1, 0, 0, 1, 0] });
  });
});
