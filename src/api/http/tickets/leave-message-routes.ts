/**
 * /api/leave-message-templates: the leave-a-message templates a widget offers when nobody can
 * serve a chat (issue 13). Reading needs config.view, changing config.edit; each change is stored
 * with its audit entry in one unit of work (LeaveMessageService). Templates are center-wide
 * configuration like queues, so there is no team scope to apply.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LeaveMessageService } from '../../../tickets/leave-message-service.js';
import type { LeaveMessageChannel, LeaveMessageTemplateInput } from '../../../tickets/leave-message-template.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { templateInputSchema, templateListQuery, templateSchema } from './leave-message-schemas.js';

export interface LeaveMessageRouteDeps {
  templates: Pick<LeaveMessageService, 'list' | 'get' | 'create' | 'update' | 'remove'>;
}

const tags = ['tickets', 'config'];
const view = { permission: 'config.view' } as const;
const edit = { permission: 'config.edit' } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema } as const;
const actorOf = (r: FastifyRequest) => ({ userId: r.principal?.userId ?? 'unknown', ip: r.ip });

export async function registerLeaveMessageRoutes(app: FastifyInstance, deps: LeaveMessageRouteDeps): Promise<void> {
  app.get<{ Querystring: { channel?: LeaveMessageChannel } }>(
    '/api/leave-message-templates',
    { config: view, schema: { summary: 'Leave-a-message templates by name; one channel only when asked', tags, querystring: templateListQuery, response: { 200: { type: 'array', items: templateSchema }, ...errors } } },
    async (r) => deps.templates.list(r.query.channel),
  );

  app.get<{ Params: { id: string } }>(
    '/api/leave-message-templates/:id',
    { config: view, schema: { summary: 'One template', tags, params: idParamsSchema, response: { 200: templateSchema, 404: errorBodySchema, ...errors } } },
    async (r) => deps.templates.get(r.params.id),
  );

  app.post<{ Body: LeaveMessageTemplateInput }>(
    '/api/leave-message-templates',
    {
      config: edit,
      schema: {
        summary: 'Add a template for a channel and business line; refused with TEMPLATE_NO_FIELDS, TEMPLATE_FIELD_KIND_UNKNOWN, TEMPLATE_FIELD_DUPLICATE or TEMPLATE_LINE_TAKEN',
        tags,
        body: templateInputSchema,
        response: { 201: templateSchema, 409: errorBodySchema, ...errors },
      },
    },
    async (r, reply) => reply.code(201).send(await deps.templates.create(r.body, actorOf(r))),
  );

  app.put<{ Params: { id: string }; Body: LeaveMessageTemplateInput }>(
    '/api/leave-message-templates/:id',
    { config: edit, schema: { summary: 'Replace a template (tickets made with it keep their fields)', tags, params: idParamsSchema, body: templateInputSchema, response: { 200: templateSchema, 404: errorBodySchema, 409: errorBodySchema, ...errors } } },
    async (r) => deps.templates.update(r.params.id, r.body, actorOf(r)),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/leave-message-templates/:id',
    { config: edit, schema: { summary: 'Delete a template (tickets made with it keep their fields)', tags, params: idParamsSchema, response: { 204: { type: 'null' }, 404: errorBodySchema, ...errors } } },
    async (r, reply) => {
      await deps.templates.remove(r.params.id, actorOf(r));
      return reply.code(204).send();
    },
  );
}
