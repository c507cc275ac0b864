import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { QueueLine } from '../../../src/acd/queue-line.js';

/** A contact as the line sees it: rank (arrival minus priority worth), then arrival sequence. */
interface Item {
  id: string;
  rank: number;
  seq: number;
}

const KEYS = { k1: (i: Item) => i.rank, k2: (i: Item) => i.seq };

function newLine(): QueueLine<Item> {
  return new QueueLine<Item>(KEYS);
}

/** The reference: sort everything in line and count, exactly what the engine did before. */
function naivePositions(items: Iterable<Item>): Map<Item, number> {
  const sorted = [...items].sort((x, y) => x.rank - y.rank || x.seq - y.seq);
  return new Map(sorted.map((item, i) => [item, i + 1]));
}

describe('QueueLine', () => {
  it('given contacts arriving with equal priority, when their positions are read, then they follow arrival', () => {
    const line = newLine();
    const items = [1, 2, 3].map((n) => ({ id: `c${n}`, rank: 1000 + n, seq: n }));
    for (const i of items) line.add(i);
    expect(items.map((i) => line.positionOf(i))).toEqual([1, 2, 3]);
    expect(line.ordered().map((i) => i.id)).toEqual(['c1', 'c2', 'c3']);
  });

  it('given a line, when a VIP with a lower rank arrives, then it goes ahead of everyone and the others move back one', () => {
    const line = newLine();
    const a = { id: 'a', rank: 1000, seq: 1 };
    const b = { id: 'b', rank: 1001, seq: 2 };
    line.add(a).add(b);
    const vip = { id: 'vip', rank: 1002 - 50_000, seq: 3 };
    line.add(vip);
    expect([line.positionOf(vip), line.positionOf(a), line.positionOf(b)]).toEqual([1, 2, 3]);
  });

  it('given equal ranks, when ordered, then the lower sequence goes first whatever the insertion order', () => {
    const line = newLine();
    const late = { id: 'late', rank: 500, seq: 9 };
    const early = { id: 'early', rank: 500, seq: 2 };
    line.add(late).add(early);
    expect(line.ordered().map((i) => i.id)).toEqual(['early', 'late']);
    expect(line.positionOf(early)).toBe(1);
  });

  it('given a contact in the middle, when it leaves, then those behind move up and it has no position', () => {
    const line = newLine();
    const items = [1, 2, 3, 4].map((n) => ({ id: `c${n}`, rank: n, seq: n }));
    for (const i of items) line.add(i);
    expect(line.delete(items[1] as Item)).toBe(true);
    expect(line.delete(items[1] as Item)).toBe(false);
    expect(line.positionOf(items[1] as Item)).toBe(0);
    expect(items.map((i) => line.positionOf(i))).toEqual([1, 0, 2, 3]);
    expect(line.size).toBe(3);
    expect(line.has(items[1] as Item)).toBe(false);
  });

  it('given a contact already in line, when it is added again with a new rank, then it moves but keeps its insertion order', () => {
    const line = newLine();
    const a = { id: 'a', rank: 10, seq: 1 };
    const b = { id: 'b', rank: 20, seq: 2 };
    line.add(a).add(b);
    a.rank = 30;
    line.add(a);
    expect(line.size).toBe(2);
    expect(line.ordered().map((i) => i.id)).toEqual(['b', 'a']);
    expect([...line].map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('given a line, when the item at a position is asked, then it is the one whose position that is', () => {
    const line = newLine();
    const items = [5, 3, 9, 1].map((rank, n) => ({ id: `c${n}`, rank, seq: n }));
    for (const i of items) line.add(i);
    expect([1, 2, 3, 4, 5].map((p) => line.at(p)?.id)).toEqual(['c3', 'c1', 'c0', 'c2', undefined]);
  });

  it('given an empty line, when read, then it has no items and nothing at position 1', () => {
    const line = newLine();
    expect(line.size).toBe(0);
    expect(line.ordered()).toEqual([]);
    expect(line.at(1)).toBeUndefined();
  });

  it('given 20,000 contacts arriving in order, when positions are read, then each is its arrival number (no degenerate chain)', () => {
    const line = newLine();
    const items = Array.from({ length: 20_000 }, (_, n) => ({ id: `c${n}`, rank: n, seq: n }));
    for (const i of items) line.add(i);
    // Recursion-free and balanced: reading the last one walks a short path, not 20,000 nodes.
    expect(line.positionOf(items[19_999] as Item)).toBe(20_000);
    expect(line.positionOf(items[12_345] as Item)).toBe(12_346);
    for (let n = 0; n < 20_000; n += 2) line.delete(items[n] as Item);
    expect(line.positionOf(items[19_999] as Item)).toBe(10_000);
    expect(line.at(1)?.id).toBe('c1');
  });

  type Op = { op: 'enqueue'; priority: number; arrival: number } | { op: 'remove'; k: number } | { op: 'dequeue' } | { op: 'reenqueue'; k: number; priority: number };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('enqueue' as const), priority: fc.constantFrom(0, 0, 0, 1, 2, 50), arrival: fc.nat(20) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), k: fc.nat(1000) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'dequeue' as const }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('reenqueue' as const), k: fc.nat(1000), priority: fc.constantFrom(0, 1, 50) }) },
  );

  it('given random enqueues with priorities, removals from the middle, dequeues of the head and re-enqueues, then every position matches a sorted reference', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
        const line = newLine();
        const inLine = new Set<Item>();
        const removed: Item[] = [];
        let seq = 0;
        let now = 0;
        // Priorities are worth 1,000 ms each, as with the engine's aging: ranks often tie or interleave.
        const rankFor = (arrival: number, priority: number) => arrival - priority * 1000;
        for (const op of ops) {
          if (op.op === 'enqueue') {
            now += op.arrival;
            const item = { id: `c${++seq}`, rank: rankFor(now, op.priority), seq };
            line.add(item);
            inLine.add(item);
          } else if (op.op === 'remove' && inLine.size > 0) {
            const item = [...inLine][op.k % inLine.size] as Item;
            expect(line.delete(item)).toBe(true);
            inLine.delete(item);
            removed.push(item);
          } else if (op.op === 'dequeue' && inLine.size > 0) {
            const head = naivePositions(inLine).keys().next().value as Item;
            expect(line.at(1)).toBe(head);
            line.delete(head);
            inLine.delete(head);
            removed.push(head);
          } else if (op.op === 'reenqueue' && removed.length > 0) {
            // Back into the line keeping the original arrival (its sequence), as a transfer does.
            const item = removed.splice(op.k % removed.length, 1)[0] as Item;
            item.rank = rankFor(Number(item.id.slice(1)), op.priority);
            line.add(item);
            inLine.add(item);
          }
          const expected = naivePositions(inLine);
          expect(line.size).toBe(inLine.size);
          expect(line.ordered()).toEqual([...expected.keys()]);
          for (const [item, position] of expected) {
            expect(line.positionOf(item)).toBe(position);
            expect(line.at(position)).toBe(item);
            expect(line.countBefore(item.rank, item.seq)).toBe(position - 1);
          }
          for (const item of removed) {
            expect(line.positionOf(item)).toBe(0);
            expect(line.countBefore(item.rank, item.seq)).toBe([...inLine].filter((o) => o.rank < item.rank || (o.rank === item.rank && o.seq < item.seq)).length);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
