import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, filterParams } from '../../../src/web/records/record-filters.js';

describe('the records filter bar as query parameters', () => {
  it('given an empty form when turned into parameters then none are sent', () => {
    expect(filterParams(EMPTY_FILTERS).toString()).toBe('');
  });

  it('given every field filled when turned into parameters then times are epoch ms, minutes become seconds and the number is trimmed', () => {
    const q = filterParams({ ...EMPTY_FILTERS, from: '2026-11-23T09:00', to: '2026-11-23T10:30', number: ' +86 138 ', direction: 'inbound', outcome: 'queue_abandon', queueId: 'q1', teamId: 't1', recording: 'false', minMinutes: '1.5', maxMinutes: '10' });
    expect(Object.fromEntries(q)).toEqual({
      from: String(new Date('2026-11-23T09:00').getTime()),
      to: String(new Date('2026-11-23T10:30').getTime()),
      number: '+86 138',
      direction: 'inbound',
      outcome: 'queue_abandon',
      queueId: 'q1',
      teamId: 't1',
      recording: 'false',
      minDuration: '90',
      maxDuration: '600',
    });
  });

  it('given a time the browser cannot read when turned into parameters then it is left out rather than sent as NaN', () => {
    expect(filterParams({ ...EMPTY_FILTERS, from: 'not a time' }).has('from')).toBe(false);
  });
});
