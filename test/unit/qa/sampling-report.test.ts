import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../../src/qa/model.js';
import { qaReport } from '../../../src/qa/qa-report.js';
import { sampleContacts, sampleKey, type SampleCandidate } from '../../../src/qa/sampling.js';
import type { Scorecard } from '../../../src/qa/scorecard.js';
import { callCard } from './fixtures.js';

const DAY = 86_400_000;
const MON = Date.UTC(2026, 10, 2); // a Monday

describe('samples', () => {
  const candidates: SampleCandidate[] = [];
  for (let i = 0; i < 20; i++) candidates.push({ kind: i % 2 ? 'chat' : 'call', id: `c${i}`, agentId: i < 12 ? 'a1' : 'a2', startedAt: MON + i * 1000 });

  it('given 12 and 8 contacts when 5 per agent are asked then each agent gets 5, oldest first', () => {
    const picked = sampleContacts(candidates, 5, 'seed');
    expect(picked.filter((c) => c.agentId === 'a1')).toHaveLength(5);
    expect(picked.filter((c) => c.agentId === 'a2')).toHaveLength(5);
    const a1 = picked.filter((c) => c.agentId === 'a1').map((c) => c.startedAt);
    expect(a1).toEqual([...a1].sort((x, y) => x - y));
  });

  it('given the same seed when asked again then the same contacts; another seed picks others', () => {
    const ids = (seed: string) => sampleContacts(candidates, 3, seed).map((c) => c.id).join();
    expect(ids('w1')).toBe(ids('w1'));
    expect(['w2', 'w3', 'w4', 'w5'].some((s) => ids(s) !== ids('w1'))).toBe(true);
  });

  it('given an agent already holding 2 when 5 are asked then 3 more for that agent', () => {
    const picked = sampleContacts(candidates, 5, 'seed', new Map([['a1', 2]]));
    expect(picked.filter((c) => c.agentId === 'a1')).toHaveLength(3);
    expect(picked.filter((c) => c.agentId === 'a2')).toHaveLength(5);
  });

  it('given fewer contacts than asked when sampled then all of them', () => {
    expect(sampleContacts(candidates.slice(0, 2), 5, 's')).toHaveLength(2);
  });

  describe('per agent per week', () => {
    const weekOf = (at: number) => MON + Math.floor((at - MON) / (7 * DAY)) * 7 * DAY;
    const threeWeeks: SampleCandidate[] = [];
    for (let w = 0; w < 3; w++) for (let i = 0; i < 4; i++) threeWeeks.push({ kind: 'call', id: `w${w}-${i}`, agentId: 'a1', startedAt: MON + w * 7 * DAY + i * 1000 });

    it('given three weeks of contacts when two per week are asked then two of each week, not two in all', () => {
      const picked = sampleContacts(threeWeeks, 2, 'seed', new Map(), weekOf);
      expect(picked.map((c) => c.id.slice(0, 2))).toEqual(['w0', 'w0', 'w1', 'w1', 'w2', 'w2']);
      expect(sampleContacts(threeWeeks, 2, 'seed')).toHaveLength(2);
    });

    it('given one held in the second week when two per week are asked then that week gets one more', () => {
      const held = new Map([[sampleKey('a1', MON + 7 * DAY + 5, weekOf), 1]]);
      const picked = sampleContacts(threeWeeks, 2, 'seed', held, weekOf);
      expect(picked.filter((c) => c.id.startsWith('w1'))).toHaveLength(1);
      expect(picked).toHaveLength(5);
    });
  });
});

describe('qa report', () => {
  const card: Scorecard = { ...callCard(), id: 'sc', version: 1, archived: false, createdBy: 'u', createdAt: 0 };
  const ev = (id: string, agentId: string, at: number, score: number | null, over: Partial<Evaluation> = {}): Evaluation => ({
    id,
    scorecardId: 'sc',
    scorecardVersion: 1,
    contact: { kind: 'call', id },
    contactStartedAt: at,
    agentId,
    evaluatorId: 'lead',
    state: 'submitted',
    answers: {},
    comment: '',
    score,
    criticalFailed: score === 0,
    fractions: { greeting: 1, identity: score === 0 ? 0 : 1, solution: 0.5, closing: 0 },
    dispute: null,
    resolution: null,
    assignmentId: null,
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    ...over,
  });
  const rows = [
    ev('e1', 'a1', MON + 1000, 80),
    ev('e2', 'a1', MON + DAY * 8, 60),
    ev('e3', 'a2', MON + 2000, 0),
    ev('e4', 'a2', MON + 3000, 40, { state: 'draft' }),
    ev('e5', 'a2', MON + 4000, 50, { state: 'resolved', dispute: { reason: 'unfair', by: 'a2u', at: 1 }, resolution: { outcome: 'revised', note: '', by: 'sup', at: 2, score: 70, criticalFailed: false } }),
  ];
  const teams = (a: string) => (a === 'a1' ? ['tA'] : ['tA', 'tB']);
  const q = { from: MON, to: MON + 14 * DAY, interval: 'week' as const, timeZone: 'UTC' };

  it('given drafts and a revised dispute when grouped by agent then drafts are left out and the revision counts', () => {
    const r = qaReport(rows, [card], { ...q, groupBy: 'agent' }, teams);
    expect(r.total).toEqual({ evaluations: 4, average: 52.5, criticalFailed: 1, disputed: 1 });
    expect(r.rows).toEqual([
      { key: 'a2', evaluations: 2, average: 35, criticalFailed: 1, disputed: 1 },
      { key: 'a1', evaluations: 2, average: 70, criticalFailed: 0, disputed: 0 },
    ]);
  });

  it('given an agent in two teams when grouped by team then the agent counts in both', () => {
    const r = qaReport(rows, [card], { ...q, groupBy: 'team' }, teams);
    expect(r.rows.map((x) => [x.key, x.evaluations])).toEqual([
      ['tB', 2],
      ['tA', 4],
    ]);
  });

  it('given two weeks when the trend is asked then one point per week with its average', () => {
    const r = qaReport(rows, [card], { ...q, groupBy: 'agent' }, teams);
    expect(r.trend.map((p) => [p.label.slice(0, 10), p.evaluations, p.average])).toEqual([
      ['2026-11-02', 3, 50],
      ['2026-11-09', 1, 60],
    ]);
  });

  it('given items when grouped by item then each item shows the average share earned with its label', () => {
    const r = qaReport(rows, [card], { ...q, groupBy: 'item' }, teams);
    const byKey = Object.fromEntries(r.rows.map((x) => [x.key, [x.label, x.average]]));
    expect(byKey['sc:greeting']).toEqual(['Greets with name and company', 100]);
    expect(byKey['sc:identity']).toEqual(['Verifies the caller', 75]);
    expect(byKey['sc:solution']).toEqual(['Solves the request', 50]);
    expect(byKey['sc:closing']).toEqual(['Offers more help', 0]);
  });
});
