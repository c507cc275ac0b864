/** tickets.close granted per role by an admin (PUT /api/role-grants/tickets.close), at once and kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoleGrantsService } from '../../../src/accounts/role-grants.js';
import { KyselyRoleGrantStore } from '../../../src/store/accounts/role-grants-repo.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

describe('closing tickets granted per role', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let lead: AuthHeaders;
  let sup: AuthHeaders;

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: AuthHeaders, payload?: object) => {
    const res = await t.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> & { code?: string } };
  };
  /** A solved ticket, then who may close it. */
  const closeAs = async (headers: AuthHeaders) => {
    const id = (await call('POST', '/api/tickets', admin, { subject: 'to close' })).body.id as string;
    await call('POST', `/api/tickets/${id}/transitions`, admin, { to: 'solved' });
    const res = await call('POST', `/api/tickets/${id}/transitions`, headers, { to: 'closed' });
    const after = (await call('GET', `/api/tickets/${id}`, admin)).body.ticket as { status: string };
    return { status: res.status, code: res.body.code, stored: after.status };
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAs('admin');
    lead = await t.loginAs('team_lead');
    sup = await t.loginAs('supervisor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('given the defaults then supervisors and admins close tickets and team leads do not', async () => {
    expect((await call('GET', '/api/role-grants', admin)).body).toEqual({ 'tickets.close': ['supervisor', 'admin'], 'kb.edit': ['supervisor', 'admin'], 'chat.supervise': ['supervisor', 'admin'] });
    expect(await closeAs(lead)).toEqual({ status: 403, code: 'TICKET_CLOSE_FORBIDDEN', stored: 'solved' });
    expect(await closeAs(sup)).toEqual({ status: 200, code: undefined, stored: 'closed' });
  });

  it('given an admin grants it to team leads only when they and supervisors close then the lead may at once, the supervisor no more, and the change is audited and kept', async () => {
    const set = await call('PUT', '/api/role-grants/tickets.close', admin, { roles: ['team_lead'] });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ 'tickets.close': ['team_lead'], 'kb.edit': ['supervisor', 'admin'], 'chat.supervise': ['supervisor', 'admin'] });
    // The sessions opened before the change follow it on their next request.
    expect(await closeAs(lead)).toEqual({ status: 200, code: undefined, stored: 'closed' });
    expect(await closeAs(sup)).toEqual({ status: 403, code: 'TICKET_CLOSE_FORBIDDEN', stored: 'solved' });
    expect(await closeAs(admin)).toEqual({ status: 200, code: undefined, stored: 'closed' });
    const audit = await t.deps.auditReader.query({ action: 'role_grants.changed' });
    expect(audit.map((e) => e.details)).toEqual([{ from: ['supervisor', 'admin'], to: ['team_lead'] }]);
    // After a restart the grant is read back from the store.
    const reloaded = new RoleGrantsService({ store: new KyselyRoleGrantStore(t.db, t.deps.audit), now: () => 0, changed: () => undefined });
    await reloaded.load();
    expect(reloaded.current()).toEqual({ 'tickets.close': ['team_lead'], 'kb.edit': ['supervisor', 'admin'], 'chat.supervise': ['supervisor', 'admin'] });
  });

  it('given a non-admin, an unknown role or permission when granting then a coded 4xx and nothing changes', async () => {
    const before = (await call('GET', '/api/role-grants', admin)).body;
    expect((await call('PUT', '/api/role-grants/tickets.close', sup, { roles: ['supervisor'] })).status).toBe(403);
    // Nor may they read them: the page is the admins' alone.
    expect((await call('GET', '/api/role-grants', sup)).status).toBe(403);
    expect((await call('GET', '/api/role-grants', lead)).status).toBe(403);
    expect((await call('PUT', '/api/role-grants/tickets.close', admin, { roles: ['boss'] })).body.code).toBe('VALIDATION_FAILED');
    expect((await call('PUT', '/api/role-grants/calls.delete', admin, { roles: ['admin'] })).body.code).toBe('VALIDATION_FAILED');
    expect((await call('GET', '/api/role-grants', admin)).body).toEqual(before);
  });
});
