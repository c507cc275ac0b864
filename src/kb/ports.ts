/** What the knowledge base needs from the outside: its store (each change with its audit entry). */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { KbArticle, KbArticleVersion, KbCategory, KbLanguage, UsageEvent, UsageKind } from './model.js';

/** A version as it is stored: with its search text (search-text.ts), which the store indexes. */
export interface KbVersionWrite {
  version: KbArticleVersion;
  /** Title tokens (weight A). */
  titleText: string;
  /** Tags and body tokens (weight B). */
  bodyText: string;
}

export interface KbSearchQuery {
  /**
   * tsquery texts from tsqueryTiers, strictest first: the answer is the first tier that fills the
   * page (`limit`), or the last one.
   */
  tiers: string[];
  /** published: the published versions (agents); draft: the newest version of each article (editors). */
  scope: 'published' | 'draft';
  /** Only articles in these categories (a category and its subcategories); absent: all. */
  categoryIds?: string[];
  language?: KbLanguage;
  limit: number;
}

export interface KbSearchHit {
  articleId: string;
  version: number;
  title: string;
  categoryId: string;
  language: KbLanguage;
  tags: string[];
  /** The start of the body, for the result list. */
  excerpt: string;
  rank: number;
}

export interface KbArticleFilter {
  categoryIds?: string[];
  /** Only articles with a published version. */
  publishedOnly?: boolean;
  limit: number;
}

export interface KbArticleRow {
  article: KbArticle;
  /** The version the viewer sees in a list: the newest for editors, the published one for agents. */
  version: KbArticleVersion;
}

export interface UsageCount {
  articleId: string;
  title: string;
  viewed: number;
  sentInChat: number;
  usedInCall: number;
  total: number;
}

export interface KbStore {
  categories(): Promise<KbCategory[]>;
  saveCategory(c: KbCategory, isNew: boolean, audit: AuditEntry, log: AuditLog): Promise<void>;
  /** False when it has subcategories or articles (nothing is deleted then) or is gone. */
  deleteCategory(id: string, audit: AuditEntry, log: AuditLog): Promise<'deleted' | 'not_found' | 'in_use'>;

  article(id: string): Promise<KbArticle | undefined>;
  /** One version, or the newest with version undefined. */
  version(articleId: string, version: number): Promise<KbArticleVersion | undefined>;
  versions(articleId: string): Promise<KbArticleVersion[]>;
  articles(filter: KbArticleFilter): Promise<KbArticleRow[]>;
  /**
   * Stores a new version and the article as it is after it (a new article with isNew). A version
   * number taken meanwhile (two editors saving at once) is refused with CONFLICT.
   */
  saveVersion(article: KbArticle, write: KbVersionWrite, isNew: boolean, audit: AuditEntry, log: AuditLog): Promise<void>;
  /** Marks `article.publishedVersion` as the one searched for agents. */
  publish(article: KbArticle, audit: AuditEntry, log: AuditLog): Promise<void>;
  /** Archives the article: kept with its versions and usage, no longer listed or searched. */
  archive(id: string, at: number, audit: AuditEntry, log: AuditLog): Promise<boolean>;

  search(q: KbSearchQuery): Promise<KbSearchHit[]>;

  /** Stores one use; a used_in_call of an article already counted on that call is not stored again. */
  recordUsage(e: UsageEvent): Promise<void>;
  /** Counts per published article over [from, to): the `limit` most used and the `limit` least used. */
  usageReport(from: number, to: number, limit: number): Promise<{ most: UsageCount[]; least: UsageCount[] }>;
}

export type { UsageKind };
