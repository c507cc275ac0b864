/**
 * Knowledge base (issue 13): articles in nested categories, each article a list of versions of
 * which one may be published. Plain data and pure rules; no I/O.
 *
 * Versions: every edit makes a new version (the draft), numbered 1, 2, ... per article and kept
 * forever with who made it and when. Publishing names one of them; agents and the out-of-hours
 * answerer only ever see that one, editors see the latest draft too.
 *
 *   (none) --create--> draft v1 --publish v1--> published v1 --edit--> published v1, draft v2
 *                                                      ^                        |
 *                                                      +------ publish v2 ------+
 */
import { AppError, validationError, type FieldProblem } from '../core/errors.js';

export const KB_LANGUAGES = ['en', 'zh'] as const;
export type KbLanguage = (typeof KB_LANGUAGES)[number];

export const USAGE_KINDS = ['viewed', 'sent_in_chat', 'used_in_call'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export const MAX_TITLE = 200;
export const MAX_BODY = 50_000;
export const MAX_TAGS = 20;
export const MAX_TAG = 40;
export const MAX_CATEGORY_NAME = 100;
/** Deep enough for any real tree; bounds the walk up a chain of parents. */
export const MAX_CATEGORY_DEPTH = 10;

export interface KbCategory {
  id: string;
  name: string;
  parentId: string | null;
  /** Order among its siblings (then by name). */
  position: number;
  createdAt: number;
  updatedAt: number;
}

export interface KbCategoryInput {
  name: string;
  parentId?: string | null;
  position?: number;
}

export interface KbArticleContent {
  title: string;
  /** Plain text or simple markdown (headings, lists, emphasis, links); shown as text, never as HTML. */
  body: string;
  tags: string[];
  categoryId: string;
  language: KbLanguage;
}

export interface KbArticleVersion extends KbArticleContent {
  articleId: string;
  version: number;
  createdBy: string;
  createdAt: number;
}

export interface KbArticle {
  id: string;
  /** The newest version (the draft when it is newer than the published one). */
  latestVersion: number;
  /** The version agents see; null until one is published. */
  publishedVersion: number | null;
  publishedAt: number | null;
  publishedBy: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export type KbArticleStatus = 'draft' | 'published' | 'changed';

/** draft: never published; published: the newest version is the published one; changed: a newer draft waits. */
export function articleStatus(a: Pick<KbArticle, 'latestVersion' | 'publishedVersion'>): KbArticleStatus {
  if (a.publishedVersion === null) return 'draft';
  return a.publishedVersion === a.latestVersion ? 'published' : 'changed';
}

export interface UsageEvent {
  articleId: string;
  kind: UsageKind;
  userId: string;
  chatId: string | null;
  callId: string | null;
  at: number;
}

/** Trims and checks an article's content; every problem names its field. */
export function checkArticleContent(input: KbArticleContent): KbArticleContent {
  const problems: FieldProblem[] = [];
  const title = input.title.trim();
  if (title.length === 0) problems.push({ where: '/title', reason: 'must not be empty' });
  if (title.length > MAX_TITLE) problems.push({ where: '/title', reason: `must be at most ${MAX_TITLE} characters` });
  if (input.body.length > MAX_BODY) problems.push({ where: '/body', reason: `must be at most ${MAX_BODY} characters` });
  if (!(KB_LANGUAGES as readonly string[]).includes(input.language)) problems.push({ where: '/language', reason: `must be one of ${KB_LANGUAGES.join(', ')}` });
  const tags: string[] = [];
  input.tags.forEach((raw, i) => {
    const tag = raw.trim();
    if (tag.length === 0 || tag.length > MAX_TAG) problems.push({ where: `/tags/${i}`, reason: `must be 1-${MAX_TAG} characters` });
    else if (!tags.includes(tag)) tags.push(tag);
  });
  if (tags.length > MAX_TAGS) problems.push({ where: '/tags', reason: `at most ${MAX_TAGS} tags` });
  if (input.categoryId.trim().length === 0) problems.push({ where: '/categoryId', reason: 'must not be empty' });
  if (problems.length > 0) throw validationError(problems);
  return { title, body: input.body, tags, categoryId: input.categoryId, language: input.language };
}

export function checkCategoryName(name: string): string {
  const n = name.trim();
  if (n.length === 0 || n.length > MAX_CATEGORY_NAME) throw validationError([{ where: '/name', reason: `must be 1-${MAX_CATEGORY_NAME} characters` }]);
  return n;
}

/**
 * Whether `category` may hang under `parentId` in `all`: the parent must exist, must not be the
 * category itself or one of its descendants (a cycle), and the tree must stay within
 * MAX_CATEGORY_DEPTH. Throws the coded refusal.
 */
export function checkParent(all: readonly KbCategory[], categoryId: string | null, parentId: string | null): void {
  if (parentId === null) return;
  const byId = new Map(all.map((c) => [c.id, c]));
  if (!byId.has(parentId)) throw new AppError('KB_CATEGORY_NOT_FOUND', `No category ${parentId}`, { where: '/parentId', categoryId: parentId });
  let depth = 1;
  for (let at: string | null = parentId; at !== null; at = byId.get(at)?.parentId ?? null) {
    if (at === categoryId) throw new AppError('KB_CATEGORY_CYCLE', `A category cannot be placed under itself or one of its own subcategories`, { where: '/parentId', categoryId, parentId });
    if (++depth > MAX_CATEGORY_DEPTH) throw new AppError('KB_CATEGORY_TOO_DEEP', `Categories nest at most ${MAX_CATEGORY_DEPTH} deep`, { where: '/parentId', max: MAX_CATEGORY_DEPTH });
  }
  // The moved category's own subtree adds to the depth below its new parent.
  if (categoryId !== null && depth + subtreeHeight(all, categoryId) - 1 > MAX_CATEGORY_DEPTH) {
    throw new AppError('KB_CATEGORY_TOO_DEEP', `Categories nest at most ${MAX_CATEGORY_DEPTH} deep`, { where: '/parentId', max: MAX_CATEGORY_DEPTH });
  }
}

function subtreeHeight(all: readonly KbCategory[], id: string, seen = new Set<string>()): number {
  if (seen.has(id)) return 0;
  seen.add(id);
  let h = 0;
  for (const c of all) if (c.parentId === id) h = Math.max(h, subtreeHeight(all, c.id, seen));
  return h + 1;
}

/** The category and every category below it (a search "in a category" covers its subcategories). */
export function subtreeOf(all: readonly KbCategory[], id: string): string[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const c of all) if (c.parentId === out[i] && !out.includes(c.id)) out.push(c.id);
  return out;
}

export interface KbCategoryNode extends KbCategory {
  children: KbCategoryNode[];
}

/** The categories as a forest, siblings by position then name. */
export function categoryTree(all: readonly KbCategory[]): KbCategoryNode[] {
  const nodes = new Map(all.map((c) => [c.id, { ...c, children: [] as KbCategoryNode[] }]));
  const roots: KbCategoryNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    (parent ? parent.children : roots).push(n);
  }
  const order = (list: KbCategoryNode[]) => {
    list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    for (const n of list) order(n.children);
  };
  order(roots);
  return roots;
}
