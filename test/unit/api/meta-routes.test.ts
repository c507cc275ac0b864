import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_REQUESTS_PER_MINUTE } from '../../../src/api/http/health/health-routes.js';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

describe('/healthz, /metrics and /api/openapi.json', () => {
  let t: TestApp;
  let pbxUp = true;
  beforeAll(async () => {
    t = await createTestApp({ pbxConnected: () => pbxUp });
  });
  afterAll(async () => {
    await t.close();
  });

  it('given a reachable database and a connected PBX then /healthz says ok without credentials', async () => {
    const res = await t.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    // The test app runs on the simulated media server, and says so.
    expect(res.json()).toEqual({ status: 'ok', db: { ok: true }, pbx: { connected: true, kind: 'sim', simulated: true } });
  });

  it('given the PBX disconnected then /healthz says degraded but stays 200 (the daemon itself is up)', async () => {
    pbxUp = false;
    const res = await t.inject({ method: 'GET', url: '/healthz' });
    pbxUp = true;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'degraded', pbx: { connected: false } });
  });

  it('given one address asking /healthz past its per-minute budget then it gets 429 RATE_LIMITED while another address is still answered', async () => {
    const ask = (remoteAddress: string) => t.inject({ method: 'GET', url: '/healthz', remoteAddress });
    for (let i = 0; i < HEALTH_REQUESTS_PER_MINUTE; i++) expect((await ask('10.1.2.3')).statusCode).toBe(200);
    const limited = await ask('10.1.2.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await ask('10.1.2.4')).statusCode).toBe(200);
  });

  it('given requests served then /metrics exposes them in Prometheus text format by route pattern', async () => {
    const admin = await t.loginAs('admin');
    await t.inject({ method: 'GET', url: '/api/users/some-id', headers: admin });
    const res = await t.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE switchboard_http_requests_total counter');
    expect(res.body).toContain('switchboard_http_requests_total{method="GET",route="/api/users/:id",status="404"} 1');
    expect(res.body).toContain('# TYPE switchboard_http_request_duration_seconds histogram');
    expect(res.body).toContain('switchboard_ws_connections 0');
    // The login above was audited, and the audit entry announced on the bus.
    expect(res.body).toMatch(/switchboard_events_total\{type="audit\.recorded"\} [1-9]/);
    expect(res.body).not.toContain('some-id');
  });

  it('given a background step of the daemon that fails when /metrics is read then the failure is counted under its task', async () => {
    const agents = t.configRepos.agents;
    const list = agents.list.bind(agents);
    agents.list = () => Promise.reject(new Error('database unreachable'));
    try {
      t.deps.bus.publish({ type: 'config.changed', at: t.clock.now(), scope: {}, entity: 'agent', id: 'a1', action: 'updated' });
      await t.deps.contactCenter.background.idle();
    } finally {
      agents.list = list;
    }
    const res = await t.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toContain('# TYPE switchboard_background_failures_total counter');
    expect(res.body).toContain('switchboard_background_failures_total{task="agent directory refresh"} 1');
  });

  it('given no scrape token, when /metrics is asked from another machine, then it is refused; from this machine it answers', async () => {
    const remote = await t.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json().code).toBe('FORBIDDEN');
    const local = await t.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(local.body).toContain('# TYPE switchboard_queue_waiting gauge');
    expect(local.body).toContain('# TYPE switchboard_event_loop_lag_seconds gauge');
  });

  it('given the OpenAPI document then every non-hidden route is in it with its schemas and access', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    const login = doc.paths['/api/auth/login'].post;
    expect(login['x-access']).toEqual({ access: 'public' });
    expect(login.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
    const patch = doc.paths['/api/users/{id}'].patch;
    expect(patch['x-access']).toEqual({ permission: 'users.manage' });
    expect(patch.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true })]));
    expect(patch.security).toBeDefined();
    const audit = doc.paths['/api/audit'].get;
    expect(audit.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['limit', 'before', 'action']));
    const documented = new Set(Object.keys(doc.paths));
    for (const e of t.app.routeCatalogue.entries) {
      if (e.url === '/api/openapi.json') continue;
      expect(documented.has(e.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')), e.url).toBe(true);
    }
  });

  it('given a browser opens /, when it asks for HTML, then it is redirected to the web app, which answers', async () => {
    const res = await t.inject({ method: 'GET', url: '/', headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/app/');
    const page = await t.inject({ method: 'GET', url: '/app/', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it('given an API client asks / for JSON, when answered, then it gets JSON naming the API description instead of a 404', async () => {
    const res = await t.inject({ method: 'GET', url: '/', headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ name: 'Switchboard', openapi: '/api/openapi.json', health: '/healthz' });
  });

  it('given the OpenAPI document then the WebSocket event stream /api/ws is in it as an authenticated upgrade', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const ws = doc.paths['/api/ws'].get;
    expect(ws['x-websocket']).toBe(true);
    expect(Object.keys(ws.responses)).toEqual(['101']);
    expect(ws.security).toBeDefined();
    expect(ws.parameters.map((p: { name: string }) => p.name)).toContain('token');
  });
});

describe('/metrics with a scrape token', () => {
  let t: TestApp;
  const token = 'scrape-token-0123456789';
  beforeAll(async () => {
    t = await createTestApp({ config: { metrics: { token } } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('given a scrape token configured then /metrics refuses without it or with a wrong one, and answers with it', async () => {
    expect((await t.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer scrape-token-0123456780' } })).statusCode).toBe(401);
    const ok = await t.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('switchboard_http_requests_total');
  });
});
