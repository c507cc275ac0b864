/**
 * The satisfaction report (issue 14): what customers answered in the post-call survey (the IVR
 * flow stores a `rating` of 1-5 against the call, ivr-flows/survey.yaml) and in the survey after a
 * solved chat (chat_surveys), per interval and group. Pure.
 *
 *   responses     answers given in the interval (by the time of the answer).
 *   average       the mean score, 1 to 5; null without answers.
 *   CSAT          the share of answers scoring 4 or 5 (the usual "satisfied" definition); null
 *                 without answers.
 *   distribution  how many answers gave each score, 1 to 5.
 * Groups: none, queue (the call's or chat's queue), agent (the agent on the call last, or who
 * served the chat), media (voice, chat). A team lead sees answers about the queues their teams
 * serve or their teams' agents.
 */
import { validationError } from '../core/errors.js';
import { bucketIndex, bucketsOf, type Bucket, type ReportInterval } from './intervals.js';
import type { ReportMedia } from './ports.js';
import { MAX_VOLUME_ROWS, type ReportScope } from './volume.js';

/** The call variable a post-call survey flow saves the caller's 1-5 answer under (ivr-flows/survey.yaml). */
export const SURVEY_RATING_VARIABLE = 'rating';

export const SATISFACTION_GROUPINGS = ['none', 'queue', 'agent', 'media'] as const;
export type SatisfactionGrouping = (typeof SATISFACTION_GROUPINGS)[number];

/** One customer's answer. */
export interface SurveyAnswer {
  at: number;
  /** 1 to 5. */
  score: number;
  media: ReportMedia;
  agentId: string | null;
  queueId: string | null;
}

export interface SatisfactionFigures {
  responses: number;
  averageScore: number | null;
  /** Share of answers scoring 4 or 5, 0-1. */
  csat: number | null;
  /** Answers per score: [ones, twos, threes, fours, fives]. */
  distribution: [number, number, number, number, number];
}

export interface SatisfactionRow extends SatisfactionFigures {
  start: number;
  end: number;
  label: string;
  groupId: string;
  groupName: string;
}

export interface SatisfactionReport {
  from: number;
  to: number;
  timeZone: string;
  interval: ReportInterval;
  groupBy: SatisfactionGrouping;
  intervals: Bucket[];
  groups: { id: string; name: string }[];
  rows: SatisfactionRow[];
  totals: (SatisfactionFigures & { groupId: string; groupName: string })[];
}

export interface SatisfactionContext {
  scope: ReportScope;
  queues: readonly { id: string; name: string }[];
  agentName: (agentId: string) => string | undefined;
}

export function satisfactionFigures(answers: readonly SurveyAnswer[]): SatisfactionFigures {
  const distribution: SatisfactionFigures['distribution'] = [0, 0, 0, 0, 0];
  let total = 0;
  for (const a of answers) {
    distribution[a.score - 1] = (distribution[a.score - 1] ?? 0) + 1;
    total += a.score;
  }
  const n = answers.length;
  const satisfied = distribution[3] + distribution[4];
  return { responses: n, averageScore: n === 0 ? null : Math.round((total / n) * 100) / 100, csat: n === 0 ? null : satisfied / n, distribution };
}

function inScope(a: SurveyAnswer, scope: ReportScope): boolean {
  if (scope.all) return true;
  return (a.queueId !== null && scope.queueIds.has(a.queueId)) || (a.agentId !== null && scope.agentIds.has(a.agentId));
}

function groupsOf(answers: readonly SurveyAnswer[], groupBy: SatisfactionGrouping, ctx: SatisfactionContext): { id: string; name: string; answers: SurveyAnswer[] }[] {
  const keyed = (key: (a: SurveyAnswer) => string | null, name: (id: string) => string) => {
    const by = new Map<string, SurveyAnswer[]>();
    for (const a of answers) {
      const k = key(a);
      if (k === null) continue;
      const list = by.get(k);
      if (list) list.push(a);
      else by.set(k, [a]);
    }
    return [...by]
      .map(([id, list]) => ({ id, name: name(id), answers: list }))
      .sort((x, y) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id));
  };
  switch (groupBy) {
    case 'none':
      return [{ id: 'all', name: '', answers: [...answers] }];
    case 'media':
      return (['voice', 'chat'] as const).map((m) => ({ id: m, name: m, answers: answers.filter((a) => a.media === m) }));
    case 'queue': {
      const names = new Map(ctx.queues.map((q) => [q.id, q.name]));
      return keyed((a) => a.queueId, (id) => names.get(id) ?? id);
    }
    case 'agent':
      return keyed((a) => a.agentId, (id) => ctx.agentName(id) ?? id);
  }
}

export function satisfactionReport(
  answers: readonly SurveyAnswer[],
  q: { from: number; to: number; interval: ReportInterval; timeZone: string; groupBy: SatisfactionGrouping },
  ctx: SatisfactionContext,
): SatisfactionReport {
  const intervals = bucketsOf(q.timeZone, q.interval, q.from, q.to);
  const scoped = answers.filter((a) => a.at >= q.from && a.at < q.to && a.score >= 1 && a.score <= 5 && inScope(a, ctx.scope));
  const groups = groupsOf(scoped, q.groupBy, ctx);
  if (intervals.length * groups.length > MAX_VOLUME_ROWS) {
    throw validationError([{ where: '/interval', reason: `${intervals.length} intervals x ${groups.length} groups is more than ${MAX_VOLUME_ROWS} rows: choose a longer interval or a shorter range` }]);
  }
  const perGroup = groups.map((g) => {
    const buckets: SurveyAnswer[][] = intervals.map(() => []);
    for (const a of g.answers) {
      const i = bucketIndex(intervals, a.at);
      if (i !== undefined) buckets[i]?.push(a);
    }
    return buckets;
  });
  const rows: SatisfactionRow[] = [];
  intervals.forEach((b, i) => {
    groups.forEach((g, gi) => rows.push({ start: b.start, end: b.end, label: b.label, groupId: g.id, groupName: g.name, ...satisfactionFigures(perGroup[gi]?.[i] ?? []) }));
  });
  return {
    from: q.from,
    to: q.to,
    timeZone: q.timeZone,
    interval: q.interval,
    groupBy: q.groupBy,
    intervals,
    groups: groups.map((g) => ({ id: g.id, name: g.name })),
    rows,
    totals: groups.map((g) => ({ groupId: g.id, groupName: g.name, ...satisfactionFigures(g.answers) })),
  };
}
