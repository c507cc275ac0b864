import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../../accounts/principal.js';
import type { SoftphoneService } from '../../../softphone/softphone-service.js';
import { errorBodySchema } from '../schemas.js';
import { credentialsSchema } from './softphone-schemas.js';

export interface SoftphoneRouteDeps {
  softphone: Pick<SoftphoneService, 'credentialsFor'>;
}

/**
 * The SIP credentials of the caller's browser softphone, over the authenticated session only.
 * `Cache-Control: no-store` keeps the password out of browser and proxy caches; the request log
 * carries method and URL only, and pino redacts `password` wherever a careless log puts it.
 */
export async function registerSoftphoneRoutes(app: FastifyInstance, deps: SoftphoneRouteDeps): Promise<void> {
  app.get(
    '/api/agent/softphone',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: "Your browser softphone's SIP credentials (agents and supervisors whose phone is 'browser')",
        tags: ['softphone'],
        response: { 200: credentialsSchema, 404: errorBodySchema, 409: errorBodySchema, 503: errorBodySchema },
      },
    },
    async (request, reply) => {
      const principal = request.principal as Principal;
      const credentials = await deps.softphone.credentialsFor({ userId: principal.userId, ...(principal.agentId ? { agentId: principal.agentId } : {}) });
      void reply.header('cache-control', 'no-store');
      return credentials;
    },
  );
}
