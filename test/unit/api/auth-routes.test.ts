import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';

describe('auth routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { lockout: { attempts: 3, durationMs: 60_000, perAddressPerMinute: 1000 } } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function loginRequest(username: string, password: string, ip?: string) {
    return t.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...(ip ? { remoteAddress: ip } : {}) });
  }

  it('given a valid login then a token and an HttpOnly SameSite cookie are returned and /me answers with either', async () => {
    await t.deps.users.create({ username: 'Dana', roles: ['supervisor'], password: t.password }, {});
    const res = await loginRequest('dana', t.password);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.principal).toMatchObject({ username: 'Dana', roles: ['supervisor'] });
    expect(body.principal.permissions).toContain('supervise.barge');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/sb_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    // Counted on the daemon's clock (a FakeClock here, far from the wall clock): the session's whole lifetime.
    expect(setCookie).toContain(`Max-Age=${Math.floor((body.expiresAt - t.clock.now()) / 1000)};`);
    expect(body.expiresAt - t.clock.now()).toBeGreaterThan(60_000);
    const cookieValue = res.cookies.find((c) => c.name === 'sb_session')?.value as string;
    const byCookie = await t.inject({ method: 'GET', url: '/api/auth/me', cookies: { sb_session: cookieValue } });
    expect(byCookie.json().username).toBe('Dana');
    const byBearer = await t.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${body.token}` } });
    expect(byBearer.json().userId).toBe(body.principal.userId);
  });

  it('given a cookie-only login (the web app) then the session cookie is set and the body carries no token', async () => {
    await t.deps.users.create({ username: 'webby', roles: ['agent'], password: t.password }, {});
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'webby', password: t.password, cookieOnly: true } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('token');
    expect(res.json().principal.username).toBe('webby');
    const cookieValue = res.cookies.find((c) => c.name === 'sb_session')?.value as string;
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', cookies: { sb_session: cookieValue } })).json().username).toBe('webby');
  });

  it('given a wrong password or unknown user then 401 INVALID_CREDENTIALS, the same for both', async () => {
    await t.deps.users.create({ username: 'erik', roles: ['agent'], password: t.password }, {});
    const wrong = await loginRequest('erik', 'not the password');
    const unknown = await loginRequest('nobody-here', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');
  });

  it('given a login body without password then 400 naming /body/password', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems[0].where).toBe('/body/password');
  });

  it('given logout then the token stops working', async () => {
    const s = await t.login('agent');
    const out = await t.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(me.statusCode).toBe(401);
  });

  it('given repeated failures then the account locks, refuses even the right password, and unlocks after the duration', async () => {
    await t.deps.users.create({ username: 'fay', roles: ['agent'], password: t.password }, {});
    for (let i = 0; i < 3; i++) expect((await loginRequest('fay', 'wrong password!')).statusCode).toBe(401);
    const locked = await loginRequest('fay', t.password);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe('ACCOUNT_LOCKED');
    t.clock.advance(60_001);
    expect((await loginRequest('fay', t.password)).statusCode).toBe(200);
  });

  it('given a session idle longer than the idle timeout then 401 SESSION_EXPIRED; used within it then it slides', async () => {
    const s = await t.login('agent');
    const clock = t.clock;
    clock.advance(t.deps.config.session.idleMs - 1000);
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(200);
    clock.advance(t.deps.config.session.idleMs - 1000);
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(200);
    clock.advance(t.deps.config.session.idleMs + 1);
    const expired = await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('SESSION_EXPIRED');
  });

  it('given a session older than its lifetime then it expires even if used constantly', async () => {
    const s = await t.login('agent');
    const clock = t.clock;
    const step = t.deps.config.session.idleMs / 2;
    let elapsed = 0;
    while (elapsed + step < t.deps.config.session.ttlMs) {
      clock.advance(step);
      elapsed += step;
      expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(200);
    }
    clock.advance(step);
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).json().code).toBe('SESSION_EXPIRED');
  });

  it('given a password change with the right current password then other sessions end and the new one works', async () => {
    const a = await t.login('agent');
    const b = await t.deps.auth.login(a.username, t.password);
    const wrong = await t.inject({ method: 'POST', url: '/api/auth/password', headers: a.headers, payload: { currentPassword: 'nope nope nope', newPassword: 'my new password 1' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().details.problems[0].where).toBe('/body/currentPassword');
    const short = await t.inject({ method: 'POST', url: '/api/auth/password', headers: a.headers, payload: { currentPassword: t.password, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().details.problems[0].where).toBe('/body/newPassword');
    const ok = await t.inject({ method: 'POST', url: '/api/auth/password', headers: a.headers, payload: { currentPassword: t.password, newPassword: 'my new password 1' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: a.headers })).statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${b.token}` } })).statusCode).toBe(401);
    expect((await loginRequest(a.username, 'my new password 1')).statusCode).toBe(200);
  });

  it('given logins, failures and logouts then each is in the audit log, without the password', async () => {
    const entries = await t.deps.auditReader.query({ action: 'auth.', limit: 500 });
    const actions = new Set(entries.map((e) => e.action));
    expect(actions).toEqual(new Set(['auth.login', 'auth.login_failed', 'auth.logout', 'auth.locked', 'auth.password_changed', 'auth.password_change_failed']));
    expect(JSON.stringify(entries)).not.toContain('my new password 1');
    expect(JSON.stringify(entries)).not.toContain('wrong password!');
    expect(JSON.stringify(entries)).not.toContain(t.password);
  });
});
