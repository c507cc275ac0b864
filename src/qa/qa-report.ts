/**
 * Quality report (issue 14): average score by agent, by team, by item, and its trend over time,
 * from the evaluations an agent has been shown (submitted and after; drafts never count). The
 * score that counts is the final one: a dispute resolved as "revised" replaces the submitted score.
 *
 * An agent in two teams counts in both teams' rows (each team lead sees their whole team); the
 * center row counts each evaluation once. An item's figure is the average share of its weight
 * earned, as a percentage, so a 10-point item and a 30-point item read alike; a critical item's
 * figure is the share of evaluations that passed it.
 */
import { bucketIndex, bucketsOf, type ReportInterval } from '../reports/intervals.js';
import { counts } from './evaluation-state.js';
import { finalScore, type Evaluation } from './model.js';
import { itemsOf, type Scorecard } from './scorecard.js';

export const QA_GROUPINGS = ['agent', 'team', 'item'] as const;
export type QaGrouping = (typeof QA_GROUPINGS)[number];

export interface QaFigures {
  evaluations: number;
  /** Average final score, one decimal; null with no evaluations. */
  average: number | null;
  /** Evaluations zeroed by a failed critical item. */
  criticalFailed: number;
  disputed: number;
}

export interface QaGroupRow extends QaFigures {
  /** Agent id, team id, or `<scorecardId>:<itemId>` for items. */
  key: string;
  /** For items: the item's label (from the newest version that has it). */
  label?: string;
}

export interface QaTrendPoint extends QaFigures {
  start: number;
  label: string;
}

export interface QaReport {
  total: QaFigures;
  rows: QaGroupRow[];
  trend: QaTrendPoint[];
}

export interface QaReportQuery {
  from: number;
  to: number;
  groupBy: QaGrouping;
  interval: ReportInterval;
  timeZone: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

class Tally {
  n = 0;
  sum = 0;
  critical = 0;
  disputed = 0;
  add(e: Evaluation): void {
    const s = finalScore(e);
    if (s === null) return;
    this.n++;
    this.sum += s;
    if (e.resolution?.outcome === 'revised' ? e.resolution.criticalFailed : e.criticalFailed) this.critical++;
    if (e.dispute) this.disputed++;
  }
  figures(): QaFigures {
    return { evaluations: this.n, average: this.n === 0 ? null : round1(this.sum / this.n), criticalFailed: this.critical, disputed: this.disputed };
  }
}

export function qaReport(all: readonly Evaluation[], cards: readonly Scorecard[], q: QaReportQuery, teamsOf: (agentId: string) => string[]): QaReport {
  const shown = all.filter((e) => counts(e.state) && finalScore(e) !== null);
  const total = new Tally();
  for (const e of shown) total.add(e);

  const buckets = bucketsOf(q.timeZone, q.interval, q.from, q.to);
  const points = buckets.map(() => new Tally());
  for (const e of shown) {
    const i = bucketIndex(buckets, e.contactStartedAt);
    if (i !== undefined) points[i]?.add(e);
  }
  const trend = buckets.map((b, i) => ({ start: b.start, label: b.label, ...(points[i] ?? new Tally()).figures() }));

  return { total: total.figures(), rows: q.groupBy === 'item' ? itemRows(shown, cards) : groupRows(shown, q.groupBy, teamsOf), trend };
}

function groupRows(shown: readonly Evaluation[], by: 'agent' | 'team', teamsOf: (agentId: string) => string[]): QaGroupRow[] {
  const groups = new Map<string, Tally>();
  for (const e of shown) {
    for (const key of by === 'agent' ? [e.agentId] : teamsOf(e.agentId)) {
      const t = groups.get(key) ?? new Tally();
      t.add(e);
      groups.set(key, t);
    }
  }
  return [...groups].map(([key, t]) => ({ key, ...t.figures() })).sort((a, b) => (a.average ?? 0) - (b.average ?? 0) || a.key.localeCompare(b.key));
}

/** Items are read from the answers the evaluation itself scored (its revision's when revised). */
function itemRows(shown: readonly Evaluation[], cards: readonly Scorecard[]): QaGroupRow[] {
  const labels = new Map<string, string>();
  for (const c of [...cards].sort((a, b) => a.version - b.version)) for (const i of itemsOf(c)) labels.set(`${c.id}:${i.id}`, i.label);
  const sums = new Map<string, { n: number; sum: number }>();
  for (const e of shown) {
    for (const [itemId, fraction] of Object.entries(e.fractions)) {
      const key = `${e.scorecardId}:${itemId}`;
      const s = sums.get(key) ?? { n: 0, sum: 0 };
      s.n++;
      s.sum += fraction;
      sums.set(key, s);
    }
  }
  return [...sums]
    .map(([key, s]) => ({ key, label: labels.get(key) ?? key, evaluations: s.n, average: round1((s.sum / s.n) * 100), criticalFailed: 0, disputed: 0 }))
    .sort((a, b) => a.average - b.average || a.key.localeCompare(b.key));
}
