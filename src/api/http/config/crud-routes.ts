import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../../../accounts/permissions.js';
import type { Page } from '../../../core/paging.js';
import type { Actor, DirectoryService } from '../../../directory/directory-service.js';
import type { DirectoryRepos } from '../../../directory/ports.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { bodyErrors } from './body-errors.js';
import { listQuery, pageOf } from './common-schemas.js';

/** What every directory entity offers for reading; the routes are the same shape for all of them. */
export interface CrudReader<T extends { id: string }, F> {
  list(filter: F): Promise<Page<T>>;
  get(id: string): Promise<T>;
}

/** And for writing, inside the directory service's unit of work. */
export interface CrudRepo<T extends { id: string }, I, F> extends CrudReader<T, F> {
  create(input: I): Promise<T>;
  update(id: string, input: I): Promise<T>;
  delete(id: string): Promise<void>;
}

export interface CrudSpec<T extends { id: string }, I, F> {
  /** `/api/queues` */
  path: string;
  /** Singular entity name for events and audit (`queue`). */
  entity: string;
  /** Plural for OpenAPI tags and summaries (`queues`). */
  plural: string;
  view: Permission;
  edit: Permission;
  input: object;
  output: object;
  filters: Record<string, object>;
  /** For reads. */
  repo: CrudReader<T, F>;
  /** The same repository inside the directory service's unit of work, for writes. */
  pick: (repos: DirectoryRepos) => CrudRepo<T, I, F>;
  directory: DirectoryService;
  /** Checked before a replace (with the stored and the new version) and before a delete; throws to refuse. */
  guard?: { update?(before: T, input: I): void; delete?(before: T): void };
}

const errors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** List (paged, filtered), read, create, replace and delete, with schemas on every route. */
export async function registerCrudRoutes<T extends { id: string }, I, F>(app: FastifyInstance, spec: CrudSpec<T, I, F>): Promise<void> {
  const { path, entity, plural, repo, pick, directory } = spec;
  const tags = [plural];
  const read = { permission: spec.view } as const;
  const write = { permission: spec.edit } as const;

  app.get<{ Querystring: F }>(
    path,
    {
      config: read,
      schema: { summary: `List ${plural}`, tags, querystring: listQuery(spec.filters), response: { 200: pageOf(spec.output), 400: errorBodySchema } },
    },
    async (request) => repo.list(request.query as F),
  );

  app.get<{ Params: { id: string } }>(
    `${path}/:id`,
    { config: read, schema: { summary: `One ${entity}`, tags, params: idParamsSchema, response: { 200: spec.output, 404: errorBodySchema } } },
    async (request) => repo.get(request.params.id),
  );

  app.post<{ Body: I }>(
    path,
    { config: write, schema: { summary: `Create a ${entity}`, tags, body: spec.input, response: { 201: spec.output, ...errors } } },
    async (request, reply) => {
      const created = await bodyErrors(() =>
        directory.change(actorOf(request), entity, 'created', (repos) => pick(repos).create(request.body as I), (c) => c.id),
      );
      return reply.status(201).send(created);
    },
  );

  app.put<{ Params: { id: string }; Body: I }>(
    `${path}/:id`,
    {
      config: write,
      schema: { summary: `Replace a ${entity}`, tags, params: idParamsSchema, body: spec.input, response: { 200: spec.output, ...errors } },
    },
    async (request) => {
      if (spec.guard?.update) spec.guard.update(await repo.get(request.params.id), request.body as I);
      return bodyErrors(() =>
        directory.change(actorOf(request), entity, 'updated', (repos) => pick(repos).update(request.params.id, request.body as I), (u) => u.id),
      );
    },
  );

  app.delete<{ Params: { id: string } }>(
    `${path}/:id`,
    {
      config: write,
      schema: { summary: `Delete a ${entity}`, tags, params: idParamsSchema, response: { 204: { type: 'null' }, 404: errorBodySchema, 409: errorBodySchema } },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (spec.guard?.delete) spec.guard.delete(await repo.get(id));
      await directory.change(actorOf(request), entity, 'deleted', (repos) => pick(repos).delete(id), () => id);
      return reply.status(204).send();
    },
  );
}

function actorOf(request: FastifyRequest): Actor {
  return { ...(request.principal ? { userId: request.principal.userId } : {}), ip: request.ip };
}
