import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../accounts/principal.js';
import { AppError } from '../core/errors.js';

export const SESSION_COOKIE = 'sb_session';

/** Resolves a session token into its principal, or throws UNAUTHENTICATED / SESSION_EXPIRED. */
export type Authenticate = (token: string) => Promise<Principal>;

/**
 * The token a request presents: `Authorization: Bearer` first (API clients), then the session
 * cookie (browsers), then `?token=` but only on WebSocket upgrades (browsers cannot set headers on
 * a WebSocket; on plain requests a token in the URL would end up in histories and proxies).
 */
export function presentedToken(request: FastifyRequest): string | undefined {
  return presentedCredential(request)?.token;
}

export function presentedCredential(request: FastifyRequest): { token: string; via: 'bearer' | 'cookie' | 'query' } | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1]) return { token: m[1], via: 'bearer' };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) return { token: cookie, via: 'cookie' };
  if (isUpgrade(request)) {
    const q = request.query as Record<string, unknown> | undefined;
    if (q && typeof q.token === 'string' && q.token !== '') return { token: q.token, via: 'query' };
  }
  return undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery guard for cookie sessions, behind SameSite=Strict: a state-changing
 * request (or a WebSocket upgrade) riding on the cookie must not come from another origin.
 * Requests without an Origin header (curl, same-origin navigation in old browsers) pass.
 */
function crossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === '') return false;
  if (origin === 'null') return true;
  try {
    // Host names only: cookies are not scoped by port either. request.host honours
    // X-Forwarded-Host when trustProxy is on.
    return new URL(origin).hostname !== new URL(`http://${request.host}`).hostname;
  } catch {
    return true;
  }
}

export function isUpgrade(request: FastifyRequest): boolean {
  return String(request.headers.upgrade ?? '').toLowerCase() === 'websocket';
}

/**
 * The global onRequest hook. It resolves the principal whenever a token is presented (even on
 * public routes, so they may personalise) and enforces the route's declared access. WebSocket
 * upgrades are let through unauthenticated: the socket handler closes them with 4401/4403, which
 * a browser can see, where an HTTP 401 on an upgrade is invisible to scripts.
 */
export function authHook(authenticate: Authenticate) {
  return async function onRequest(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const config = request.routeOptions.config as { access?: string; permission?: string; url?: string };
    const credential = presentedCredential(request);
    let failure: AppError | undefined;
    if (credential?.via === 'cookie' && (!SAFE_METHODS.has(request.method) || isUpgrade(request)) && crossSite(request)) {
      // Treated as no credential at all: the cookie was sent by a page of another site.
      failure = new AppError('FORBIDDEN', 'Cross-site request refused', { origin: request.headers.origin });
    } else if (credential) {
      try {
        request.principal = await authenticate(credential.token);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        failure = err;
      }
    }
    // No matched route: the not-found handler answers 404 whoever asks.
    if (request.routeOptions.url === undefined) return;
    if (config.access === 'public') return;
    if (isUpgrade(request)) return;
    if (!request.principal) throw failure ?? new AppError('UNAUTHENTICATED');
    // A wall display's token reads the wallboard and nothing else (fail closed: routes opt in).
    if (request.principal.wallboard) {
      if ((config as { wallboard?: boolean }).wallboard === true) return;
      throw new AppError('FORBIDDEN', 'A wallboard token only opens the wallboard', {});
    }
    if (config.access === 'authenticated') return;
    if (config.permission && request.principal.permissions.has(config.permission as never)) return;
    throw new AppError('FORBIDDEN', `This needs the permission ${config.permission ?? '(none declared)'}`, {
      permission: config.permission,
    });
  };
}
