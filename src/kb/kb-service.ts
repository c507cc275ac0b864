/**
 * Knowledge base, application layer: categories, articles and their versions, search and usage.
 * Each change is checked by the domain (model.ts), stored with its audit entry in one unit of
 * work, and never destroys a version: an edit adds one, publishing points at one, deleting an
 * article archives it.
 *
 * Who sees what: a viewer without kb.edit (agents, the out-of-hours answerer) sees only published
 * versions, and an article never published is "not found" to them; editors see every version and
 * can search the drafts.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { AppError, validationError } from '../core/errors.js';
import {
  articleStatus,
  categoryTree,
  checkArticleContent,
  checkCategoryName,
  checkParent,
  subtreeOf,
  type KbArticle,
  type KbArticleContent,
  type KbArticleStatus,
  type KbArticleVersion,
  type KbCategory,
  type KbCategoryInput,
  type KbCategoryNode,
  type KbLanguage,
  type UsageKind,
} from './model.js';
import type { KbSearchHit, KbStore, UsageCount } from './ports.js';
import { documentSearchText, tsqueryTiers } from './search-text.js';

export interface KbViewer {
  userId: string;
  /** Holds kb.edit: sees drafts and every version. */
  canEdit: boolean;
  ip?: string;
}

export interface KbArticleView {
  article: KbArticle & { status: KbArticleStatus };
  /** The version shown: the published one for readers, the newest for editors. */
  version: KbArticleVersion;
  /** For editors: the published version when it is not the shown one. */
  published?: KbArticleVersion;
}

export interface KbSearchInput {
  q: string;
  categoryId?: string;
  language?: KbLanguage;
  limit?: number;
  /** draft needs kb.edit. */
  scope?: 'published' | 'draft';
}

export interface KbUsageInput {
  kind: UsageKind;
  chatId?: string;
  callId?: string;
}

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;
/** Longest query looked at: the rest is cut off, not refused (a pasted paragraph still searches). */
export const MAX_QUERY = 200;

export interface KbServiceDeps {
  store: KbStore;
  audit: AuditLog;
  clock: Clock;
  newId: () => string;
}

export class KbService {
  constructor(private readonly d: KbServiceDeps) {}

  // ---- categories ----

  async categoryTree(): Promise<KbCategoryNode[]> {
    return categoryTree(await this.d.store.categories());
  }

  async createCategory(input: KbCategoryInput, viewer: KbViewer): Promise<KbCategory> {
    const name = checkCategoryName(input.name);
    const all = await this.d.store.categories();
    const parentId = input.parentId ?? null;
    checkParent(all, null, parentId);
    const now = this.d.clock.now();
    const c: KbCategory = { id: this.d.newId(), name, parentId, position: input.position ?? 0, createdAt: now, updatedAt: now };
    await this.d.store.saveCategory(c, true, this.entry(viewer, 'kb.category.created', `kb_category:${c.id}`, { name, parentId }), this.d.audit);
    return c;
  }

  async updateCategory(id: string, input: KbCategoryInput, viewer: KbViewer): Promise<KbCategory> {
    const all = await this.d.store.categories();
    const before = all.find((c) => c.id === id);
    if (!before) throw new AppError('KB_CATEGORY_NOT_FOUND', `No category ${id}`, { categoryId: id });
    const name = checkCategoryName(input.name);
    const parentId = input.parentId === undefined ? before.parentId : input.parentId;
    checkParent(all, id, parentId);
    const c: KbCategory = { ...before, name, parentId, position: input.position ?? before.position, updatedAt: this.d.clock.now() };
    await this.d.store.saveCategory(c, false, this.entry(viewer, 'kb.category.updated', `kb_category:${id}`, { from: { name: before.name, parentId: before.parentId }, to: { name, parentId } }), this.d.audit);
    return c;
  }

