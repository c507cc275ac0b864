/**
 * A customer's calls (customer.view), listed by the customer page beside the profile (GET
 * /api/customers/:id, a configuration route). Customers belong to the whole center, not to a team,
 * so anyone allowed to view customers reads any of them; the calls show numbers, outcomes and
 * names, never recordings.
 */
import type { FastifyInstance } from 'fastify';
import type { CustomerRecordService } from '../../../customers/customer-record.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { customerCallsSchema } from './customer-schemas.js';

export interface CustomerRouteDeps {
  records: Pick<CustomerRecordService, 'calls'>;
}

export async function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRouteDeps): Promise<void> {
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
