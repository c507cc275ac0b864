import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { checkScorecard } from '../../../src/qa/scorecard.js';
import { checkAnswers, scoreOf } from '../../../src/qa/scoring.js';
import { callCard } from './fixtures.js';

function failure(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('scorecards', () => {
  it('given weights adding up to 100 when checked then the card is kept with trimmed labels', () => {
    const card = callCard();
    card.sections[0]!.items[0]!.label = '  Greets  ';
    expect(checkScorecard(card).sections[0]?.items[0]?.label).toBe('Greets');
  });

  it('given weights adding up to 90 when checked then QA_WEIGHTS names the sum', () => {
    const card = callCard();
    card.sections[1]!.items[1]!.weight = 20;
    const err = failure(() => checkScorecard(card));
    expect(err.code).toBe('QA_WEIGHTS');
    expect(err.details).toMatchObject({ sum: 90, expected: 100 });
  });

  it('given a duplicate item id, a weighted critical item and a scale without its top when checked then each place is named', () => {
    const card = callCard();
    card.sections[1]!.items[1]!.id = 'greeting';
    card.sections[0]!.items[1]!.weight = 5;
    delete card.sections[1]!.items[0]!.scaleMax;
    const err = failure(() => checkScorecard(card));
    expect(err.code).toBe('VALIDATION_FAILED');
    const wheres = (err.details as { problems: { where: string }[] }).problems.map((p) => p.where);
    expect(wheres).toEqual(expect.arrayContaining(['/sections/1/items/1/id', '/sections/0/items/1/weight', '/sections/1/items/0/scaleMax']));
  });

  it('given no sections and no media when checked then both are refused', () => {
    const err = failure(() => checkScorecard({ name: 'x', media: [], sections: [] }));
    const wheres = (err.details as { problems: { where: string }[] }).problems.map((p) => p.where);
    expect(wheres).toEqual(['/media', '/sections']);
  });
});

describe('scoring', () => {
  const card = callCard();

  it('given every item passed and a 4 of 5 when scored then weight x share is summed', () => {
    const r = scoreOf(card, { greeting: { value: true }, identity: { value: true }, solution: { value: 4 }, closing: { value: false } });
    // 20 + 50 x 3/4 + 0
    expect(r).toEqual({ score: 57.5, criticalFailed: false, fractions: { greeting: 1, identity: 1, solution: 0.75, closing: 0 } });
  });

  it('given a failed critical item when scored then the score is 0 whatever else was earned', () => {
    const r = scoreOf(card, { greeting: { value: true }, identity: { value: false }, solution: { value: 5 }, closing: { value: true } });
    expect(r.score).toBe(0);
    expect(r.criticalFailed).toBe(true);
  });

  it('given a missing answer, an unknown item and a scale out of range when scored then each is named', () => {
    const err = failure(() => scoreOf(card, { greeting: { value: true }, identity: { value: 1 }, solution: { value: 6 }, extra: { value: true } }));
    const wheres = (err.details as { problems: { where: string }[] }).problems.map((p) => p.where);
    expect(wheres).toEqual(expect.arrayContaining(['/answers/identity/value', '/answers/solution/value', '/answers/extra', '/answers/closing']));
  });

  it('given a partial draft when checked without requiring all then only wrong answers count', () => {
    expect(checkAnswers(card, { greeting: { value: true } }, false)).toEqual([]);
    expect(checkAnswers(card, { greeting: { value: 3 } }, false)).toEqual([{ where: '/answers/greeting/value', reason: 'yes (true) or no (false)' }]);
  });
});
