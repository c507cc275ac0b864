/**
 * Merging customers: POST /api/customers/{id}/merge {mergedId} (customer.edit; the page asks for
 * confirmation first) keeps {id} and merges {mergedId} into it; POST /api/customer-merges/{id}/undo
 * (config.edit: admins) restores both exactly; GET /api/customers/{id}/merges lists the merges
 * into a customer (customer.view), for the undo.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { CustomerMergeService, MergeActor } from '../../../customers/customer-merge-service.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { mergeSchema } from './customer-schemas.js';

function actorOf(r: FastifyRequest): MergeActor {
  if (!r.principal) throw new AppError('UNAUTHENTICATED');
  return { userId: r.principal.userId, ...(r.ip ? { ip: r.ip } : {}) };
}

export async function registerCustomerMergeRoutes(app: FastifyInstance, deps: { merges: CustomerMergeService }): Promise<void> {
  const tags = ['customers'];
  const errors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

  app.post<{ Params: { id: string }; Body: { mergedId: string } }>(
    '/api/customers/:id/merge',
    {
      config: { permission: 'customer.edit' },
      schema: {
        summary: 'Merge another customer into this one: identities, tickets (and so the history) join; the other is removed; audited, an admin can undo',
        tags,
        params: idParamsSchema,
        body: { type: 'object', required: ['mergedId'], additionalProperties: false, properties: { mergedId: { type: 'string', minLength: 1, maxLength: 100 } } },
        response: { 200: mergeSchema, ...errors },
      },
    },
    async (request) => deps.merges.merge(request.params.id, request.body.mergedId, actorOf(request)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/customer-merges/:id/undo',
    {
      config: { permission: 'config.edit' },
      schema: { summary: 'Undo a merge: both customers as they were before it (refused once the kept customer changed)', tags, params: idParamsSchema, response: { 200: mergeSchema, ...errors } },
    },
    async (request) => deps.merges.undo(request.params.id, actorOf(request)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/merges',
    {
      config: { permission: 'customer.view' },
      schema: { summary: 'Merges into this customer, newest first', tags, params: idParamsSchema, response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: mergeSchema } } } } },
    },
    async (request) => ({ items: await deps.merges.mergesInto(request.params.id) }),
  );
}
