/** Issue 13, knowledge base usage: the report's most and least used lists as the editors' page shows them. */
import { describe, expect, it } from 'vitest';
import { barParts, usageLists, type UsageRow } from '../../../src/web/kb/kb-usage.js';

const row = (articleId: string, title: string, viewed: number, sentInChat: number, usedInCall: number): UsageRow => ({ articleId, title, viewed, sentInChat, usedInCall, total: viewed + sentInChat + usedInCall });

describe('knowledge base usage lists', () => {
  it('given a catalogue smaller than the limit when both lists hold every article then each article is shown once: used ones as most used, the rest as least used', () => {
    const a = row('a', 'Refund', 3, 1, 0);
    const b = row('b', 'Cancel', 0, 0, 0);
    const c = row('c', 'Invoice', 1, 0, 1);
    const lists = usageLists({ most: [a, c, b], least: [b, c, a] }, 'en');
    expect(lists.most.map((r) => r.articleId)).toEqual(['a', 'c']);
    expect(lists.least.map((r) => r.articleId)).toEqual(['b']);
    expect(lists.unused).toBe(false);
    expect(lists.scale).toBe(4);
  });

  it('given equal totals in the database order of ids when shaped then ties are ordered by title in the reader language', () => {
    const lists = usageLists({ most: [row('1', 'Zebra', 2, 0, 0), row('2', 'apple', 0, 2, 0), row('3', 'Mango', 5, 0, 0)], least: [row('4', 'Yak', 0, 0, 0), row('5', 'banana', 0, 0, 0)] }, 'en');
    expect(lists.most.map((r) => r.title)).toEqual(['Mango', 'apple', 'Zebra']);
    expect(lists.least.map((r) => r.title)).toEqual(['banana', 'Yak']);
  });

  it('given least used rows out of order when shaped then the least used come first', () => {
    const lists = usageLists({ most: [row('a', 'A', 9, 0, 0)], least: [row('c', 'C', 2, 0, 0), row('b', 'B', 0, 1, 0), row('d', 'D', 0, 0, 0)] }, 'en');
    expect(lists.least.map((r) => [r.articleId, r.total])).toEqual([
      ['d', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  it('given no article used in the period when shaped then it is a period without usage and no article is most used', () => {
    const lists = usageLists({ most: [row('a', 'A', 0, 0, 0)], least: [row('a', 'A', 0, 0, 0)] }, 'en');
    expect(lists).toEqual({ most: [], least: [row('a', 'A', 0, 0, 0)], scale: 1, unused: true });
    expect(usageLists({ most: [], least: [] }, 'zh-CN').unused).toBe(true);
  });

  it('given a row and the largest total when its bar is drawn then its parts are shares of that total in legend order', () => {
    expect(barParts(row('a', 'A', 2, 1, 1), 8)).toEqual([
      { kind: 'viewed', share: 0.25 },
      { kind: 'sentInChat', share: 0.125 },
      { kind: 'usedInCall', share: 0.125 },
    ]);
  });
});
