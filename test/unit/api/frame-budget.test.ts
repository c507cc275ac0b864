import { describe, expect, it } from 'vitest';
import { FrameBudget } from '../../../src/api/ws/frame-budget.js';
import { FakeClock } from '../../../src/core/clock.js';

describe('frame budget of the widget socket', () => {
  it('given the budget used up when another frame comes in the same minute then it is refused, and allowed again the next minute', () => {
    const clock = new FakeClock();
    const budget = new FrameBudget(clock, 3);
    expect([1, 2, 3, 4].map(() => budget.take(['v1']))).toEqual([true, true, true, false]);
    expect(budget.take(['v2'])).toBe(true);
    clock.advance(60_000);
    expect(budget.take(['v1'])).toBe(true);
  });

  it('given one key over budget when several keys are taken together then none is counted', () => {
    const clock = new FakeClock();
    const budget = new FrameBudget(clock, 1);
    expect(budget.take(['ip'])).toBe(true);
    expect(budget.take(['ip', 'v1'])).toBe(false);
    clock.advance(60_000);
    expect(budget.take(['v1'])).toBe(true);
    expect(budget.take(['v1'])).toBe(false);
  });
});
