import { IndexedHeap } from './heap.js';
import type { AgentEntry, IdleSelector } from './engine-model.js';
import type { RandomSource } from './ports.js';
import type { MediaClass, QueueConfig, QueueMember, Strategy } from './types.js';

/**
 * The idle agents of one pool, ordered for the queue's strategy. Ordered strategies use an
 * indexed heap; random ones an array set with O(1) removal. Ties always fall back to member order
 * and then agent id, so choices are reproducible.
 */

type Members = ReadonlyMap<string, QueueMember>;

function orderOf(members: Members, a: AgentEntry): number {
  return members.get(a.rec.id)?.order ?? Number.MAX_SAFE_INTEGER;
}

function keyed(members: Members, stale: (a: AgentEntry) => boolean, k1: (a: AgentEntry) => number, k2: (a: AgentEntry) => number = () => 0): IdleSelector {
  const heap = new IndexedHeap<AgentEntry>({ k1, k2, k3: (a) => orderOf(members, a), tie: (a, b) => a.rec.id < b.rec.id });
  return {
    // A stale entry left behind when the agent got busy is re-keyed in place.
    add: (a) => (heap.has(a) ? heap.update(a) : heap.push(a)),
    remove: (a) => void heap.remove(a),
    update: (a) => {
      if (heap.has(a)) heap.update(a);
    },
    pick: (ok) => heap.firstWhere(ok, stale),
    all: () => heap.values(),
    get size() {
      return heap.size;
    },
  };
}

class RandomSet implements IdleSelector {
  private items: AgentEntry[] = [];
  private readonly pos = new Map<AgentEntry, number>();
  constructor(
    private readonly random: RandomSource,
    private readonly weight: ((a: AgentEntry) => number) | null,
    private readonly stale: (a: AgentEntry) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  add(a: AgentEntry): void {
    if (this.pos.has(a)) return;
    this.pos.set(a, this.items.length);
    this.items.push(a);
  }

  remove(a: AgentEntry): void {
    const i = this.pos.get(a);
    if (i === undefined) return;
    const last = this.items.pop() as AgentEntry;
    this.pos.delete(a);
    if (i < this.items.length) {
      this.items[i] = last;
      this.pos.set(last, i);
    }
  }

  all(): Iterable<AgentEntry> {
    this.sweep();
    return this.items;
  }

  /** Drop entries of agents that became busy since they were added (lazy removal). */
  private sweep(): void {
    for (let i = this.items.length - 1; i >= 0; i--) {
      const a = this.items[i] as AgentEntry;
      if (this.stale(a)) this.remove(a);
    }
  }

  update(): void {
    // unordered: nothing to move
  }

  pick(ok: (a: AgentEntry) => boolean): AgentEntry | undefined {
    const live = (a: AgentEntry) => !this.stale(a) && ok(a);
    const n = this.items.length;
    if (n === 0) return undefined;
    if (this.weight) return this.pickWeighted(live);
    const start = Math.floor(this.random() * n) % n;
    const dropped: AgentEntry[] = [];
    let found: AgentEntry | undefined;
    for (let k = 0; k < n; k++) {
      const a = this.items[(start + k) % n] as AgentEntry;
      if (this.stale(a)) dropped.push(a);
      else if (ok(a)) {
        found = a;
        break;
      }
    }
    // Stale entries met on the way go now: each is dropped once, so this stays amortized O(1).
    for (const a of dropped) this.remove(a);
    return found;
  }

  /** Rejection sampling against the largest weight; a full weighted draw when that keeps failing. */
  private pickWeighted(ok: (a: AgentEntry) => boolean): AgentEntry | undefined {
    const weight = this.weight as (a: AgentEntry) => number;
    const n = this.items.length;
    let max = 0;
    if (n <= 64) return this.fullDraw(ok, weight);
    for (let k = 0; k < 64; k++) max = Math.max(max, weight(this.items[Math.floor(this.random() * n) % n] as AgentEntry));
    for (let k = 0; k < 64 && max > 0; k++) {
      const a = this.items[Math.floor(this.random() * n) % n] as AgentEntry;
      const w = weight(a);
      if (w > max) max = w;
      if (ok(a) && this.random() * max < w) return a;
    }
    return this.fullDraw(ok, weight);
  }

  private fullDraw(ok: (a: AgentEntry) => boolean, weight: (a: AgentEntry) => number): AgentEntry | undefined {
    let total = 0;
    const candidates: AgentEntry[] = [];
    for (const a of this.items) {
      if (!ok(a)) continue;
      candidates.push(a);
      total += Math.max(0, weight(a));
    }
    if (candidates.length === 0) return undefined;
    if (total <= 0) return candidates[Math.floor(this.random() * candidates.length) % candidates.length];
    let r = this.random() * total;
    for (const a of candidates) {
      r -= Math.max(0, weight(a));
      if (r < 0) return a;
    }
    return candidates[candidates.length - 1];
  }
}

export function createIdleSelector(queue: QueueConfig, members: Members, cls: MediaClass, random: RandomSource): IdleSelector {
  // Ring-all is a voice notion; a chat in such a queue goes to the longest idle agent.
  const strategy: Strategy = queue.strategy === 'ring_all' && cls === 'chat' ? 'longest_idle' : queue.strategy;
  const idle = (a: AgentEntry) => a.rec.idleSince[cls];
  // An agent that got busy stays in the structures until it surfaces (lazy removal): making an
  // agent busy then costs nothing in the pools it was not picked from.
  const stale = (a: AgentEntry) => !a.idle[cls];
  switch (strategy) {
    case 'round_robin':
      return keyed(members, stale, (a) => a.rec.lastOfferSeq[queue.id] ?? -1);
    case 'fewest_contacts':
      return keyed(members, stale, (a) => a.rec.handled, idle);
    case 'least_talk_time':
      return keyed(members, stale, (a) => a.rec.talkMs, idle);
    case 'top_down':
      return keyed(members, stale, (a) => orderOf(members, a));
    case 'random':
    case 'ring_all':
      return new RandomSet(random, null, stale);
    case 'weighted_random':
      return new RandomSet(random, (a) => members.get(a.rec.id)?.weight ?? 1, stale);
    case 'longest_idle':
      return keyed(members, stale, idle);
  }
}
