import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, mergePages } from '../../../src/customers/customer-timeline.js';
import type { TimelineSourceEntry } from '../../../src/customers/timeline-ports.js';

const ticket = (id: string, at: number): TimelineSourceEntry => ({ kind: 'ticket', id, at, subject: id, status: 'new', priority: 'normal' });

describe('timeline paging', () => {
  it('given pages of several sources then the merge is newest first, ties by the greater id, cut at the limit with more to come', () => {
    const { items, more } = mergePages([[ticket('b', 5), ticket('a', 1)], [ticket('c', 5), ticket('d', 3)]], 3);
    expect(items.map((e) => e.id)).toEqual(['c', 'b', 'd']);
    expect(more).toBe(true);
  });

  it('given sources that returned less than a page and fit the limit then nothing more is announced', () => {
    expect(mergePages([[ticket('a', 1)], []], 3)).toEqual({ items: [ticket('a', 1)], more: false });
  });

  it('given a cursor written by the service then it reads back; ids may hold colons; anything else is refused naming before', () => {
    expect(decodeCursor(encodeCursor({ at: 1_700_000_000_000, id: 'call:1' }))).toEqual({ at: 1_700_000_000_000, id: 'call:1' });
    for (const bad of ['x:1', ':a', '12:', 'nocolon']) expect(() => decodeCursor(bad)).toThrow(/before/);
  });
});
