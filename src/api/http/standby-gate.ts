/**
 * A standby daemon listens so that a health-checked proxy (docs/standby.md) can see it, but does
 * no work: /healthz answers 503 `standby` (the proxy sends nobody here), every other request and
 * WebSocket upgrade answers 503 STANDBY, so a browser that reached it retries and lands on the
 * active daemon. Once this daemon holds the lease the gate lets everything through.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/errors.js';
import type { LeaseRole } from '../../standby/active-lease.js';

export function refuseWorkUnlessActive(app: FastifyInstance, role: () => LeaseRole): void {
  app.addHook('onRequest', async (request, reply) => {
    const now = role();
    if (now === 'active') return;
    const path = request.url.split('?')[0];
    if (path === '/healthz') {
      return reply.status(503).header('cache-control', 'no-store').send({ status: now === 'fenced' || now === 'stopped' ? 'degraded' : 'standby', db: { ok: true } });
    }
    const err = new AppError('STANDBY', undefined, { role: now });
    return reply.status(err.status).header('retry-after', '1').send(err.toBody());
  });
}
