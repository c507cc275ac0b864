import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../../core/log.js';
import { DatabaseProbe } from './database-probe.js';

export interface HealthRouteDeps {
  /** Resolves when the database answers a trivial query. */
  checkDb: () => Promise<void>;
  /** Whether the media server is connected; omitted when no PBX is wired. */
  pbxConnected?: () => boolean;
  /** Which media server ('asterisk', 'freeswitch', 'sim') and whether it is the simulated one. */
  pbx?: { kind: string; simulated: boolean };
  now: () => number;
  logger: Pick<Logger, 'warn' | 'info'>;
  /** How long one database check answers /healthz (ms); 1 s unless a test says otherwise. */
  dbCheckMaxAgeMs?: number;
}

/**
 * Per address: far above any health checker (one a second is 60), low enough that one client
 * cannot keep the daemon busy answering it.
 */
export const HEALTH_REQUESTS_PER_MINUTE = 1200;

const healthSchema = {
  type: 'object',
  required: ['status', 'db'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'standby'], description: 'standby (503): a second daemon waiting for the active lease (SWITCHBOARD_STANDBY)' },
    db: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } },
    pbx: {
      type: 'object',
      required: ['connected'],
      properties: { connected: { type: 'boolean' }, kind: { type: 'string' }, simulated: { type: 'boolean', description: 'true: calls are simulated, no PBX is attached' } },
    },
  },
} as const;

/** Liveness and readiness for load balancers and the README's start check. Public, no details. */
export async function registerHealthRoutes(app: FastifyInstance, deps: HealthRouteDeps): Promise<void> {
  const db = new DatabaseProbe(deps.checkDb, deps.now, deps.logger, deps.dbCheckMaxAgeMs);
  app.get(
    '/healthz',
    {
      config: { access: 'public', rateLimit: { max: HEALTH_REQUESTS_PER_MINUTE, timeWindow: 60_000 } },
      schema: { summary: 'Health: database reachable, media server connected', tags: ['meta'], response: { 200: healthSchema, 503: healthSchema } },
    },
    async (_request, reply) => {
      const dbOk = await db.ok();
      const pbx = deps.pbxConnected ? { connected: deps.pbxConnected(), ...(deps.pbx ?? {}) } : undefined;
      const ok = dbOk && (pbx === undefined || pbx.connected);
      return reply.status(dbOk ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', db: { ok: dbOk }, ...(pbx ? { pbx } : {}) });
    },
  );
}

/** Where a browser landing on `/` is sent: the web app, which signs in and opens the user's page. */
export const BROWSER_HOME = '/app/';

/**
 * `/`: browsers (Accept names text/html) are redirected to the page with a login; API clients get
 * a JSON pointer to the API description instead of a 404.
 */
export async function registerRootRoute(app: FastifyInstance): Promise<void> {
  app.get(
    '/',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Browsers go to the login page; API clients get where the API is described',
        tags: ['meta'],
        response: {
          200: { type: 'object', required: ['name', 'openapi'], properties: { name: { type: 'string' }, openapi: { type: 'string' }, health: { type: 'string' } } },
        },
      },
    },
    async (request, reply) => {
      const accept = request.headers.accept ?? '';
      if (/\btext\/html\b/i.test(accept)) return reply.redirect(BROWSER_HOME, 302);
      return { name: 'Switchboard', openapi: '/api/openapi.json', health: '/healthz' };
    },
  );
}
