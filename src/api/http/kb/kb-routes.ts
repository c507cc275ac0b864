/**
 * The knowledge base over REST (issue 13), under /api/kb. kb.view (agents and up) finds, reads and
 * records the use of published articles; kb.edit (admins, and the roles an admin grants it to:
 * supervisors by default) maintains categories and articles, sees drafts and every version, and
 * reads the usage report. Every change is audited by the service with the change itself. The
 * knowledge base is center-wide, like the directory: there is no team scope.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Principal } from '../../../accounts/principal.js';
import { AppError } from '../../../core/errors.js';
import type { KbArticleContent, KbCategoryInput, KbLanguage } from '../../../kb/model.js';
import type { KbService, KbUsageInput, KbViewer } from '../../../kb/kb-service.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import {
  articleInput,
  articleListQuery,
  articleListSchema,
  articleViewSchema,
  categoryInput,
  categorySchema,
  categoryTreeSchema,
  publishBody,
  searchQuery,
  searchResponse,
  usageBody,
  usageReportQuery,
  usageReportSchema,
  versionWithNameSchema,
} from './kb-schemas.js';

export interface KbRouteDeps {
  kb: KbService;
  /** A user's display name (who saved a version); undefined for a user deleted since. */
  nameOfUser: (userId: string) => Promise<string | undefined>;
  /**
   * Whether the user may name this call or chat in a usage (their own, or for a team lead one of
   * their teams', as everywhere else): a usage must not reveal or mark another team's contact.
   */
  reach: {
    call(principal: Principal, callId: string): Promise<boolean>;
    chat(principal: Principal, chatId: string): Promise<boolean>;
  };
}

const tags = ['kb'];
const view = { permission: 'kb.view' } as const;
const edit = { permission: 'kb.edit' } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema } as const;

