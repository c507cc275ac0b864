/** Offset paging shared by every list: small pages by default, a hard ceiling on size. */
export interface PageRequest {
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function pageBounds(req: PageRequest): { limit: number; offset: number } {
  const limit = Math.min(Math.max(req.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  return { limit, offset: Math.max(req.offset ?? 0, 0) };
}

/** Every item of a paged list, page by page (short lists: agents, queues for the toolbar's directory). */
export async function allItems<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const page = await list({ offset: out.length, limit: MAX_PAGE_SIZE });
    out.push(...page.items);
    if (page.items.length === 0 || out.length >= page.total) return out;
  }
}
