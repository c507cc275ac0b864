/** The category tree flattened for selects and names (depth for indentation). */
import type { KbCategoryNode } from '../api/types.js';

export interface FlatCategory {
  id: string;
  name: string;
  depth: number;
  parentId: string | null;
}

export function flatten(tree: readonly KbCategoryNode[], depth = 0, out: FlatCategory[] = []): FlatCategory[] {
  for (const n of tree) {
    out.push({ id: n.id, name: n.name, depth, parentId: n.parentId });
    flatten(n.children, depth + 1, out);
  }
  return out;
}

/** "Help › Account" for a category id; the id itself when unknown. */
export function pathOf(flat: readonly FlatCategory[], id: string): string {
  const byId = new Map(flat.map((c) => [c.id, c]));
  const names: string[] = [];
  for (let at = byId.get(id); at && names.length < 12; at = at.parentId ? byId.get(at.parentId) : undefined) names.unshift(at.name);
  return names.length > 0 ? names.join(' › ') : id;
}

export const indent = (depth: number) => `${'\u00a0\u00a0'.repeat(depth)}${depth > 0 ? '└ ' : ''}`;
