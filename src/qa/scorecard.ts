/**
 * Quality scorecards (issue 14): what an evaluator fills in for one call or chat.
 *
 * A scorecard has sections of items. Each item is scored one of three ways:
 *   yes_no    yes earns the item's weight, no earns nothing
 *   scale     1..scaleMax, earning the weight in proportion ((v - 1) / (scaleMax - 1))
 *   critical  a yes/no check with no weight of its own: a "no" zeroes the whole form (for example
 *             "verified the caller's identity" or "no abusive language")
 * The weights of the weighted items add up to exactly 100, so a score reads as a percentage and
 * two scorecards' scores compare; a form whose weights do not is refused with QA_WEIGHTS, naming
 * the sum. A scorecard is never edited in place once an evaluation uses it: a change stores a new
 * version (qa-service.ts), so every stored evaluation is read against the items it answered.
 */
import { AppError, validationError, type FieldProblem } from '../core/errors.js';

export const ITEM_KINDS = ['yes_no', 'scale', 'critical'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const QA_MEDIA = ['call', 'chat'] as const;
export type QaMedia = (typeof QA_MEDIA)[number];

export interface ScorecardItem {
  id: string;
  label: string;
  kind: ItemKind;
  /** Points for a full answer; 0 for a critical item. */
  weight: number;
  /** For scale items: the highest value (2-10); the lowest is always 1. */
  scaleMax?: number;
  /** Guidance shown to the evaluator. */
  help?: string;
}

export interface ScorecardSection {
  id: string;
  title: string;
  items: ScorecardItem[];
}

export interface ScorecardInput {
  name: string;
  description?: string;
  media: QaMedia[];
  sections: ScorecardSection[];
}

export interface Scorecard extends ScorecardInput {
  id: string;
  version: number;
  archived: boolean;
  createdBy: string;
  createdAt: number;
}

export const MAX_SECTIONS = 20;
export const MAX_ITEMS = 100;
export const TOTAL_WEIGHT = 100;
const ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Every item of a scorecard in order, with its section. */
export function itemsOf(card: Pick<ScorecardInput, 'sections'>): ScorecardItem[] {
  return card.sections.flatMap((s) => s.items);
}

/**
 * Checks a scorecard's shape and weights. Shape problems are one VALIDATION_FAILED listing each
 * place; a sound shape whose weights do not add up to 100 is QA_WEIGHTS with the sum found.
 */
export function checkScorecard(input: ScorecardInput): ScorecardInput {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  if (!name) problems.push({ where: '/name', reason: 'must not be empty' });
  if (input.media.length === 0) problems.push({ where: '/media', reason: 'name calls, chats or both' });
  if (input.sections.length === 0) problems.push({ where: '/sections', reason: 'add at least one section' });
  if (input.sections.length > MAX_SECTIONS) problems.push({ where: '/sections', reason: `at most ${MAX_SECTIONS} sections` });
  const seen = new Set<string>();
  let count = 0;
  input.sections.forEach((s, si) => {
    const at = `/sections/${si}`;
    if (!ID.test(s.id)) problems.push({ where: `${at}/id`, reason: 'lower-case letters, digits, - and _ (up to 40)' });
    else if (seen.has(s.id)) problems.push({ where: `${at}/id`, reason: `"${s.id}" is used twice` });
    seen.add(s.id);
    if (!s.title.trim()) problems.push({ where: `${at}/title`, reason: 'must not be empty' });
    if (s.items.length === 0) problems.push({ where: `${at}/items`, reason: 'add at least one item' });
    s.items.forEach((item, ii) => {
      count++;
      problems.push(...itemProblems(item, `${at}/items/${ii}`, seen));
      seen.add(item.id);
    });
  });
  if (count > MAX_ITEMS) problems.push({ where: '/sections', reason: `at most ${MAX_ITEMS} items in all` });
  if (problems.length > 0) throw validationError(problems);

  const weighted = itemsOf(input).filter((i) => i.kind !== 'critical');
  const sum = weighted.reduce((n, i) => n + i.weight, 0);
  if (weighted.length === 0 || sum !== TOTAL_WEIGHT) {
    throw new AppError('QA_WEIGHTS', `The weights add up to ${sum}, not ${TOTAL_WEIGHT}`, { sum, expected: TOTAL_WEIGHT, where: '/sections' });
  }
  return { ...input, name, sections: input.sections.map((s) => ({ ...s, title: s.title.trim(), items: s.items.map((i) => ({ ...i, label: i.label.trim() })) })) };
}

function itemProblems(item: ScorecardItem, at: string, seen: Set<string>): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!ID.test(item.id)) out.push({ where: `${at}/id`, reason: 'lower-case letters, digits, - and _ (up to 40)' });
  else if (seen.has(item.id)) out.push({ where: `${at}/id`, reason: `"${item.id}" is used twice` });
  if (!item.label.trim()) out.push({ where: `${at}/label`, reason: 'must not be empty' });
  if (item.kind === 'critical') {
    if (item.weight !== 0) out.push({ where: `${at}/weight`, reason: 'a critical item has no weight (a "no" zeroes the form)' });
  } else if (!Number.isInteger(item.weight) || item.weight < 1 || item.weight > TOTAL_WEIGHT) {
    out.push({ where: `${at}/weight`, reason: `a whole number from 1 to ${TOTAL_WEIGHT}` });
  }
  if (item.kind === 'scale') {
    if (item.scaleMax === undefined || !Number.isInteger(item.scaleMax) || item.scaleMax < 2 || item.scaleMax > 10) {
      out.push({ where: `${at}/scaleMax`, reason: 'a scale item needs a highest value from 2 to 10' });
    }
  } else if (item.scaleMax !== undefined) {
    out.push({ where: `${at}/scaleMax`, reason: 'only scale items have a highest value' });
  }
  return out;
}
