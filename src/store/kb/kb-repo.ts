/**
 * The knowledge base in the database (sql/081, sql/082). Search runs on the partial GIN index of
 * the scope asked (published versions, or the newest version of each article): see
 * src/kb/search-text.ts for why the search column is built from our own tokens.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import { AppError } from '../../core/errors.js';
import type { KbArticle, KbArticleVersion, KbCategory, KbLanguage, UsageEvent } from '../../kb/model.js';
import type { KbArticleFilter, KbArticleRow, KbSearchHit, KbSearchQuery, KbStore, KbVersionWrite, UsageCount } from '../../kb/ports.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { epochMs } from '../config/repo-deps.js';
import { isUniqueViolation } from '../pg-errors.js';
import type { Database } from '../schema.js';
import type { KbArticlesTable, KbArticleVersionsTable, KbCategoriesTable } from '../tables/kb.js';

const EXCERPT = 240;
const msOrNull = (d: Date | null) => (d === null ? null : epochMs(d));

function toCategory(r: Selectable<KbCategoriesTable>): KbCategory {
  return { id: r.id, name: r.name, parentId: r.parent_id, position: r.position, createdAt: epochMs(r.created_at), updatedAt: epochMs(r.updated_at) };
}

function toArticle(r: Selectable<KbArticlesTable>): KbArticle {
  return {
    id: r.id,
    latestVersion: r.latest_version,
    publishedVersion: r.published_version,
    publishedAt: msOrNull(r.published_at),
    publishedBy: r.published_by,
    createdBy: r.created_by,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
  };
}

type VersionRow = Pick<Selectable<KbArticleVersionsTable>, 'article_id' | 'version' | 'title' | 'body' | 'tags' | 'category_id' | 'language' | 'created_by' | 'created_at'>;
const VERSION_COLUMNS = ['article_id', 'version', 'title', 'body', 'tags', 'category_id', 'language', 'created_by', 'created_at'] as const;

function toVersion(r: VersionRow): KbArticleVersion {
  return {
    articleId: r.article_id,
    version: r.version,
    title: r.title,
    body: r.body,
    // Checked by checkArticleContent before it was stored.
    tags: r.tags as string[],
    categoryId: r.category_id,
    language: r.language as KbLanguage,
    createdBy: r.created_by,
    createdAt: epochMs(r.created_at),
  };
}

function articleRow(a: KbArticle) {
  return {
    latest_version: a.latestVersion,
    published_version: a.publishedVersion,
    published_at: a.publishedAt === null ? null : new Date(a.publishedAt),
    published_by: a.publishedBy,
    updated_at: new Date(a.updatedAt),
  };
}

export class KbRepo implements KbStore {
  constructor(private readonly db: Kysely<Database>) {}

  async categories(): Promise<KbCategory[]> {
    return (await this.db.selectFrom('kb_categories').selectAll().orderBy('position').orderBy('name').execute()).map(toCategory);
  }

  async saveCategory(c: KbCategory, isNew: boolean, entry: AuditEntry, log: AuditLog): Promise<void> {
    const row = { name: c.name, parent_id: c.parentId, position: c.position, updated_at: new Date(c.updatedAt) };
    await transactWithAudit(this.db, log, async (trx, audit) => {
      if (isNew) await trx.insertInto('kb_categories').values({ ...row, id: c.id, created_at: new Date(c.createdAt) }).execute();
      else await trx.updateTable('kb_categories').set(row).where('id', '=', c.id).execute();
      await audit.record(entry);
    });
  }

  async deleteCategory(id: string, entry: AuditEntry, log: AuditLog): Promise<'deleted' | 'not_found' | 'in_use'> {
    return transactWithAudit(this.db, log, async (trx, audit) => {
      const child = await trx.selectFrom('kb_categories').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst();
      // Any version naming it (archived articles and old versions too): their history must stay whole.
      const used = child ?? (await trx.selectFrom('kb_article_versions').select('article_id').where('category_id', '=', id).limit(1).executeTakeFirst());
      if (used) {
        const exists = await trx.selectFrom('kb_categories').select('id').where('id', '=', id).executeTakeFirst();
        return exists ? 'in_use' : 'not_found';
      }
      const result = await trx.deleteFrom('kb_categories').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return 'not_found';
      await audit.record(entry);
      return 'deleted';
    });
  }

  async article(id: string): Promise<KbArticle | undefined> {
    const row = await this.db.selectFrom('kb_articles').selectAll().where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
    return row ? toArticle(row) : undefined;
  }

  async version(articleId: string, version: number): Promise<KbArticleVersion | undefined> {
    const row = await this.db.selectFrom('kb_article_versions').select(VERSION_COLUMNS).where('article_id', '=', articleId).where('version', '=', version).executeTakeFirst();
    return row ? toVersion(row) : undefined;
  }

  async versions(articleId: string): Promise<KbArticleVersion[]> {
    return (await this.db.selectFrom('kb_article_versions').select(VERSION_COLUMNS).where('article_id', '=', articleId).orderBy('version', 'desc').execute()).map(toVersion);
  }

  async articles(filter: KbArticleFilter): Promise<KbArticleRow[]> {
    let q = this.db
      .selectFrom('kb_articles as a')
      .innerJoin('kb_article_versions as v', 'v.article_id', 'a.id')
      .selectAll('a')
      .select(['v.article_id', 'v.version', 'v.title', 'v.body', 'v.tags', 'v.category_id', 'v.language', 'v.created_by as v_created_by', 'v.created_at as v_created_at'])
      .where('a.archived_at', 'is', null)
      .where(filter.publishedOnly ? 'v.published' : 'v.latest', '=', true);
    if (filter.categoryIds) q = q.where('v.category_id', 'in', filter.categoryIds);
    const rows = await q.orderBy('a.updated_at', 'desc').orderBy('a.id').limit(filter.limit).execute();
    return rows.map((r) => ({ article: toArticle(r), version: toVersion({ ...r, created_by: r.v_created_by, created_at: r.v_created_at }) }));
  }

  async saveVersion(article: KbArticle, write: KbVersionWrite, isNew: boolean, entry: AuditEntry, log: AuditLog): Promise<void> {
    const v = write.version;
    try {
      await transactWithAudit(this.db, log, async (trx, audit) => {
        if (isNew) {
          await trx
            .insertInto('kb_articles')
            .values({ ...articleRow(article), id: article.id, created_by: article.createdBy, created_at: new Date(article.createdAt), archived_at: null })
            .execute();
        } else {
          const moved = await trx.updateTable('kb_articles').set(articleRow(article)).where('id', '=', article.id).where('latest_version', '=', v.version - 1).where('archived_at', 'is', null).executeTakeFirst();
          if (Number(moved.numUpdatedRows) === 0) throw new AppError('CONFLICT', `Article ${article.id} was changed meanwhile: reload it`, { articleId: article.id });
          await trx.updateTable('kb_article_versions').set({ latest: false }).where('article_id', '=', article.id).where('latest', '=', true).execute();
        }
        await trx
          .insertInto('kb_article_versions')
          .values({
            article_id: v.articleId,
            version: v.version,
            title: v.title,
            body: v.body,
            tags: JSON.stringify(v.tags),
            category_id: v.categoryId,
            language: v.language,
            created_by: v.createdBy,
            created_at: new Date(v.createdAt),
            latest: true,
            search: sql`setweight(to_tsvector('simple', ${write.titleText}), 'A') || setweight(to_tsvector('simple', ${write.bodyText}), 'B')`,
          })
          .execute();
        await audit.record(entry);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('CONFLICT', `Article ${article.id} was changed meanwhile: reload it`, { articleId: article.id });
      throw err;
    }
  }

  async publish(article: KbArticle, entry: AuditEntry, log: AuditLog): Promise<void> {
    await transactWithAudit(this.db, log, async (trx, audit) => {
      await trx.updateTable('kb_articles').set(articleRow(article)).where('id', '=', article.id).execute();
      await trx.updateTable('kb_article_versions').set({ published: false }).where('article_id', '=', article.id).where('published', '=', true).execute();
      await trx.updateTable('kb_article_versions').set({ published: true }).where('article_id', '=', article.id).where('version', '=', article.publishedVersion ?? 0).execute();
      await audit.record(entry);
    });
  }

  async archive(id: string, at: number, entry: AuditEntry, log: AuditLog): Promise<boolean> {
    return transactWithAudit(this.db, log, async (trx, audit) => {
      const r = await trx.updateTable('kb_articles').set({ archived_at: new Date(at), updated_at: new Date(at) }).where('id', '=', id).where('archived_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      // Out of both search indexes; the versions themselves stay.
      await trx.updateTable('kb_article_versions').set({ published: false, latest: false }).where('article_id', '=', id).execute();
      await audit.record(entry);
      return true;
    });
  }

  /** Tier by tier (KbSearchQuery.tiers): a tier that fills the page is the answer, else the next one. */
  async search(q: KbSearchQuery): Promise<KbSearchHit[]> {
    let rows: Awaited<ReturnType<ReturnType<KbRepo['searchQuery']>['execute']>> = [];
    for (const tsquery of q.tiers) {
      rows = await this.searchQuery(q, tsquery).execute();
      if (rows.length >= q.limit) break;
    }
    return rows.map((r) => ({
      articleId: r.article_id,
      version: r.version,
      title: r.title,
      categoryId: r.category_id,
      language: r.language as KbLanguage,
      tags: r.tags as string[],
      excerpt: r.excerpt,
      rank: Number(r.rank),
    }));
  }

  /** One tier of the search as a query, not yet run (the index test explains it). */
  searchQuery(q: Omit<KbSearchQuery, 'tiers'>, tsquery: string) {
    const query = sql`${tsquery}::tsquery`;
    let s = this.db
      .selectFrom('kb_article_versions as v')
      .select(['v.article_id', 'v.version', 'v.title', 'v.category_id', 'v.language', 'v.tags'])
      .select(sql<string>`left(v.body, ${EXCERPT})`.as('excerpt'))
      .select(sql<number>`ts_rank(v.search, ${query})`.as('rank'))
      // The literal flag lets the planner use that scope's partial GIN index.
      .where(q.scope === 'published' ? sql<boolean>`v.published` : sql<boolean>`v.latest`)
      .where(sql<boolean>`v.search @@ ${query}`);
    if (q.categoryIds) s = s.where('v.category_id', 'in', q.categoryIds);
    if (q.language) s = s.where('v.language', '=', q.language);
    return s.orderBy('rank', 'desc').orderBy('v.article_id').limit(q.limit);
  }

  async recordUsage(e: UsageEvent): Promise<void> {
    const row = { article_id: e.articleId, kind: e.kind, user_id: e.userId, chat_id: e.chatId, call_id: e.callId, at: new Date(e.at) };
    if (e.kind !== 'used_in_call' || e.callId === null) {
      await this.db.insertInto('kb_usage').values(row).execute();
      return;
    }
    // Once per article per call: a second press (or a reload that forgot the first) adds nothing.
    // One statement, found by the (article_id, at) index; two presses at the very same instant
    // could both pass, which the page's disabled button already prevents.
    await sql`
      insert into kb_usage (article_id, kind, user_id, chat_id, call_id, at)
      select ${row.article_id}::text, ${row.kind}::text, ${row.user_id}::text, ${row.chat_id}::text, ${row.call_id}::text, ${row.at}::timestamptz
      where not exists (select 1 from kb_usage where article_id = ${row.article_id}::text and kind = 'used_in_call' and call_id = ${row.call_id}::text)`.execute(this.db);
  }

  async usageReport(from: number, to: number, limit: number): Promise<{ most: UsageCount[]; least: UsageCount[] }> {
    const counts = (order: 'desc' | 'asc') =>
      sql<{ article_id: string; title: string; viewed: string; sent_in_chat: string; used_in_call: string; total: string }>`
        select v.article_id, v.title,
          count(u.seq) filter (where u.kind = 'viewed') as viewed,
          count(u.seq) filter (where u.kind = 'sent_in_chat') as sent_in_chat,
          count(u.seq) filter (where u.kind = 'used_in_call') as used_in_call,
          count(u.seq) as total
        from kb_article_versions v
        left join kb_usage u on u.article_id = v.article_id and u.at >= ${new Date(from)} and u.at < ${new Date(to)}
        where v.published
        group by v.article_id, v.title
        order by total ${sql.raw(order)}, v.article_id
        limit ${limit}`.execute(this.db);
    const map = (r: { article_id: string; title: string; viewed: string; sent_in_chat: string; used_in_call: string; total: string }): UsageCount => ({
      articleId: r.article_id,
      title: r.title,
      viewed: Number(r.viewed),
      sentInChat: Number(r.sent_in_chat),
      usedInCall: Number(r.used_in_call),
      total: Number(r.total),
    });
    const [most, least] = await Promise.all([counts('desc'), counts('asc')]);
    return { most: most.rows.map(map), least: least.rows.map(map) };
  }
}