  async deleteCategory(id: string, viewer: KbViewer): Promise<void> {
    const result = await this.d.store.deleteCategory(id, this.entry(viewer, 'kb.category.deleted', `kb_category:${id}`, {}), this.d.audit);
    if (result === 'not_found') throw new AppError('KB_CATEGORY_NOT_FOUND', `No category ${id}`, { categoryId: id });
    if (result === 'in_use') throw new AppError('KB_CATEGORY_IN_USE', `Category ${id} still holds subcategories or articles`, { categoryId: id });
  }

  // ---- articles ----

  async create(input: KbArticleContent, viewer: KbViewer): Promise<KbArticleView> {
    const content = checkArticleContent(input);
    await this.checkCategory(content.categoryId);
    const now = this.d.clock.now();
    const article: KbArticle = { id: this.d.newId(), latestVersion: 1, publishedVersion: null, publishedAt: null, publishedBy: null, createdBy: viewer.userId, createdAt: now, updatedAt: now };
    const version: KbArticleVersion = { ...content, articleId: article.id, version: 1, createdBy: viewer.userId, createdAt: now };
    await this.d.store.saveVersion(article, versionWrite(version), true, this.entry(viewer, 'kb.article.created', `kb_article:${article.id}`, { title: content.title, version: 1 }), this.d.audit);
    return { article: { ...article, status: articleStatus(article) }, version };
  }

  /** An edit: a new draft version; the published one stays what agents see until it is published. */
  async edit(id: string, input: KbArticleContent, viewer: KbViewer): Promise<KbArticleView> {
    const content = checkArticleContent(input);
    const before = await this.findArticle(id, viewer);
    await this.checkCategory(content.categoryId);
    const now = this.d.clock.now();
    const next = before.latestVersion + 1;
    const article: KbArticle = { ...before, latestVersion: next, updatedAt: now };
    const version: KbArticleVersion = { ...content, articleId: id, version: next, createdBy: viewer.userId, createdAt: now };
    await this.d.store.saveVersion(article, versionWrite(version), false, this.entry(viewer, 'kb.article.edited', `kb_article:${id}`, { title: content.title, version: next }), this.d.audit);
    return this.view(article, viewer);
  }

  async publish(id: string, versionNo: number, viewer: KbViewer): Promise<KbArticleView> {
    const before = await this.findArticle(id, viewer);
    const version = await this.d.store.version(id, versionNo);
    if (!version) throw new AppError('KB_VERSION_NOT_FOUND', `Article ${id} has no version ${versionNo}`, { where: '/version', articleId: id, version: versionNo });
    const now = this.d.clock.now();
    const article: KbArticle = { ...before, publishedVersion: versionNo, publishedAt: now, publishedBy: viewer.userId, updatedAt: now };
    await this.d.store.publish(article, this.entry(viewer, 'kb.article.published', `kb_article:${id}`, { from: before.publishedVersion, to: versionNo }), this.d.audit);
    return this.view(article, viewer);
  }

  async archive(id: string, viewer: KbViewer): Promise<void> {
    if (!(await this.d.store.archive(id, this.d.clock.now(), this.entry(viewer, 'kb.article.archived', `kb_article:${id}`, {}), this.d.audit))) {
      throw new AppError('KB_ARTICLE_NOT_FOUND', `No article ${id}`, { articleId: id });
    }
  }

  async get(id: string, viewer: KbViewer): Promise<KbArticleView> {
    return this.view(await this.findArticle(id, viewer), viewer);
  }

  async versions(id: string, viewer: KbViewer): Promise<KbArticleVersion[]> {
    const article = await this.findArticle(id, viewer);
    const all = await this.d.store.versions(id);
    return viewer.canEdit ? all : all.filter((v) => v.version === article.publishedVersion);
  }

  async list(filter: { categoryId?: string; limit?: number }, viewer: KbViewer) {
    const categoryIds = filter.categoryId ? await this.subtree(filter.categoryId) : undefined;
    const rows = await this.d.store.articles({ ...(categoryIds ? { categoryIds } : {}), publishedOnly: !viewer.canEdit, limit: Math.min(filter.limit ?? 200, 500) });
    return rows.map((r) => ({ ...r.article, status: articleStatus(r.article), title: r.version.title, categoryId: r.version.categoryId, language: r.version.language, tags: r.version.tags, version: r.version.version }));
  }

