import type { FastifyInstance } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { PROMETHEUS_CONTENT_TYPE, type MetricsRegistry } from './registry.js';
import { AppError } from '../core/errors.js';

export interface MetricsRouteDeps {
  registry: MetricsRegistry;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * Request counters and durations by route pattern (never the raw URL: ids would explode the
 * series count), plus GET /metrics.
 *
 * /metrics is declared public to the session layer because Prometheus has no session: with a
 * configured scrape token (SWITCHBOARD_METRICS_TOKEN) it checks that token itself; without one it
 * answers only clients on the same machine (loopback), so a daemon bound to a public address does
 * not hand its queue and agent figures to anyone who asks.
 */
export async function registerMetricsRoutes(app: FastifyInstance, deps: MetricsRouteDeps): Promise<void> {
  const expected = deps.token ? Buffer.from(deps.token) : undefined;
  app.get(
    '/metrics',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Prometheus metrics (text format); needs the scrape token when one is configured',
        tags: ['meta'],
        response: { 200: { type: 'string' } },
      },
    },
    async (request, reply) => {
      if (!expected && !isLoopback(request.ip)) {
        throw new AppError('FORBIDDEN', 'Without SWITCHBOARD_METRICS_TOKEN, /metrics answers only clients on this machine');
      }
      if (expected) {
        const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
        const given = Buffer.from(m?.[1] ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new AppError('UNAUTHENTICATED', 'The metrics scrape token is missing or wrong');
        }
      }
      return reply.header('content-type', PROMETHEUS_CONTENT_TYPE).send(deps.registry.render());
    },
  );
}

function isLoopback(ip: string): boolean {
  return ip === '::1' || ip.startsWith('127.') || ip.startsWith('::ffff:127.');
}

/** Adds switchboard_http_requests_total and _duration_seconds, labelled by route pattern. */
export function instrumentHttp(app: FastifyInstance, registry: MetricsRegistry, now: () => number = () => performance.now()): void {
  const requests = registry.counter('switchboard_http_requests_total', 'HTTP requests answered', ['method', 'route', 'status']);
  const duration = registry.histogram('switchboard_http_request_duration_seconds', 'HTTP request duration', ['method', 'route']);
  const started = new WeakMap<object, number>();
  app.addHook('onRequest', async (request) => {
    started.set(request, now());
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const begin = started.get(request);
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    if (begin !== undefined) duration.observe((now() - begin) / 1000, { method: request.method, route });
  });
}
