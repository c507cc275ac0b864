/**
 * The pages' copy of the threshold rule agrees with the daemon's (src/supervision/indicators.ts)
 * for every indicator, and a longest wait keeps growing between two floor events.
 */
import { describe, expect, it } from 'vitest';
import { INDICATORS, isPast as daemonIsPast } from '../../../src/supervision/indicators.js';
import { isPast, markOf, valueAt } from '../../../src/web/status-strip/indicator-marks.js';

describe('indicator marks', () => {
  it('given every indicator, value and threshold combination when judged then the page and the daemon agree', () => {
    for (const key of INDICATORS) {
      for (const value of [0, 1, 2, 3]) {
        for (const threshold of [null, undefined, 0, 2]) expect(isPast(key, value, threshold), `${key} ${value} ${threshold}`).toBe(daemonIsPast(key, value, threshold));
      }
    }
  });

  it('given a caller waiting 30 s at the last event when 45 s more pass then the longest wait reads 75 s and is past a 60 s threshold', () => {
    const values = { waiting: 1, longestWait: 30 };
    expect(valueAt('longestWait', values, 1_000, 46_000)).toBe(75);
    expect(markOf('longestWait', values, {}, { longestWait: { voice: 60 } }, 1_000, 46_000)).toMatchObject({ past: true, threshold: 60, text: '1:15' });
  });

  it('given nobody waiting when time passes then the longest wait stays as it was', () => {
    expect(valueAt('longestWait', { waiting: 0, longestWait: 0 }, 0, 90_000)).toBe(0);
  });
});
