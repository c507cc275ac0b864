/** /api/kb end to end over the full app: permissions, versions, publishing, bad input, usage, audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

describe('/api/kb', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let sup: AuthHeaders;
  let supUserId = '';
  let lead: AuthHeaders;
  let agent: AuthHeaders;
  let top = '';
  let sub = '';
  let subsub = '';

  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: AuthHeaders, payload?: object) => {
    const res = await t.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    // The answers are checked field by field below; their shapes are the routes' response schemas.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.statusCode, body: (res.body ? res.json() : undefined) as Record<string, any> };
  };
  const article = (over: object = {}) => ({ title: 'Reset your password', body: 'Open the login page.', tags: ['login'], categoryId: sub, language: 'en', ...over });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAs('admin');
    const s = await t.login('supervisor');
    sup = s.headers;
    supUserId = s.userId;
    lead = await t.loginAs('team_lead');
    agent = await t.loginAs('agent');
    top = (await call('POST', '/api/kb/categories', admin, { name: 'Help' })).body.id;
    sub = (await call('POST', '/api/kb/categories', admin, { name: 'Account', parentId: top })).body.id;
    subsub = (await call('POST', '/api/kb/categories', admin, { name: 'Login', parentId: sub })).body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given a category tree when a category is moved under its own subcategory then KB_CATEGORY_CYCLE and nothing changes', async () => {
    const res = await call('PUT', `/api/kb/categories/${top}`, admin, { name: 'Help', parentId: subsub });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('KB_CATEGORY_CYCLE');
    const tree = (await call('GET', '/api/kb/categories', agent)).body as unknown as { id: string; parentId: string | null; children: { id: string; children: { id: string }[] }[] }[];
    const help = tree.find((c) => c.id === top)!;
    expect(help.parentId).toBeNull();
    expect(help.children[0]!.id).toBe(sub);
    expect(help.children[0]!.children[0]!.id).toBe(subsub);
  });

  it('given an unknown parent when a category is created then KB_CATEGORY_NOT_FOUND naming parentId', async () => {
    const res = await call('POST', '/api/kb/categories', admin, { name: 'X', parentId: 'nope' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('KB_CATEGORY_NOT_FOUND');
    expect(res.body.details.where).toBe('/parentId');
  });

  it('given bad article input when it is created then a coded 400 naming the field', async () => {
    const lang = await call('POST', '/api/kb/articles', admin, article({ language: 'fr' }));
    expect(lang.status).toBe(400);
    expect(lang.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(lang.body.details)).toContain('language');
    const blank = await call('POST', '/api/kb/articles', admin, article({ title: '   ' }));
    expect(blank.status).toBe(400);
    expect(blank.body.details.problems[0].where).toBe('/title');
    const noCat = await call('POST', '/api/kb/articles', admin, article({ categoryId: 'nope' }));
    expect(noCat.status).toBe(404);
    expect(noCat.body.details.where).toBe('/categoryId');
  });

  it('given an article when edited and published then every version is kept and agents see only the published one', async () => {
    const made = await call('POST', '/api/kb/articles', admin, article());
    expect(made.status).toBe(201);
    const id = made.body.article.id as string;
    expect(made.body.article.status).toBe('draft');
    // A draft is not there for agents, nor found by their search.
    expect((await call('GET', `/api/kb/articles/${id}`, agent)).status).toBe(404);
    expect((await call('GET', '/api/kb/search?q=password', agent)).body).toEqual([]);
    // Editors can search drafts.
    expect(((await call('GET', '/api/kb/search?q=password&scope=draft', sup)).body as unknown as { articleId: string }[]).map((h) => h.articleId)).toEqual([id]);
    expect((await call('GET', '/api/kb/search?q=password&scope=draft', agent)).status).toBe(403);

    expect((await call('POST', `/api/kb/articles/${id}/publish`, admin, { version: 1 })).body.article.status).toBe('published');
    const edited = await call('PUT', `/api/kb/articles/${id}`, sup, article({ title: 'Reset a forgotten password', body: '# Steps\n\n- Open the login page\n- Choose "Forgot password"' }));
    expect(edited.status).toBe(200);
    expect(edited.body.article).toMatchObject({ latestVersion: 2, publishedVersion: 1, status: 'changed' });
    expect(edited.body.published.title).toBe('Reset your password');
    expect(edited.body.version.body).toBe('# Steps\n\n- Open the login page\n- Choose "Forgot password"');

    // The agent still reads and finds version 1.
    expect((await call('GET', `/api/kb/articles/${id}`, agent)).body.version).toMatchObject({ version: 1, title: 'Reset your password' });
    expect(((await call('GET', '/api/kb/search?q=forgotten', agent)).body as unknown as unknown[]).length).toBe(0);

    const versions = (await call('GET', `/api/kb/articles/${id}/versions`, admin)).body as unknown as { version: number; createdBy: string; createdByName: string | null }[];
    expect(versions.map((v) => v.version)).toEqual([2, 1]);
    // Who saved each version, by id and by name.
    expect(versions[0]).toMatchObject({ createdBy: supUserId, createdByName: (await t.deps.users.get(supUserId)).displayName });
    expect((await call('GET', `/api/kb/articles/${id}/versions`, agent)).body).toHaveLength(1);

    await call('POST', `/api/kb/articles/${id}/publish`, admin, { version: 2 });
    const hits = (await call('GET', '/api/kb/search?q=forgotten', agent)).body as unknown as { articleId: string; version: number }[];
    expect(hits).toEqual([expect.objectContaining({ articleId: id, version: 2 })]);

    const audit = await t.deps.auditReader.query({ action: 'kb.article.' });
    expect(audit.filter((a) => a.target === `kb_article:${id}`).map((a) => a.action).sort()).toEqual(['kb.article.created', 'kb.article.edited', 'kb.article.published', 'kb.article.published']);
  });

  it('given an article when a version it does not have is published then KB_VERSION_NOT_FOUND and nothing changes', async () => {
    const id = (await call('POST', '/api/kb/articles', admin, article({ title: 'Missing version' }))).body.article.id;
    const res = await call('POST', `/api/kb/articles/${id}/publish`, admin, { version: 7 });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('KB_VERSION_NOT_FOUND');
    expect((await call('GET', `/api/kb/articles/${id}`, admin)).body.article.publishedVersion).toBeNull();
    expect((await call('POST', `/api/kb/articles/nope/publish`, admin, { version: 1 })).body.code).toBe('KB_ARTICLE_NOT_FOUND');
  });

  it('given the default grants then agents and team leads cannot edit, supervisors can, and an admin can grant team leads', async () => {
    expect((await call('POST', '/api/kb/articles', agent, article())).status).toBe(403);
    expect((await call('POST', '/api/kb/categories', lead, { name: 'L' })).status).toBe(403);
    expect((await call('POST', '/api/kb/categories', sup, { name: 'S' })).status).toBe(201);
    const grant = await call('PUT', '/api/role-grants/kb.edit', admin, { roles: ['team_lead', 'supervisor'] });
    expect(grant.status).toBe(200);
    const lead2 = await t.loginAs('team_lead');
    expect((await call('POST', '/api/kb/categories', lead2, { name: 'L2' })).status).toBe(201);
    const nobody = await t.loginAs([]);
    expect((await call('GET', '/api/kb/search?q=x', nobody)).status).toBe(403);
  });

  it('given a category with articles when it is deleted then KB_CATEGORY_IN_USE; an empty one is deleted', async () => {
    expect((await call('DELETE', `/api/kb/categories/${sub}`, admin)).body.code).toBe('KB_CATEGORY_IN_USE');
    const empty = (await call('POST', '/api/kb/categories', admin, { name: 'Empty' })).body.id;
    expect((await call('DELETE', `/api/kb/categories/${empty}`, admin)).status).toBe(204);
    expect((await call('DELETE', `/api/kb/categories/${empty}`, admin)).body.code).toBe('KB_CATEGORY_NOT_FOUND');
  });

  it('given usage recorded over time (an article used twice on one call) when the report is asked then most and least used published articles for the period, the call counted once', async () => {
    const mk = async (title: string) => {
      const id = (await call('POST', '/api/kb/articles', admin, article({ title, categoryId: subsub }))).body.article.id as string;
      await call('POST', `/api/kb/articles/${id}/publish`, admin, { version: 1 });
      return id;
    };
    const popular = await mk('Popular');
    const some = await mk('Sometimes');
    const from = t.clock.now();
    for (let i = 0; i < 3; i++) expect((await call('POST', `/api/kb/articles/${popular}/usage`, agent, { kind: 'viewed' })).status).toBe(204);
    // A chat and a call the supervisor reaches (usages name only contacts in the user's reach).
    const now = new Date(t.clock.now());
    await t.db.insertInto('chat_visitors').values({ id: 'v-1', token_hash: 'h-1', created_at: now }).execute();
    await t.db.insertInto('chats').values({ id: 'chat-1', visitor_id: 'v-1', queue_id: 'q', state: 'ended', agent_id: null, visitor_name: '', page: '', created_at: now, ended_at: now, end_reason: 'visitor_left', last_seq: 0 }).execute();
    await t.deps.contactCenter.callStore.saveCall({ id: 'call-1', direction: 'inbound', state: 'ended', from: '+4930111', to: '100', callerName: '', ivrPath: [], variables: {}, startedAt: t.clock.now(), endedAt: t.clock.now(), outcome: 'agent_answered', recordingIds: [] });
    expect((await call('POST', `/api/kb/articles/${popular}/usage`, sup, { kind: 'sent_in_chat', chatId: 'chat-1' })).status).toBe(204);
    expect((await call('POST', `/api/kb/articles/${popular}/usage`, sup, { kind: 'used_in_call', callId: 'call-1' })).status).toBe(204);
    // The same article on the same call again: accepted, counted once.
    expect((await call('POST', `/api/kb/articles/${popular}/usage`, sup, { kind: 'used_in_call', callId: 'call-1' })).status).toBe(204);
    // An agent naming a call that is not theirs: not there.
    expect((await call('POST', `/api/kb/articles/${popular}/usage`, agent, { kind: 'used_in_call', callId: 'call-1' })).body.code).toBe('NOT_FOUND');
    await call('POST', `/api/kb/articles/${some}/usage`, agent, { kind: 'viewed' });
    const noChat = await call('POST', `/api/kb/articles/${some}/usage`, agent, { kind: 'sent_in_chat' });
    expect(noChat.status).toBe(400);
    expect(noChat.body.details.problems[0].where).toBe('/chatId');
    expect((await call('POST', `/api/kb/articles/${some}/usage`, agent, { kind: 'liked' })).status).toBe(400);
    t.clock.advance(60_000);
    const to = t.clock.now();
    // Outside the period: not counted.
    await call('POST', `/api/kb/articles/${some}/usage`, agent, { kind: 'viewed' });

    expect((await call('GET', `/api/kb/usage-report?from=${from}&to=${to}`, agent)).status).toBe(403);
    const report = (await call('GET', `/api/kb/usage-report?from=${from}&to=${to}&limit=2`, sup)).body as { most: { articleId: string; viewed: number; sentInChat: number; usedInCall: number; total: number }[]; least: { articleId: string; total: number }[] };
    expect(report.most[0]).toMatchObject({ articleId: popular, viewed: 3, sentInChat: 1, usedInCall: 1, total: 5 });
    expect(report.most[1]).toMatchObject({ articleId: some, total: 1 });
    // Published articles never used in the period are the least used (three are published: limit 2 leaves the popular one out).
    expect(report.least[0]!.total).toBe(0);
    expect(report.least.map((l) => l.articleId)).not.toContain(popular);
    expect((await call('GET', `/api/kb/usage-report?from=${to}&to=${from}`, sup)).body.code).toBe('INVALID_RANGE');
  });

  it('given an article when archived then it is gone for everyone but its versions and audit stay', async () => {
    const id = (await call('POST', '/api/kb/articles', admin, article({ title: 'Archived zebra' }))).body.article.id;
    await call('POST', `/api/kb/articles/${id}/publish`, admin, { version: 1 });
    expect((await call('DELETE', `/api/kb/articles/${id}`, agent)).status).toBe(403);
    expect((await call('DELETE', `/api/kb/articles/${id}`, admin)).status).toBe(204);
    expect((await call('GET', `/api/kb/articles/${id}`, admin)).status).toBe(404);
    expect((await call('GET', '/api/kb/search?q=zebra', agent)).body).toEqual([]);
    const kept = await t.db.selectFrom('kb_article_versions').select('title').where('article_id', '=', id).execute();
    expect(kept).toEqual([{ title: 'Archived zebra' }]);
  });

  it('given articles in nested categories when searching in a category then its subcategories are included', async () => {
    const deep = (await call('POST', '/api/kb/articles', admin, article({ title: 'Nested yak', categoryId: subsub }))).body.article.id;
    await call('POST', `/api/kb/articles/${deep}/publish`, admin, { version: 1 });
    const inTop = (await call('GET', `/api/kb/search?q=yak&category=${top}`, agent)).body as unknown as { articleId: string }[];
    expect(inTop.map((h) => h.articleId)).toEqual([deep]);
    const other = (await call('POST', '/api/kb/categories', admin, { name: 'Other' })).body.id;
    expect((await call('GET', `/api/kb/search?q=yak&category=${other}`, agent)).body).toEqual([]);
    expect((await call('GET', `/api/kb/search?q=yak&category=nope`, agent)).body.details.where).toBe('/category');
  });
});
