/**
 * The search reads the GIN index of its scope (sql/081): the partial indexes match the query's
 * predicates, so a large knowledge base is searched through the index, not by reading every
 * version. 3,000 articles (each with an older version) are made in SQL and analysed, and the
 * planner chooses freely: for a selective query it must find the index worth reading.
 * (With a category filter the planner may start from the partial category index of the same
 * scope instead: which is cheaper depends on the data; both skip old and archived versions.)
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KbRepo } from '../../../src/store/kb/kb-repo.js';
import { tsqueryOf } from '../../../src/kb/search-text.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

describe('knowledge-base search index', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
    await sql`insert into kb_categories (id, name, created_at, updated_at) values ('c1', 'C', now(), now())`.execute(t.db);
    await sql`insert into kb_articles (id, latest_version, published_version, created_by, created_at, updated_at)
      select 'a' || i, 2, 1, 'u', now(), now() from generate_series(1, 3000) i`.execute(t.db);
    await sql`insert into kb_article_versions (article_id, version, title, body, tags, category_id, language, created_by, created_at, published, latest, search)
      select 'a' || i, v, 'title ' || i, 'body', '[]', 'c1', 'en', 'u', now(), v = 1, v = 2,
        setweight(to_tsvector('simple', 'w' || i || ' common ' || case when i = 17 then '修改 收货' else '' end), 'A') || setweight(to_tsvector('simple', 'body' || (i % 50)), 'B')
      from generate_series(1, 3000) i, generate_series(1, 2) v`.execute(t.db);
    await sql`analyze kb_article_versions`.execute(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const plan = async (scope: 'published' | 'draft', query = '修改 收货') => {
    const compiled = new KbRepo(t.db).searchQuery({ scope, limit: 10 }, tsqueryOf(query)!).compile();
    return t.db.connection().execute(async (conn) => {
      const rows = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  };

  it('given an agent search when planned then it reads the index of published versions', async () => {
    expect(await plan('published')).toContain('kb_versions_search_published');
  });

  it('given an English word typed so far when planned then its prefix match reads the index too', async () => {
    expect(await plan('published', 'w2999')).toContain('kb_versions_search_published');
  });

  it('given an editor search of drafts when planned then it reads the index of the newest versions', async () => {
    expect(await plan('draft')).toContain('kb_versions_search_latest');
  });
});