  // ---- search ----

  async search(input: KbSearchInput, viewer: KbViewer): Promise<KbSearchHit[]> {
    const scope = input.scope ?? 'published';
    if (scope === 'draft' && !viewer.canEdit) throw new AppError('FORBIDDEN', 'Searching drafts needs the kb.edit permission', { where: '/scope' });
    const tiers = tsqueryTiers(input.q.slice(0, MAX_QUERY));
    if (tiers === undefined) return [];
    const categoryIds = input.categoryId ? await this.subtree(input.categoryId) : undefined;
    const limit = Math.max(1, Math.min(input.limit ?? DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT));
    return this.d.store.search({ tiers, scope, limit, ...(categoryIds ? { categoryIds } : {}), ...(input.language ? { language: input.language } : {}) });
  }

  // ---- usage ----

  async recordUsage(id: string, input: KbUsageInput, viewer: KbViewer): Promise<void> {
    const article = await this.findArticle(id, viewer);
    if (input.kind === 'sent_in_chat' && !input.chatId) throw validationError([{ where: '/chatId', reason: 'is required for sent_in_chat' }]);
    if (input.kind === 'used_in_call' && !input.callId) throw validationError([{ where: '/callId', reason: 'is required for used_in_call' }]);
    await this.d.store.recordUsage({ articleId: article.id, kind: input.kind, userId: viewer.userId, chatId: input.chatId ?? null, callId: input.callId ?? null, at: this.d.clock.now() });
  }

  async usageReport(from: number, to: number, limit = 10): Promise<{ from: number; to: number; most: UsageCount[]; least: UsageCount[] }> {
    if (from > to) throw new AppError('INVALID_RANGE', 'from is after to', { problems: [{ where: '/from', reason: 'must not be after to' }] });
    return { from, to, ...(await this.d.store.usageReport(from, to, Math.max(1, Math.min(limit, 100)))) };
  }

  // ---- helpers ----

  private async findArticle(id: string, viewer: KbViewer): Promise<KbArticle> {
    const a = await this.d.store.article(id);
    // An article never published does not exist for readers.
    if (!a || (!viewer.canEdit && a.publishedVersion === null)) throw new AppError('KB_ARTICLE_NOT_FOUND', `No article ${id}`, { articleId: id });
    return a;
  }

  private async view(article: KbArticle, viewer: KbViewer): Promise<KbArticleView> {
    const shown = viewer.canEdit ? article.latestVersion : article.publishedVersion;
    const version = shown === null ? undefined : await this.d.store.version(article.id, shown);
    if (!version) throw new AppError('KB_ARTICLE_NOT_FOUND', `No article ${article.id}`, { articleId: article.id });
    const published = viewer.canEdit && article.publishedVersion !== null && article.publishedVersion !== shown ? await this.d.store.version(article.id, article.publishedVersion) : undefined;
    return { article: { ...article, status: articleStatus(article) }, version, ...(published ? { published } : {}) };
  }

  private async checkCategory(id: string): Promise<void> {
    if (!(await this.d.store.categories()).some((c) => c.id === id)) throw new AppError('KB_CATEGORY_NOT_FOUND', `No category ${id}`, { where: '/categoryId', categoryId: id });
  }

  private async subtree(id: string): Promise<string[]> {
    const all = await this.d.store.categories();
    if (!all.some((c) => c.id === id)) throw new AppError('KB_CATEGORY_NOT_FOUND', `No category ${id}`, { where: '/category', categoryId: id });
    return subtreeOf(all, id);
  }

  private entry(viewer: KbViewer, action: string, target: string, details: object) {
    return { actorId: viewer.userId, action, target, details: { ...details }, ...(viewer.ip ? { ip: viewer.ip } : {}) };
  }
}

function versionWrite(version: KbArticleVersion) {
  return { version, titleText: documentSearchText(version.title), bodyText: documentSearchText(`${version.tags.join(' ')} ${version.body}`) };
}
