import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for the knowledge base (sql/081_kb.sql, sql/082_kb_usage.sql own the schema). */
export interface KbTables {
  kb_categories: KbCategoriesTable;
  kb_articles: KbArticlesTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_usage: KbUsageTable;
}

export interface KbCategoriesTable {
  id: string;
  name: string;
  parent_id: string | null;
  position: number;
  created_at: Date;
  updated_at: Date;
}

export interface KbArticlesTable {
  id: string;
  latest_version: number;
  published_version: number | null;
  published_at: Date | null;
  published_by: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

export interface KbArticleVersionsTable {
  article_id: string;
  version: number;
  title: string;
  body: string;
  /** jsonb: written as JSON text, read back parsed. */
  tags: ColumnType<unknown, string, string>;
  category_id: string;
  language: string;
  created_by: string;
  created_at: Date;
  published: Generated<boolean>;
  latest: Generated<boolean>;
  /** tsvector: written with a sql expression, never read back. */
  search: ColumnType<string, unknown, unknown>;
}

export interface KbUsageTable {
  seq: Generated<string>;
  article_id: string;
  kind: string;
  user_id: string;
  chat_id: string | null;
  call_id: string | null;
  at: Date;
}
