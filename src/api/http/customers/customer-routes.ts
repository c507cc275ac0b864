/**
 * Customers beyond the configuration CRUD of /api/customers (http/config): a change in place
 * (PATCH, customer.edit), the custom fields admins define (/api/customer-fields: customer.view to
 * read, config.edit to change) and a customer's calls (customer.view), listed by the customer page
 * beside the profile. Customers belong to the whole center, not to a team, so anyone allowed to
 * view customers reads any of them; the calls show numbers, outcomes and names, never recordings.
 * Every change is audited with the fields it changed.
 */
import type { FastifyInstance } from 'fastify';
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

export interface CustomerRouteDeps {
  records: Pick<CustomerRecordService, 'calls'>;
  directory: DirectoryService;
}

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
