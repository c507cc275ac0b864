import type { LeaseRole } from '../standby/active-lease.js';
import { refuseWorkUnlessActive } from './http/standby-gate.js';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import rateLimit from '@fastify/rate-limit';
import helmet from '@fastify/helmet';
import { AppError, validationError } from '../core/errors.js';
import { authHook, isUpgrade, type Authenticate } from './auth-hook.js';
import { errorHandler, MAX_PARAM_LENGTH } from './error-handler.js';
import { RouteCatalogue } from './route-catalogue.js';
import { securityHeaders, type SecurityHeaderOptions } from './security-headers.js';
import { findNul, requestValidatorCompiler } from './validation.js';
import './route-access.js';
import './openapi.js';

/** A domain's routes, already bound to their deps by main.ts: `(app) => registerXxxRoutes(app, deps)`. */
export type RouteRegistrar = (app: FastifyInstance) => Promise<void>;

export interface ServerDeps {
  /** Resolves a session token into the caller (see AuthService.authenticate). */
  authenticate: Authenticate;
  routes: RouteRegistrar[];
  /** A pino logger (production); omitted means no request logging (tests). */
  logger?: FastifyBaseLogger;
  /** Largest accepted body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Trust X-Forwarded-* from a reverse proxy (default false). */
  trustProxy?: boolean;
  /** Content-Security-Policy and the other security headers (defaults: this daemon only, plain HTTP). */
  security?: SecurityHeaderOptions;
  /** With a standby daemon: its role; anything but active is refused before authentication. */
  leaseRole?: () => LeaseRole;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, with its access declaration and schema (auth test, OpenAPI). */
    routeCatalogue: RouteCatalogue;
  }
}

/** The request URL as logged: a `?token=` (WebSocket clients) never reaches the logs. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/gi, '$1[Redacted]');
}

/**
 * Builds the HTTP + WebSocket server. Routes are registered when the instance becomes ready
 * (`await app.ready()` or `listen`); a route without an access declaration makes that fail.
 */
export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({
    ...(deps.logger
      ? {
          loggerInstance: deps.logger,
        }
      : { logger: false }),
    bodyLimit: deps.bodyLimit ?? 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
    exposeHeadRoutes: false,
    return503OnClosing: true,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Router errors (an over-long path parameter, a malformed URL) leave in the same shape.
    frameworkErrors: (err, request, reply) => errorHandler(err, request, reply),
  }) as unknown as FastifyInstance;
  // Unknown fields are rejected by name instead of silently dropped; bodies are not coerced.
  app.setValidatorCompiler(requestValidatorCompiler());
  // Only JSON bodies: text/plain would reach the schema as a string ("must be object").
  app.removeContentTypeParser('text/plain');

  const catalogue = new RouteCatalogue();
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => catalogue.add(route));

  void app.register(helmet, securityHeaders(deps.security));
  void app.register(cookie);
  // Per-source-address throttling, enabled per route (`config.rateLimit`, e.g. the login).
  void app.register(rateLimit, { global: false });
  void app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  // First of the request hooks: a standby answers without reading sessions or bodies.
  if (deps.leaseRole) refuseWorkUnlessActive(app, deps.leaseRole);
  const enforce = authHook(deps.authenticate);
  app.addHook('onRequest', async (request, reply) => {
    // Upgrades are waved through only on WebSocket routes; anywhere else the header changes nothing.
    if (isUpgrade(request) && !catalogue.isWebsocket(request.routeOptions.url)) {
      throw new AppError('NOT_FOUND', 'No WebSocket endpoint here');
    }
    await enforce(request, reply);
  });

  // NUL in any string of a body, typed by a schema or not: refused before any handler stores it.
  app.addHook('preValidation', async (request) => {
    const where = findNul(request.body);
    if (where !== undefined) throw validationError([{ where: `/body${where === '/' ? '' : where}`, reason: 'must not contain the NUL character' }]);
  });

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(async (request, reply) => {
    await reply.status(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${redactUrl(request.url)}` });
  });

  for (const registrar of deps.routes) {
    void app.register(async (scope) => registrar(scope));
  }
  return app;
}
