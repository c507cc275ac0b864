import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../../accounts/auth-service.js';
import type { UserService } from '../../../accounts/user-service.js';
import type { Principal } from '../../../accounts/principal.js';
import { SESSION_COOKIE } from '../../auth-hook.js';
import type { RefusalAudit } from '../../refusal-audit.js';
import { principalSchema } from './auth-schemas.js';

export interface AuthRouteDeps {
  auth: AuthService;
  /** The daemon's clock (the one sessions expire by): the cookie's Max-Age counts on it, not the wall clock. */
  now: () => number;
  /** Mark the session cookie Secure (serve over HTTPS or behind a TLS proxy). */
  cookieSecure: boolean;
  /** Login requests one source address may make per minute; more get 429 RATE_LIMITED. */
  loginsPerAddressPerMinute?: number;
  /** Users: choosing the session's phone for supervision. */
  users?: UserService;
  /** Audits a throttled login (`auth.login_throttled`), once per address per minute. */
  refusals?: RefusalAudit;
}


function principalView(p: Principal) {
  return {
    userId: p.userId,
    username: p.username,
    roles: p.roles,
    permissions: [...p.permissions].sort(),
    ...(p.agentId ? { agentId: p.agentId } : {}),
    ledTeamIds: p.ledTeamIds,
  };
}

/** Login, logout, and who am I. Browsers get an HttpOnly cookie; API clients use the token. */
export async function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const setCookie = (reply: FastifyReply, token: string, maxAgeSeconds: number) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.cookieSecure,
      path: '/',
      maxAge: maxAgeSeconds,
    });

  app.post<{ Body: { username: string; password: string; cookieOnly?: boolean } }>(
    '/api/auth/login',
    {
      // Per address as well as per name (the lockout): one host cannot lock every account.
      config: {
        access: 'public',
        rateLimit: {
          max: deps.loginsPerAddressPerMinute ?? 60,
          timeWindow: 60_000,
          onExceeded: (request: FastifyRequest) => deps.refusals?.refused('auth.login_throttled', request.ip, { route: '/api/auth/login' }),
        },
      },
      schema: {
        summary: 'Log in; sets the session cookie and returns the bearer token',
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 200 },
            password: { type: 'string', minLength: 1, maxLength: 1024, 'x-free-text': true },
            cookieOnly: { type: 'boolean', description: 'true (the web app): the session lives only in the HttpOnly cookie; the answer carries no token' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['expiresAt', 'principal'],
            properties: { token: { type: 'string' }, expiresAt: { type: 'integer' }, principal: principalSchema },
          },
        },
      },
    },
    async (request, reply) => {
      const userAgent = request.headers['user-agent'];
      const result = await deps.auth.login(request.body.username, request.body.password, {
        ip: request.ip,
        ...(userAgent ? { userAgent } : {}),
      });
      setCookie(reply, result.token, Math.max(1, Math.floor((result.expiresAt - deps.now()) / 1000)));
      // A page's scripts never need the token (the cookie carries it): leaving it out of the body
      // keeps it out of reach of anything running in the page.
      const body = { expiresAt: result.expiresAt, principal: principalView(result.principal) };
      return request.body.cookieOnly === true ? body : { token: result.token, ...body };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { summary: 'End the current session', tags: ['auth'], response: { 204: { type: 'null' } } },
    },
    async (request, reply) => {
      await deps.auth.logout(request.principal as Principal, { ip: request.ip });
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/api/auth/password',
    {
      config: { access: 'authenticated' },
      schema: {
        summary: 'Change your own password (needs the current one); your other sessions end',
        tags: ['auth'],
        body: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          additionalProperties: false,
          properties: {
            currentPassword: { type: 'string', minLength: 1, maxLength: 1024, 'x-free-text': true },
            newPassword: { type: 'string', minLength: 1, maxLength: 1024, 'x-free-text': true },
          },
        },
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      await deps.auth.changePassword(request.principal as Principal, request.body.currentPassword, request.body.newPassword, { ip: request.ip });
      return reply.status(204).send();
    },
  );

  const users = deps.users;
  if (users) {
    app.post<{ Body: { phone: string } }>(
      '/api/auth/phone',
      {
        config: { access: 'authenticated' },
        schema: {
          summary: "Choose the phone supervision rings during this login (users whose phone is set to 'at_login')",
          tags: ['auth'],
          body: { type: 'object', required: ['phone'], additionalProperties: false, properties: { phone: { type: 'string', pattern: '^[A-Za-z0-9_.@:/+-]{1,100}$' } } },
          response: { 200: { type: 'object', required: ['phone'], properties: { phone: { type: 'string' } } } },
        },
      },
      async (request) => {
        await users.choosePhone((request.principal as Principal).userId, request.body.phone);
        return { phone: request.body.phone };
      },
    );
  }

  app.get(
    '/api/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { summary: 'The logged-in user, roles and permissions', tags: ['auth'], response: { 200: principalSchema } },
    },
    async (request) => principalView(request.principal as Principal),
  );
}
