/**
 * The score of one evaluation: every item of its scorecard answered, each answer of the item's
 * kind, then weight x fraction summed (0-100, one decimal). A critical item answered "no" makes
 * the score 0 whatever else was earned; the per-item fractions are kept so the item report can
 * say which items agents miss most (scorecard.ts explains the kinds).
 */
import { validationError, type FieldProblem } from '../core/errors.js';
import { itemsOf, type ScorecardInput, type ScorecardItem } from './scorecard.js';

export interface ItemAnswer {
  /** yes_no and critical: true / false; scale: 1..scaleMax. */
  value: boolean | number;
  comment?: string;
}

export type Answers = Record<string, ItemAnswer>;

export interface ScoreResult {
  /** 0-100, one decimal. */
  score: number;
  criticalFailed: boolean;
  /** Per weighted item: the share of its weight earned (0-1). Critical items: 1 or 0. */
  fractions: Record<string, number>;
}

export const COMMENT_MAX = 2000;

/** Refuses missing, unknown or wrongly typed answers at once, naming each place. */
export function checkAnswers(card: Pick<ScorecardInput, 'sections'>, answers: Answers, requireAll: boolean): FieldProblem[] {
  const items = new Map(itemsOf(card).map((i) => [i.id, i]));
  const problems: FieldProblem[] = [];
  for (const [id, a] of Object.entries(answers)) {
    const item = items.get(id);
    if (!item) problems.push({ where: `/answers/${id}`, reason: 'not an item of this scorecard' });
    else problems.push(...answerProblems(item, a));
  }
  if (requireAll) {
    for (const id of items.keys()) if (!(id in answers)) problems.push({ where: `/answers/${id}`, reason: 'not answered' });
  }
  return problems;
}

function answerProblems(item: ScorecardItem, a: ItemAnswer): FieldProblem[] {
  const where = `/answers/${item.id}`;
  const out: FieldProblem[] = [];
  if (item.kind === 'scale') {
    const max = item.scaleMax ?? 5;
    if (typeof a.value !== 'number' || !Number.isInteger(a.value) || a.value < 1 || a.value > max) out.push({ where: `${where}/value`, reason: `a whole number from 1 to ${max}` });
  } else if (typeof a.value !== 'boolean') {
    out.push({ where: `${where}/value`, reason: 'yes (true) or no (false)' });
  }
  if (a.comment !== undefined && a.comment.length > COMMENT_MAX) out.push({ where: `${where}/comment`, reason: `at most ${COMMENT_MAX} characters` });
  return out;
}

/** The score of a complete, valid set of answers (checkAnswers with requireAll first). */
export function scoreOf(card: Pick<ScorecardInput, 'sections'>, answers: Answers): ScoreResult {
  const problems = checkAnswers(card, answers, true);
  if (problems.length > 0) throw validationError(problems);
  let earned = 0;
  let criticalFailed = false;
  const fractions: Record<string, number> = {};
  for (const item of itemsOf(card)) {
    const value = answers[item.id]?.value;
    const fraction = item.kind === 'scale' ? (Number(value) - 1) / ((item.scaleMax ?? 5) - 1) : value === true ? 1 : 0;
    fractions[item.id] = fraction;
    if (item.kind === 'critical') criticalFailed ||= fraction === 0;
    else earned += item.weight * fraction;
  }
  return { score: criticalFailed ? 0 : Math.round(earned * 10) / 10, criticalFailed, fractions };
}
