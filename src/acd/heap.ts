/**
 * A binary min-heap that knows where each item sits, so an item can be removed or re-keyed in
 * O(log n). Routing keeps one per pool of waiting contacts and one per pool of idle agents; this
 * is what keeps a routing decision independent of how many agents and contacts there are.
 */
export class IndexedHeap<T> {
  private items: T[] = [];
  private readonly pos = new Map<T, number>();

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  has(item: T): boolean {
    return this.pos.has(item);
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    if (this.pos.has(item)) return;
    this.items.push(item);
    this.pos.set(item, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    const top = this.items[0];
    if (top !== undefined) this.remove(top);
    return top;
  }

  remove(item: T): boolean {
    const i = this.pos.get(item);
    if (i === undefined) return false;
    const last = this.items.pop() as T;
    this.pos.delete(item);
    if (i < this.items.length) {
      this.items[i] = last;
      this.pos.set(last, i);
      this.down(i);
      this.up(this.pos.get(last) ?? i);
    }
    return true;
  }

  /** Re-position an item whose key changed (inserting it when absent). */
  update(item: T): void {
    const i = this.pos.get(item);
    if (i === undefined) return this.push(item);
    this.up(i);
    this.down(this.pos.get(item) ?? i);
  }

  /** Items in heap order (a sorted copy; for snapshots, not for routing). */
  sorted(): T[] {
    return [...this.items].sort((a, b) => (this.before(a, b) ? -1 : this.before(b, a) ? 1 : 0));
  }

  values(): readonly T[] {
    return this.items;
  }

  /**
   * The first item in order that `ok` accepts. Rejected items are popped and put back, so the
   * cost is O((k + 1) log n) for k rejected items (a few declined contacts at most).
   */
  firstWhere(ok: (item: T) => boolean, limit = Number.POSITIVE_INFINITY): T | undefined {
    const head = this.items[0];
    if (head === undefined || ok(head)) return head;
    const skipped: T[] = [];
    let found: T | undefined;
    while (skipped.length < limit) {
      const next = this.pop();
      if (next === undefined) break;
      skipped.push(next);
      if (ok(next)) {
        found = next;
        break;
      }
    }
    for (const s of skipped) this.push(s);
    return found;
  }

  private up(i: number): void {
    const items = this.items;
    const item = items[i] as T;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = items[p] as T;
      if (!this.before(item, parent)) break;
      items[i] = parent;
      this.pos.set(parent, i);
      i = p;
    }
    items[i] = item;
    this.pos.set(item, i);
  }

  private down(i: number): void {
    const items = this.items;
    const n = items.length;
    const item = items[i] as T;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && this.before(items[r] as T, items[l] as T)) c = r;
      const child = items[c] as T;
      if (!this.before(child, item)) break;
      items[i] = child;
      this.pos.set(child, i);
      i = c;
    }
    items[i] = item;
    this.pos.set(item, i);
  }
}
