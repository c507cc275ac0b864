/** The agent's wrap-up of a call: disposition and note (agent.self), audited like other call-record changes. */
import type { FastifyInstance } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { WrapUpChange, WrapUpService } from '../../../calls/wrap-up-service.js';
import { bodyErrors } from '../config/body-errors.js';
import { errorBodySchema } from '../schemas.js';
import { agentOf, userOf } from './call-route-deps.js';
import { callIdParams } from './call-schemas.js';
import { wrapUpBody, wrapUpResponse } from './screen-pop-schemas.js';

export interface WrapUpRouteDeps {
  wrapUp: Pick<WrapUpService, 'set'>;
  audit: AuditLog;
}

export async function registerWrapUpRoutes(app: FastifyInstance, deps: WrapUpRouteDeps): Promise<void> {
  app.put<{ Params: { id: string }; Body: WrapUpChange }>(
    '/api/calls/:id/disposition',
    {
      config: { permission: 'agent.self' },
      schema: {
        summary:
          "Set the call's disposition and note: by the agent who handled it, during the call, in its wrap-up or within 24 h of its end. Omitted fields keep their value; disposition null or note '' clears",
        tags: ['calls'],
        params: callIdParams,
        body: wrapUpBody,
        response: { 200: wrapUpResponse, 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema },
      },
    },
    async (request) => {
      const callId = request.params.id;
      const wrapUp = await bodyErrors(() => deps.wrapUp.set(callId, agentOf(request), request.body));
      // The note itself stays out of the audit trail: it may hold what the customer said.
      await deps.audit.record({
        actorId: userOf(request),
        action: 'call_record.disposition',
        target: `call:${callId}`,
        details: { disposition: wrapUp.disposition?.code ?? null, ...(request.body.note !== undefined ? { noteChars: request.body.note.length } : {}) },
        ...(request.ip ? { ip: request.ip } : {}),
      });
      return { callId, wrapUp };
    },
  );
}