export async function registerKbRoutes(app: FastifyInstance, deps: KbRouteDeps): Promise<void> {
  const viewerOf = (r: FastifyRequest): KbViewer => {
    const p = r.principal;
    if (!p) throw new AppError('UNAUTHENTICATED');
    return { userId: p.userId, canEdit: can(p, 'kb.edit'), ip: r.ip };
  };
  const kb = deps.kb;

  app.get('/api/kb/categories', { config: view, schema: { summary: 'The category tree', tags, response: { 200: categoryTreeSchema, ...errors } } }, async () => kb.categoryTree());

  app.post<{ Body: KbCategoryInput }>(
    '/api/kb/categories',
    { config: edit, schema: { summary: 'Add a category (under parentId when given)', tags, body: categoryInput, response: { 201: categorySchema, ...errors } } },
    async (r, reply) => reply.code(201).send(await kb.createCategory(r.body, viewerOf(r))),
  );

  app.put<{ Params: { id: string }; Body: KbCategoryInput }>(
    '/api/kb/categories/:id',
    { config: edit, schema: { summary: 'Rename or move a category; a move under itself or its own subcategories is refused with KB_CATEGORY_CYCLE', tags, params: idParamsSchema, body: categoryInput, response: { 200: categorySchema, ...errors } } },
    async (r) => kb.updateCategory(r.params.id, r.body, viewerOf(r)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/kb/categories/:id',
    { config: edit, schema: { summary: 'Delete an empty category (KB_CATEGORY_IN_USE while it holds subcategories or articles)', tags, params: idParamsSchema, response: { 204: { type: 'null' }, ...errors } } },
    async (r, reply) => {
      await kb.deleteCategory(r.params.id, viewerOf(r));
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { category?: string; limit?: number } }>(
    '/api/kb/articles',
    { config: view, schema: { summary: 'Articles, last changed first: published ones for readers, every one (newest version) for editors', tags, querystring: articleListQuery, response: { 200: articleListSchema, ...errors } } },
    async (r) => kb.list({ ...(r.query.category ? { categoryId: r.query.category } : {}), ...(r.query.limit ? { limit: r.query.limit } : {}) }, viewerOf(r)),
  );

  app.post<{ Body: KbArticleContent }>(
    '/api/kb/articles',
    { config: edit, schema: { summary: 'Write a new article: its first version, a draft', tags, body: articleInput, response: { 201: articleViewSchema, ...errors } } },
    async (r, reply) => reply.code(201).send(await kb.create(r.body, viewerOf(r))),
  );

  app.get<{ Params: { id: string } }>(
    '/api/kb/articles/:id',
    { config: view, schema: { summary: 'One article: its published version for readers, its newest (and the published one) for editors', tags, params: idParamsSchema, response: { 200: articleViewSchema, ...errors } } },
    async (r) => kb.get(r.params.id, viewerOf(r)),
  );

  app.put<{ Params: { id: string }; Body: KbArticleContent }>(
    '/api/kb/articles/:id',
    { config: edit, schema: { summary: 'Edit an article: a new draft version (readers keep the published one until it is published)', tags, params: idParamsSchema, body: articleInput, response: { 200: articleViewSchema, ...errors } } },
    async (r) => kb.edit(r.params.id, r.body, viewerOf(r)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/kb/articles/:id',
    { config: edit, schema: { summary: 'Archive an article: kept with its versions and usage, no longer listed or found', tags, params: idParamsSchema, response: { 204: { type: 'null' }, ...errors } } },
    async (r, reply) => {
      await kb.archive(r.params.id, viewerOf(r));
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/kb/articles/:id/versions',
    { config: view, schema: { summary: 'The versions, newest first, with who saved each (readers: the published one only)', tags, params: idParamsSchema, response: { 200: { type: 'array', items: versionWithNameSchema }, ...errors } } },
    async (r) => {
      const versions = await kb.versions(r.params.id, viewerOf(r));
      const names = new Map<string, string | null>();
      for (const id of new Set(versions.map((v) => v.createdBy))) names.set(id, (await deps.nameOfUser(id)) ?? null);
      return versions.map((v) => ({ ...v, createdByName: names.get(v.createdBy) ?? null }));
    },
  );

  app.post<{ Params: { id: string }; Body: { version: number } }>(
    '/api/kb/articles/:id/publish',
    { config: edit, schema: { summary: 'Publish one version (KB_VERSION_NOT_FOUND when the article has no such version)', tags, params: idParamsSchema, body: publishBody, response: { 200: articleViewSchema, ...errors } } },
    async (r) => kb.publish(r.params.id, r.body.version, viewerOf(r)),
  );

  app.get<{ Querystring: { q: string; category?: string; language?: KbLanguage; limit?: number; scope?: 'published' | 'draft' } }>(
    '/api/kb/search',
    { config: view, schema: { summary: 'Full-text search in English and Chinese, best first (drafts with scope=draft, editors only)', tags, querystring: searchQuery, response: { 200: searchResponse, ...errors } } },
    async (r) => {
      const q = r.query;
      return kb.search({ q: q.q, ...(q.category ? { categoryId: q.category } : {}), ...(q.language ? { language: q.language } : {}), ...(q.limit ? { limit: q.limit } : {}), ...(q.scope ? { scope: q.scope } : {}) }, viewerOf(r));
    },
  );

  app.post<{ Params: { id: string }; Body: KbUsageInput }>(
    '/api/kb/articles/:id/usage',
    { config: view, schema: { summary: 'Count one use of an article: viewed, sent_in_chat (with chatId) or used_in_call (with callId)', tags, params: idParamsSchema, body: usageBody, response: { 204: { type: 'null' }, ...errors } } },
    async (r, reply) => {
      const p = r.principal;
      if (!p) throw new AppError('UNAUTHENTICATED');
      // Out of reach reads as not there, as the call and chat routes answer.
      if (r.body.callId !== undefined && !(await deps.reach.call(p, r.body.callId))) throw new AppError('NOT_FOUND', `No call ${r.body.callId}`, { where: '/callId' });
      if (r.body.chatId !== undefined && !(await deps.reach.chat(p, r.body.chatId))) throw new AppError('NOT_FOUND', `No chat ${r.body.chatId}`, { where: '/chatId' });
      await kb.recordUsage(r.params.id, r.body, viewerOf(r));
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: { from: number; to: number; limit?: number } }>(
    '/api/kb/usage-report',
    { config: edit, schema: { summary: 'The most and least used published articles over [from, to)', tags, querystring: usageReportQuery, response: { 200: usageReportSchema, ...errors } } },
    async (r) => kb.usageReport(r.query.from, r.query.to, r.query.limit),
  );
}
