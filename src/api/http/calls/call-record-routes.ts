/** Stored call records: list and detail (records.view), delete (records.delete, audited). */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../core/errors.js';
import type { CallRecordQuery } from '../../../calls/ports.js';
import { errorBodySchema } from '../schemas.js';
import { userOf, type CallRouteDeps } from './call-route-deps.js';
import { callIdParams, recordDetailResponse, recordsQuery, recordsResponse } from './call-schemas.js';

export async function registerCallRecordRoutes(app: FastifyInstance, deps: CallRouteDeps): Promise<void> {
  app.get<{ Querystring: CallRecordQuery }>(
    '/api/call-records',
    {
      config: { permission: 'records.view' },
      schema: { summary: 'Call records, newest first; page with `before` = last id seen', tags: ['calls'], querystring: recordsQuery, response: { 200: recordsResponse } },
    },
    async (request) => ({ calls: await deps.records.list(request.query) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/call-records/:id',
    {
      config: { permission: 'records.view' },
      schema: { summary: 'One call with its legs, timeline and recordings', tags: ['calls'], params: callIdParams, response: { 200: recordDetailResponse, 404: errorBodySchema } },
    },
    async (request) => {
      const detail = await deps.records.get(request.params.id);
      if (!detail) throw new AppError('NOT_FOUND', `No call record ${request.params.id}`, { callId: request.params.id });
      return detail;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/call-records/:id',
    {
      config: { permission: 'records.delete' },
      schema: { summary: 'Delete an ended call record with its legs, timeline and recording rows', tags: ['calls'], params: callIdParams, response: { 204: { type: 'null' }, 404: errorBodySchema, 409: errorBodySchema } },
    },
    async (request, reply) => {
      const deleted = await deps.records.delete(request.params.id);
      if (!deleted) throw new AppError('NOT_FOUND', `No call record ${request.params.id}`, { callId: request.params.id });
      await deps.audit.record({ actorId: userOf(request), action: 'call_record.delete', target: `call:${request.params.id}`, ...(request.ip ? { ip: request.ip } : {}) });
      return reply.status(204).send();
    },
  );
}
