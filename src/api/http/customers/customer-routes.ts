/**
 * Customers beyond the configuration CRUD of /api/customers (http/config): a change in place
 * (PATCH, customer.edit), the custom fields admins define (/api/customer-fields: customer.view to
 * read, config.edit to change) and a customer's calls (customer.view), listed by the customer page
 * beside the profile. Customers belong to the whole center, not to a team, so anyone allowed to
 * view customers reads any of them; the calls show numbers, outcomes and names, never recordings.
 * Every change is audited with the fields it changed.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import { AppError } from '../../../core/errors.js';
import { customersCsv } from '../../../customers/customer-export.js';
import type { CustomerRecordService } from '../../../customers/customer-record.js';
import { changedFields } from '../../../customers/customer-rules.js';
import type { CustomerPatch } from '../../../customers/model.js';
import type { DirectoryService } from '../../../directory/directory-service.js';
import { bodyErrors } from '../config/body-errors.js';
import { registerCrudRoutes } from '../config/crud-routes.js';
import { customerPatch, customerView } from '../config/entity-schemas.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { customFieldInput, customFieldView } from './customer-field-schemas.js';
import { customerCallsSchema } from './customer-schemas.js';
import { seesEveryChat } from '../../chat-reach.js';

export interface CustomerRouteDeps {
  records: Pick<CustomerRecordService, 'calls'>;
  /** The visitor of a chat the user may read (CHAT_NOT_YOURS otherwise), for the chat's screen-pop. */
  chats: { visitorOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<string> };
  directory: DirectoryService;
  audit: AuditLog;
}

/** More customers than this in one export answer 400 EXPORT_TOO_LARGE (as the call-record export). */
export const CUSTOMER_EXPORT_CAP = 100_000;

export async function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRouteDeps): Promise<void> {
  const { directory } = deps;

  app.patch<{ Params: { id: string }; Body: CustomerPatch }>(
    '/api/customers/:id',
    {
      config: { permission: 'customer.edit' },
      schema: {
        summary: 'Change some fields of a customer (the rest stay); custom values per field, null clears one',
        tags: ['customers'],
        params: idParamsSchema,
        body: customerPatch,
        response: { 200: customerView, 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => {
      const actor = { ...(request.principal ? { userId: request.principal.userId } : {}), ip: request.ip };
      const change = await bodyErrors(() =>
        directory.change(
          actor,
          'customer',
          'updated',
          (repos) => repos.customers.patch(request.params.id, request.body),
          (c) => c.after.id,
          (c) => ({ fields: changedFields(c.before, c.after) }),
        ),
      );
      return change.after;
    },
  );

  app.get<{ Querystring: { q: string; limit: number } }>(
    '/api/customers/search',
    {
      config: { permission: 'customer.view' },
      schema: {
        summary: 'Customers by name (start, anywhere, or similar: typos) or by any identity (phone digits, e-mail, chat or messaging id), best first',
        tags: ['customers'],
        querystring: {
          type: 'object',
          required: ['q'],
          additionalProperties: false,
          properties: { q: { type: 'string', minLength: 1, maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 } },
        },
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: customerView } } }, 400: errorBodySchema },
      },
    },
    async (request) => ({ items: await directory.read.customers.search(request.query.q, request.query.limit) }),
  );

  app.get<{ Querystring: { format: 'csv' | 'xlsx-csv' } }>(
    '/api/customers/export',
    {
      config: { permission: 'customer.export' },
      schema: {
        summary: 'Every customer as CSV (streamed), audited',
        description: `format=xlsx-csv starts with a UTF-8 byte-order mark for Excel. More than ${CUSTOMER_EXPORT_CAP} customers answer 400 EXPORT_TOO_LARGE.`,
        tags: ['customers'],
        querystring: { type: 'object', additionalProperties: false, properties: { format: { type: 'string', enum: ['csv', 'xlsx-csv'], default: 'csv' } } },
        response: { 400: errorBodySchema },
      },
    },
    async (request, reply) => {
      const customers = directory.read.customers;
      const { total } = await customers.list({ limit: 1 });
      if (total > CUSTOMER_EXPORT_CAP) throw new AppError('EXPORT_TOO_LARGE', `More than ${CUSTOMER_EXPORT_CAP} customers`, { cap: CUSTOMER_EXPORT_CAP });
      await deps.audit.record({
        ...(request.principal ? { actorId: request.principal.userId } : {}),
        action: 'customer.export',
        target: 'customers',
        details: { format: request.query.format, rows: total },
        ...(request.ip ? { ip: request.ip } : {}),
      });
      const rows = customersCsv(async (offset) => (await customers.list({ offset, limit: 500 })).items, request.query.format === 'xlsx-csv');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(rows));
    },
  );

  await registerCrudRoutes(app, {
    path: '/api/customer-fields',
    entity: 'customer_field',
    plural: 'customer fields',
    view: 'customer.view',
    edit: 'config.edit',
    directory,
    input: customFieldInput,
    output: customFieldView,
    filters: {},
    repo: directory.read.customerFields,
    pick: (r) => r.customerFields,
  });

  app.get<{ Params: { id: string } }>(
    '/api/chats/:id/customer',
    {
      config: { permission: 'customer.view' },
      schema: {
        summary: "The customer holding the chat's visitor id (the chat's screen-pop), or null; only for a chat the user may read",
        tags: ['customers', 'chats'],
        params: idParamsSchema,
        response: { 200: { type: 'object', required: ['customer'], properties: { customer: { anyOf: [customerView, { type: 'null' }] } } }, 403: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const p = request.principal;
      const visitorId = await deps.chats.visitorOf(request.params.id, { ...(p?.agentId ? { agentId: p.agentId } : {}), supervise: seesEveryChat(p) });
      return { customer: (await directory.read.customers.findByChatVisitor(visitorId)) ?? null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/calls',
    {
      config: { permission: 'customer.view' },
      schema: {
        summary: "A customer's calls (by any of their numbers), newest first",
        tags: ['customers'],
        params: idParamsSchema,
        response: { 200: customerCallsSchema, 404: errorBodySchema },
      },
    },
    async (request) => ({ calls: await deps.records.calls(request.params.id) }),
  );
}
