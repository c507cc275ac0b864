import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import { AppError } from '../core/errors.js';
import { authHook, isUpgrade, type Authenticate } from './auth-hook.js';
import { errorHandler } from './error-handler.js';
import { RouteCatalogue } from './route-catalogue.js';
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
    ajv: {
      // Unknown fields are rejected by name instead of silently dropped.
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
  }) as unknown as FastifyInstance;

  const catalogue = new RouteCatalogue();
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => catalogue.add(route));

  void app.register(cookie);
  void app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  const enforce = authHook(deps.authenticate);
  app.addHook('onRequest', async (request, reply) => {
    // Upgrades are waved through only on WebSocket routes; anywhere else the header changes nothing.
    if (isUpgrade(request) && !catalogue.isWebsocket(request.routeOptions.url)) {
      throw new AppError('NOT_FOUND', 'No WebSocket endpoint here');
    }
    await enforce(request, reply);
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
