/**
 * GET /api/customers/{id}/timeline (customer.view): calls, chats and tickets of a customer,
 * newest first, keyset-paged (`before` = the `next` of the previous page). Recording ids only for
 * users who may listen (records.view); tickets only with tickets.view, team-scoped as on the
 * tickets page (supervisors and admins: all).
 */
import type { FastifyInstance } from 'fastify';
import { can } from '../../../accounts/principal.js';
import { AppError } from '../../../core/errors.js';
import { TIMELINE_PAGE, type CustomerTimelineService, type TimelineViewer } from '../../../customers/customer-timeline.js';
import { seesAllTeams, type TeamsOfAgent } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { timelineSchema } from './customer-schemas.js';

export interface CustomerTimelineRouteDeps {
  timeline: Pick<CustomerTimelineService, 'page'>;
  teamsOfAgent: TeamsOfAgent;
}

export async function registerCustomerTimelineRoutes(app: FastifyInstance, deps: CustomerTimelineRouteDeps): Promise<void> {
  app.get<{ Params: { id: string }; Querystring: { before?: string; limit: number } }>(
    '/api/customers/:id/timeline',
    {
      config: { permission: 'customer.view' },
      schema: {
        summary: "A customer's calls, chats and tickets, newest first (keyset paging)",
        tags: ['customers'],
        params: idParamsSchema,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { before: { type: 'string', minLength: 3, maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 100, default: TIMELINE_PAGE } },
        },
        response: { 200: timelineSchema, 400: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => {
      const p = request.principal;
      if (!p) throw new AppError('UNAUTHENTICATED');
      const agentId = p.agentId ?? null;
      const viewer: TimelineViewer = {
        canListen: can(p, 'records.view'),
        tickets: !can(p, 'tickets.view')
          ? undefined
          : seesAllTeams(p)
            ? 'all'
            : { teamIds: [...new Set([...p.ledTeamIds, ...(agentId ? deps.teamsOfAgent(agentId) : [])])], agentId },
      };
      return deps.timeline.page(request.params.id, viewer, request.query.before, request.query.limit);
    },
  );
}
