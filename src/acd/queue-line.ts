/**
 * A queue's line: the contacts in it (waiting or being offered), with each one's place in O(log n).
 *
 * Callers are told their position on arrival and whenever they ask; walking the line for that
 * cost O(n) per arrival (milliseconds with 100,000 in one queue), and snapshots sorted the whole
 * line on every read. Here the line is also an order-statistics tree: a treap (a binary search
 * tree on the line order whose nodes obey a heap order on random priorities, which keeps it
 * balanced in expectation) where every node counts its subtree. A place is the count of nodes left
 * of the path from the node up to the root, read through parent links: O(log n) expected, and it
 * needs no comparison of keys, so equal keys are harmless (they keep their insertion order).
 *
 * Keys are read once, when an item is added (the line order of a contact does not change while it
 * is in line); adding an item already present re-reads its keys and moves it.
 *
 * Iterating the line itself yields insertion order, as the Set this replaces did (the engine's
 * rebuilds walk it that way and their outcome must not change); `ordered()` yields line order.
 * The priorities come from a fixed-seed generator: the engine stays deterministic and pure.
 */
export interface LineKeys<T> {
  /** Primary and secondary key: lower comes first; equal keys keep insertion order. */
  k1(item: T): number;
  k2(item: T): number;
}

interface Node<T> {
  item: T;
  k1: number;
  k2: number;
  prio: number;
  size: number;
  left: Node<T> | null;
  right: Node<T> | null;
  parent: Node<T> | null;
}

function sizeOf<T>(n: Node<T> | null): number {
  return n === null ? 0 : n.size;
}

export class QueueLine<T> implements Iterable<T> {
  private root: Node<T> | null = null;
  private readonly nodes = new Map<T, Node<T>>();
  /** xorshift32 state for node priorities. */
  private seed = 0x9e3779b9;

  constructor(private readonly keys: LineKeys<T>) {}

  get size(): number {
    return this.nodes.size;
  }

  has(item: T): boolean {
    return this.nodes.has(item);
  }

  /** Insertion order (see the file comment); `ordered()` for line order. */
  [Symbol.iterator](): Iterator<T> {
    return this.nodes.keys();
  }

  add(item: T): this {
    const existing = this.nodes.get(item);
    if (existing) this.unlink(existing);
    const node: Node<T> = { item, k1: this.keys.k1(item), k2: this.keys.k2(item), prio: this.nextPrio(), size: 1, left: null, right: null, parent: null };
    // Insertion order survives a re-add, as with a Set.
    this.nodes.set(item, node);
    this.insert(node);
    return this;
  }

  delete(item: T): boolean {
    const node = this.nodes.get(item);
    if (!node) return false;
    this.nodes.delete(item);
    this.unlink(node);
    return true;
  }

  /** 1 for the head of the line; 0 when the item is not in line. */
  positionOf(item: T): number {
    let node = this.nodes.get(item);
    if (!node) return 0;
    let pos = sizeOf(node.left) + 1;
    for (let p = node.parent; p !== null; node = p, p = p.parent) {
      if (p.right === node) pos += sizeOf(p.left) + 1;
    }
    return pos;
  }

  /** How many items in line come before the keys (k1, k2): strictly lower keys. */
  countBefore(k1: number, k2: number): number {
    let count = 0;
    let node = this.root;
    while (node !== null) {
      if (node.k1 < k1 || (node.k1 === k1 && node.k2 < k2)) {
        count += sizeOf(node.left) + 1;
        node = node.right;
      } else node = node.left;
    }
    return count;
  }

  /** The item at a 1-based position in line order, if any. */
  at(position: number): T | undefined {
    let node = this.root;
    let k = position;
    while (node !== null) {
      const left = sizeOf(node.left);
      if (k <= left) node = node.left;
      else if (k === left + 1) return node.item;
      else {
        k -= left + 1;
        node = node.right;
      }
    }
    return undefined;
  }

  /** The items in line order (a fresh array: callers may change the line while walking it). */
  ordered(): T[] {
    const out: T[] = [];
    let node = this.root;
    while (node?.left) node = node.left;
    while (node) {
      out.push(node.item);
      node = successor(node);
    }
    return out;
  }

  /** The first `limit` items in line order: O(log n + limit), for a page of a long line. */
  first(limit: number): T[] {
    const out: T[] = [];
    let node = this.root;
    while (node?.left) node = node.left;
    while (node && out.length < limit) {
      out.push(node.item);
      node = successor(node);
    }
    return out;
  }

  private insert(node: Node<T>): void {
    if (this.root === null) {
      this.root = node;
      return;
    }
    let cur = this.root;
    for (;;) {
      cur.size += 1;
      const before = node.k1 < cur.k1 || (node.k1 === cur.k1 && node.k2 < cur.k2);
      const next = before ? cur.left : cur.right;
      if (next === null) {
        if (before) cur.left = node;
        else cur.right = node;
        node.parent = cur;
        break;
      }
      cur = next;
    }
    while (node.parent !== null && node.prio > node.parent.prio) this.rotateUp(node);
  }

  /** Take a node out of the tree (not out of `nodes`). */
  private unlink(node: Node<T>): void {
    // Rotate it down until it has at most one child, keeping the heap order of the priorities.
    while (node.left !== null && node.right !== null) {
      this.rotateUp(node.left.prio > node.right.prio ? node.left : node.right);
    }
    const child = node.left ?? node.right;
    const parent = node.parent;
    if (child !== null) child.parent = parent;
    if (parent === null) this.root = child;
    else if (parent.left === node) parent.left = child;
    else parent.right = child;
    for (let p = parent; p !== null; p = p.parent) p.size -= 1;
    node.left = node.right = node.parent = null;
    node.size = 1;
  }

  /** Rotate `x` above its parent; the subtree sizes of both are recounted. */
  private rotateUp(x: Node<T>): void {
    const p = x.parent as Node<T>;
    const g = p.parent;
    if (p.left === x) {
      p.left = x.right;
      if (x.right) x.right.parent = p;
      x.right = p;
    } else {
      p.right = x.left;
      if (x.left) x.left.parent = p;
      x.left = p;
    }
    p.parent = x;
    x.parent = g;
    if (g === null) this.root = x;
    else if (g.left === p) g.left = x;
    else g.right = x;
    p.size = 1 + sizeOf(p.left) + sizeOf(p.right);
    x.size = 1 + sizeOf(x.left) + sizeOf(x.right);
  }

  private nextPrio(): number {
    let s = this.seed;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.seed = s >>> 0;
    return this.seed;
  }
}

function successor<T>(node: Node<T>): Node<T> | null {
  if (node.right) {
    let n = node.right;
    while (n.left) n = n.left;
    return n;
  }
  let n = node;
  let p = n.parent;
  while (p !== null && p.right === n) {
    n = p;
    p = p.parent;
  }
  return p;
}
