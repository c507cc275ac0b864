/**
 * A binary min-heap that knows where each item sits, so an item can be removed or re-keyed in
 * O(log n). Routing keeps one per pool of waiting contacts and one per pool of idle agents; this
 * is what keeps a routing decision independent of how many agents and contacts there are.
 *
 * Keys are read from the item once, when it is pushed or updated, and kept in parallel number
 * arrays: comparisons while sifting touch only those arrays, not the items (with 10,000 agents the
 * items are scattered in memory and chasing them on every comparison is what would cost).
 */
export interface HeapKeys<T> {
  /** Primary, secondary and tertiary key: lower comes first. */
  k1(item: T): number;
  k2(item: T): number;
  k3(item: T): number;
  /** Last resort for items whose three keys are equal. */
  tie?(a: T, b: T): boolean;
}

export class IndexedHeap<T> {
  private items: T[] = [];
  private a: number[] = [];
  private b: number[] = [];
  private c: number[] = [];
  private readonly pos = new Map<T, number>();

  constructor(private readonly keys: HeapKeys<T>) {}

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.pos.has(item);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** The head's first and second keys (Infinity when empty), read without touching the item. */
  headK1(): number {
    return this.items.length > 0 ? (this.a[0] as number) : Infinity;
  }

  headK2(): number {
    return this.items.length > 0 ? (this.b[0] as number) : Infinity;
  }

  push(item: T): void {
    if (this.pos.has(item)) return;
    const i = this.items.length;
    this.items.push(item);
    this.a.push(this.keys.k1(item));
    this.b.push(this.keys.k2(item));
    this.c.push(this.keys.k3(item));
    this.pos.set(item, i);
    this.up(i);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(item: T): boolean {
    const i = this.pos.get(item);
    if (i === undefined) return false;
    this.pos.delete(item);
    const last = this.items.length - 1;
    if (i !== last) {
      this.move(last, i);
      this.items.length = last;
      this.a.length = last;
      this.b.length = last;
      this.c.length = last;
      this.down(i);
      this.up(i);
    } else {
      this.items.length = last;
      this.a.length = last;
      this.b.length = last;
      this.c.length = last;
    }
    return true;
  }

  /** Re-read an item's keys and re-position it (inserting it when absent). */
  update(item: T): void {
    const i = this.pos.get(item);
    if (i === undefined) return this.push(item);
    this.a[i] = this.keys.k1(item);
    this.b[i] = this.keys.k2(item);
    this.c[i] = this.keys.k3(item);
    this.up(i);
    this.down(this.pos.get(item) ?? i);
  }

  /** Items in order (a sorted copy; for snapshots, not for routing). */
  sorted(): T[] {
    const idx = this.items.map((_, i) => i);
    idx.sort((x, y) => (this.less(x, y) ? -1 : this.less(y, x) ? 1 : 0));
    return idx.map((i) => this.items[i] as T);
  }

  values(): readonly T[] {
    return this.items;
  }

  /**
   * The first item in order that `ok` accepts. Rejected items are popped and put back, so the
   * cost is O((k + 1) log n) for k rejected items (a few declined contacts at most).
   */
  firstWhere(ok: (item: T) => boolean, drop?: (item: T) => boolean): T | undefined {
    for (;;) {
      const head = this.items[0];
      if (head === undefined || !drop?.(head)) break;
      this.remove(head);
    }
    const head = this.items[0];
    if (head === undefined || ok(head)) return head;
    const skipped: T[] = [];
    let found: T | undefined;
    for (;;) {
      const next = this.pop();
      if (next === undefined) break;
      // Items the caller calls stale are dropped for good, not put back.
      if (drop?.(next)) continue;
      skipped.push(next);
      if (ok(next)) {
        found = next;
        break;
      }
    }
    for (const s of skipped) this.push(s);
    return found;
  }

  private less(i: number, j: number): boolean {
    const a = this.a;
    if (a[i] !== a[j]) return (a[i] as number) < (a[j] as number);
    const b = this.b;
    if (b[i] !== b[j]) return (b[i] as number) < (b[j] as number);
    const c = this.c;
    if (c[i] !== c[j]) return (c[i] as number) < (c[j] as number);
    const tie = this.keys.tie;
    return tie ? tie(this.items[i] as T, this.items[j] as T) : false;
  }

  private move(from: number, to: number): void {
    const item = this.items[from] as T;
    this.items[to] = item;
    this.a[to] = this.a[from] as number;
    this.b[to] = this.b[from] as number;
    this.c[to] = this.c[from] as number;
    this.pos.set(item, to);
  }

  private swap(i: number, j: number): void {
    const items = this.items;
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const it = items[i] as T;
    const ai = a[i] as number;
    const bi = b[i] as number;
    const ci = c[i] as number;
    items[i] = items[j] as T;
    a[i] = a[j] as number;
    b[i] = b[j] as number;
    c[i] = c[j] as number;
    items[j] = it;
    a[j] = ai;
    b[j] = bi;
    c[j] = ci;
    this.pos.set(items[i] as T, i);
    this.pos.set(it, j);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && this.less(r, l) ? r : l;
      if (!this.less(m, i)) break;
      this.swap(i, m);
      i = m;
    }
  }
}
