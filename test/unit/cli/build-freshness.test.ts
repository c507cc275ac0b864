import { describe, expect, it } from 'vitest';
import { isStale } from '../../../src/build/build-freshness.js';

describe('npm start builds only when the sources changed', () => {
  it('given dist was never stamped, when checked, then it is stale', () => {
    expect(isStale(undefined, [1000])).toBe(true);
  });

  it('given every source is older than the stamp, when checked, then the build is skipped', () => {
    expect(isStale(5000, [1000, 4999])).toBe(false);
  });

  it('given one source changed after the stamp, when checked, then it is stale', () => {
    expect(isStale(5000, [1000, 5001])).toBe(true);
  });
});
