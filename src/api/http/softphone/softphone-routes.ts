import type { FastifyInstance } from 'fastify';
import type { Principal } from '../../../accounts/principal.js';
import type { SoftphoneService } from '../../../softphone/softphone-service.js';
import { errorBodySchema } from '../schemas.js';

export interface SoftphoneRouteDeps {
  softphone: Pick<SoftphoneService, 'credentialsFor'>;
}

const credentialsSchema = {
  type: 'object',
  required: ['wsUrl', 'sipUri', 'authorizationUsername', 'password', 'displayName', 'iceServers'],
  properties: {
    wsUrl: { type: 'string', description: 'SIP over secure WebSocket of the media server' },
    sipUri: { type: 'string', description: 'the address the browser registers (sip:<extension>@<domain>)' },
    authorizationUsername: { type: 'string' },
    password: { type: 'string', description: 'the SIP digest password; never stored by the browser' },
    displayName: { type: 'string' },
    iceServers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['urls'],
        properties: { urls: { type: 'array', items: { type: 'string' } }, username: { type: 'string' }, credential: { type: 'string' } },
      },
    },
  },
} as const;

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
