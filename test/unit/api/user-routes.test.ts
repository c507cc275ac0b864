import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type AuthHeaders } from '../../helpers/test-app.js';

describe('user management routes', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const s = await t.login('admin');
    admin = s.headers;
    adminId = s.userId;
  });
  afterAll(async () => {
    await t.close();
  });

  it('given no password when creating a user then one is generated, returned once, and works for login', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'gina', roles: ['agent'] } });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'gina', displayName: 'gina', roles: ['agent'], disabled: false });
    expect(body.user.passwordHash).toBeUndefined();
    expect(typeof body.generatedPassword).toBe('string');
    const login = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'gina', password: body.generatedPassword } });
    expect(login.statusCode).toBe(200);
    const got = await t.inject({ method: 'GET', url: `/api/users/${body.user.id}`, headers: admin });
    expect(got.json().generatedPassword).toBeUndefined();
  });

  it('given an unknown role, a short password or a bad username then 400 naming the field and nothing stored', async () => {
    const before = (await t.inject({ method: 'GET', url: '/api/users', headers: admin })).json().users.length;
    const role = await t.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'hal', roles: ['root'] } });
    expect(role.statusCode).toBe(400);
    expect(role.json().details.problems[0].where).toBe('/body/roles/0');
    const pw = await t.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'hal', roles: [], password: 'short' } });
    expect(pw.json().details.problems[0].where).toBe('/body/password');
    const name = await t.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: ' spaced name', roles: [] } });
    expect(name.statusCode).toBe(400);
    expect(name.json().details.problems[0].where).toBe('/body/username');
    const after = (await t.inject({ method: 'GET', url: '/api/users', headers: admin })).json().users.length;
    expect(after).toBe(before);
  });

  it('given a taken username in another case then 409 CONFLICT', async () => {
    await t.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'ivan', roles: [] } });
    const res = await t.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'IVAN', roles: [] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CONFLICT');
  });

  it('given an unknown id then 404 on get, update and reset', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/users/nope', headers: admin })).statusCode).toBe(404);
    expect((await t.inject({ method: 'PATCH', url: '/api/users/nope', headers: admin, payload: { disabled: true } })).statusCode).toBe(404);
    expect((await t.inject({ method: 'POST', url: '/api/users/nope/password', headers: admin, payload: {} })).statusCode).toBe(404);
  });

  it('given roles changed then the next login carries the new permissions', async () => {
    const s = await t.login('agent');
    const res = await t.inject({ method: 'PATCH', url: `/api/users/${s.userId}`, headers: admin, payload: { roles: ['agent', 'team_lead'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual(['agent', 'team_lead']);
    const me = await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers });
    expect(me.json().permissions).toContain('supervise.listen');
  });

  it('given a user disabled then their sessions end and login is refused; enabled again then login works', async () => {
    const s = await t.login('agent');
    await t.inject({ method: 'PATCH', url: `/api/users/${s.userId}`, headers: admin, payload: { disabled: true } });
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    const refused = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: s.username, password: t.password } });
    expect(refused.statusCode).toBe(401);
    await t.inject({ method: 'PATCH', url: `/api/users/${s.userId}`, headers: admin, payload: { disabled: false } });
    const ok = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: s.username, password: t.password } });
    expect(ok.statusCode).toBe(200);
  });

  it('given an admin disabling themself then 409 and nothing changes', async () => {
    const res = await t.inject({ method: 'PATCH', url: `/api/users/${adminId}`, headers: admin, payload: { disabled: true } });
    expect(res.statusCode).toBe(409);
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: admin })).statusCode).toBe(200);
  });

  it('given a password reset then old sessions end, the old password fails and the new one works', async () => {
    const s = await t.login('agent');
    const res = await t.inject({ method: 'POST', url: `/api/users/${s.userId}/password`, headers: admin, payload: { password: 'a brand new secret' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().generatedPassword).toBeUndefined();
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    const old = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: s.username, password: t.password } });
    expect(old.statusCode).toBe(401);
    const fresh = await t.inject({ method: 'POST', url: '/api/auth/login', payload: { username: s.username, password: 'a brand new secret' } });
    expect(fresh.statusCode).toBe(200);
  });

  it('given user changes then the audit log names the actor and target, readable with audit.view only', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/audit?action=user.&limit=50', headers: admin });
    expect(res.statusCode).toBe(200);
    const entries = res.json().entries as { action: string; actorId?: string; target?: string }[];
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['user.create', 'user.update', 'user.reset_password']));
    expect(entries.every((e) => e.target?.startsWith('user:'))).toBe(true);
    expect(entries.some((e) => e.actorId === adminId)).toBe(true);
    expect(res.body).not.toContain('a brand new secret');
    const supervisor = await t.loginAs('supervisor');
    expect((await t.inject({ method: 'GET', url: '/api/audit', headers: supervisor })).statusCode).toBe(200);
    const lead = await t.loginAs('team_lead');
    expect((await t.inject({ method: 'GET', url: '/api/audit', headers: lead })).statusCode).toBe(403);
  });

  it('given audit pages then `before` continues strictly after the last entry', async () => {
    const first = (await t.inject({ method: 'GET', url: '/api/audit?limit=3', headers: admin })).json().entries as { id: string }[];
    expect(first).toHaveLength(3);
    const next = (await t.inject({ method: 'GET', url: `/api/audit?limit=3&before=${first[2]?.id}`, headers: admin })).json().entries as { id: string }[];
    const all = (await t.inject({ method: 'GET', url: '/api/audit?limit=6', headers: admin })).json().entries as { id: string }[];
    expect([...first, ...next].map((e) => e.id)).toEqual(all.map((e) => e.id));
  });
});
