/** Validation of an audience's indicator settings: every problem with where it is and its rule code. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { checkAudience, parseAudienceSettings } from '../../../src/supervision/indicator-settings.js';

function problemsOf(fn: () => unknown): { where: string; rule: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('VALIDATION_FAILED');
    return ((err as AppError).details as { problems: { where: string; rule: string }[] }).problems.map((p) => ({ where: p.where, rule: p.rule }));
  }
  throw new Error('expected a validation error');
}

describe('parseAudienceSettings', () => {
  it('given four known indicators, thresholds per media and state limits when parsed then they are kept as given', () => {
    const input = {
      indicators: ['waiting', 'longestWait', 'available', 'notReady'],
      thresholds: { waiting: { voice: 5, chat: 2 }, available: { voice: 1, chat: null } },
      stateLimits: { wrap_up: 120, not_ready: null },
    };
    expect(parseAudienceSettings(input)).toEqual(input);
  });

  it('given five indicators when parsed then too_many_indicators is reported on /indicators', () => {
    const problems = problemsOf(() => parseAudienceSettings({ indicators: ['waiting', 'longestWait', 'available', 'notReady', 'online'], thresholds: {} }));
    expect(problems).toEqual([{ where: '/indicators', rule: 'too_many_indicators' }]);
  });

  it('given an unknown indicator in the list and in the thresholds when parsed then both are reported as unknown_indicator', () => {
    const problems = problemsOf(() => parseAudienceSettings({ indicators: ['waiting', 'coffee'], thresholds: { tea: { voice: 1 } } }));
    expect(problems).toEqual([
      { where: '/indicators/1', rule: 'unknown_indicator' },
      { where: '/thresholds/tea', rule: 'unknown_indicator' },
    ]);
  });

  it('given a negative threshold, an unknown media and a repeated indicator when parsed then each is reported at once', () => {
    const problems = problemsOf(() => parseAudienceSettings({ indicators: ['waiting', 'waiting'], thresholds: { waiting: { voice: -1, fax: 3 } } }));
    expect(problems).toEqual([
      { where: '/indicators/1', rule: 'duplicate_indicator' },
      { where: '/thresholds/waiting/voice', rule: 'negative_threshold' },
      { where: '/thresholds/waiting/fax', rule: 'unknown_media' },
    ]);
  });

  it('given a state limit for an unknown state and a negative one when parsed then unknown_state and negative_threshold are reported', () => {
    const problems = problemsOf(() => parseAudienceSettings({ indicators: [], thresholds: {}, stateLimits: { lunch: 10, wrap_up: -5 } }));
    expect(problems).toEqual([
      { where: '/stateLimits/lunch', rule: 'unknown_state' },
      { where: '/stateLimits/wrap_up', rule: 'negative_threshold' },
    ]);
  });

  it('given an audience that is not a role nor the wallboard when checked then unknown_audience is reported', () => {
    expect(problemsOf(() => checkAudience('janitor'))).toEqual([{ where: '/audience', rule: 'unknown_audience' }]);
    expect(checkAudience('wallboard')).toBe('wallboard');
  });
});
