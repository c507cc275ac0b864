import { afterAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/api/server.js';
import { AppError } from '../../../src/core/errors.js';
import { permissionsOf } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';

const agent: Principal = {
  userId: 'u-agent',
  username: 'agent',
  roles: ['agent'],
  permissions: permissionsOf(['agent']),
  ledTeamIds: [],
  sessionId: 's1',
};

async function authenticate(token: string): Promise<Principal> {
  if (token === 'good') return agent;
  if (token === 'old') throw new AppError('SESSION_EXPIRED');
  throw new AppError('UNAUTHENTICATED');
}

function serverWith(register: (app: FastifyInstance) => void): FastifyInstance {
  return buildServer({ authenticate, routes: [async (app) => register(app)] });
}

describe('buildServer', () => {
  it('given a route that declares no access when the server starts then it refuses to start', async () => {
    const app = serverWith((a) => a.get('/x', async () => 'x'));
    await expect(app.ready()).rejects.toThrow(/declares no access/);
    await app.close().catch(() => undefined);
  });

  it('given a route naming an unknown permission when the server starts then it refuses to start', async () => {
    const app = serverWith((a) => a.get('/x', { config: { permission: 'no.such' as never } }, async () => 'x'));
    await expect(app.ready()).rejects.toThrow(/unknown permission/);
    await app.close().catch(() => undefined);
  });

  describe('access enforcement and errors', () => {
    const app = serverWith((a) => {
      a.get('/open', { config: { access: 'public' } }, async (req) => ({ who: req.principal?.username ?? null }));
      a.get('/mine', { config: { access: 'authenticated' } }, async (req) => ({ who: req.principal?.username }));
      a.get('/edit', { config: { permission: 'config.edit' } }, async () => ({ ok: true }));
      a.get('/view', { config: { permission: 'config.view' } }, async () => ({ ok: true }));
      a.post<{ Body: { name: string; items: { n: number }[] } }>(
        '/things',
        {
          config: { access: 'public' },
          schema: {
            body: {
              type: 'object',
              required: ['name', 'items'],
              additionalProperties: false,
              properties: { name: { type: 'string' }, items: { type: 'array', items: { type: 'object', properties: { n: { type: 'integer' } } } } },
            },
          },
        },
        async () => ({ ok: true }),
      );
      a.post('/act', { config: { access: 'authenticated' } }, async () => ({ done: true }));
      a.get('/boom', { config: { access: 'public' } }, async () => {
        throw new Error('secret internals');
      });
      a.get('/gone', { config: { access: 'public' } }, async () => {
        throw new AppError('NOT_FOUND', 'No queue q9');
      });
    });
    afterAll(async () => {
      await app.close();
    });

    it('given no credentials when calling an authenticated route then 401 UNAUTHENTICATED', async () => {
      const res = await app.inject({ method: 'GET', url: '/mine' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('given an expired session then 401 SESSION_EXPIRED', async () => {
      const res = await app.inject({ method: 'GET', url: '/mine', headers: { authorization: 'Bearer old' } });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'SESSION_EXPIRED' });
    });

    it('given a bearer token or the session cookie then the principal is resolved', async () => {
      const bearer = await app.inject({ method: 'GET', url: '/mine', headers: { authorization: 'Bearer good' } });
      expect(bearer.json()).toEqual({ who: 'agent' });
      const cookie = await app.inject({ method: 'GET', url: '/mine', cookies: { sb_session: 'good' } });
      expect(cookie.json()).toEqual({ who: 'agent' });
    });

    it('given a token in the query string of a plain request then it is ignored', async () => {
      const res = await app.inject({ method: 'GET', url: '/mine?token=good' });
      expect(res.statusCode).toBe(401);
    });

    it('given a caller without the permission then 403 naming it; with it then 200', async () => {
      const denied = await app.inject({ method: 'GET', url: '/edit', headers: { authorization: 'Bearer good' } });
      expect(denied.statusCode).toBe(403);
      expect(denied.json()).toMatchObject({ code: 'FORBIDDEN', details: { permission: 'config.edit' } });
      const ok = await app.inject({ method: 'GET', url: '/view', headers: { authorization: 'Bearer good' } });
      expect(ok.statusCode).toBe(200);
    });

    it('given a public route then it answers without credentials and still knows a logged-in caller', async () => {
      expect((await app.inject({ method: 'GET', url: '/open' })).json()).toEqual({ who: null });
      expect((await app.inject({ method: 'GET', url: '/open', headers: { authorization: 'Bearer good' } })).json()).toEqual({ who: 'agent' });
    });

    it('given a body missing a field, with a wrong type and an unknown field then 400 names each', async () => {
      const res = await app.inject({ method: 'POST', url: '/things', payload: { items: [{ n: 'x' }], extra: 1 } });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.code).toBe('VALIDATION_FAILED');
      const wheres = body.details.problems.map((p: { where: string }) => p.where);
      expect(wheres).toEqual(expect.arrayContaining(['/body/name', '/body/items/0/n', '/body/extra']));
      expect(body.message).toMatch(/^\/body\//);
    });

    it('given malformed JSON then 400 BAD_JSON', async () => {
      const res = await app.inject({ method: 'POST', url: '/things', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('BAD_JSON');
    });

    it('given an AppError then its status and body; given a crash then 500 INTERNAL without internals', async () => {
      const gone = await app.inject({ method: 'GET', url: '/gone' });
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toEqual({ code: 'NOT_FOUND', message: 'No queue q9' });
      const boom = await app.inject({ method: 'GET', url: '/boom' });
      expect(boom.statusCode).toBe(500);
      expect(boom.json()).toEqual({ code: 'INTERNAL', message: 'Internal error' });
      expect(boom.body).not.toContain('secret internals');
    });

    it('given the session cookie on a state-changing request from another origin then it is refused', async () => {
      const foreign = await app.inject({ method: 'POST', url: '/act', cookies: { sb_session: 'good' }, headers: { origin: 'https://evil.example' } });
      expect(foreign.statusCode).toBe(403);
      expect(foreign.json().code).toBe('FORBIDDEN');
      const same = await app.inject({ method: 'POST', url: '/act', cookies: { sb_session: 'good' }, headers: { origin: 'http://localhost:80', host: 'localhost:80' } });
      expect(same.statusCode).toBe(200);
      const bearer = await app.inject({ method: 'POST', url: '/act', headers: { authorization: 'Bearer good', origin: 'https://evil.example' } });
      expect(bearer.statusCode).toBe(200);
      const read = await app.inject({ method: 'GET', url: '/mine', cookies: { sb_session: 'good' }, headers: { origin: 'https://evil.example' } });
      expect(read.statusCode).toBe(200);
    });

    it('given an unknown path then 404 NOT_FOUND', async () => {
      const res = await app.inject({ method: 'GET', url: '/nope' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    });

    it('given an Upgrade header on a plain route then auth is not bypassed', async () => {
      const res = await app.inject({ method: 'GET', url: '/mine', headers: { upgrade: 'websocket', connection: 'upgrade' } });
      expect([401, 404]).toContain(res.statusCode);
      expect(res.json().code).not.toBeUndefined();
    });
  });
});
