/**
 * /api/canned-replies over the full app: personal replies seen by their agent only, team replies
 * used by the team and changed by its leads, supervisors and admins; shortcuts normalized and
 * unique per owner; bad input refused naming the field; every change audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

describe('/api/canned-replies', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let alice: AuthHeaders;
  let bob: AuthHeaders;
  let lena: AuthHeaders;
  let sales: string;
  let care: string;
  const url = '/api/canned-replies';
  const count = async () => Number((await t.db.selectFrom('canned_replies').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, headers: AuthHeaders, payload?: Record<string, unknown>) =>
    t.inject({ method, url: path, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAs('admin');
    const ok = async (path: string, body: Record<string, unknown>) => {
      const res = await call('POST', path, admin, body);
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json();
    };
    sales = (await ok('/api/teams', { name: 'Sales' })).id;
    care = (await ok('/api/teams', { name: 'Care' })).id;
    const agent = async (username: string, number: string, teamId: string) => {
      const user = await t.deps.users.create({ username, roles: ['agent'], password: t.password }, {});
      await ok('/api/agents', { userId: user.user.id, number, displayName: username, teamId, phone: { mode: 'fixed', extension: `ext${number}` } });
      return (await t.login('agent', username)).headers;
    };
    alice = await agent('alice', '1001', sales);
    bob = await agent('bob', '1002', care);
    const lead = await t.deps.users.create({ username: 'lena', roles: ['team_lead'], password: t.password }, {});
    const put = await call('PUT', `/api/teams/${sales}`, admin, { name: 'Sales', leadUserIds: [lead.user.id] });
    if (put.statusCode !== 200) throw new Error(put.body);
    lena = (await t.login('team_lead', 'lena')).headers;
    // The routing engine knows who belongs to which team.
    await t.deps.contactCenter.start();
  });
  afterAll(async () => {
    await t.deps.contactCenter.stop();
    await t.close();
  });

  it('given an agent when adding a personal reply then its shortcut is normalized, only they see it, and another agent may use the same shortcut', async () => {
    const created = await call('POST', url, alice, { scope: 'personal', shortcut: ' /Hello ', title: ' Greeting ', body: 'Hi {visitor}, I am {agent}.', language: 'en' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ scope: 'personal', teamId: null, shortcut: '/hello', title: 'Greeting', body: 'Hi {visitor}, I am {agent}.', language: 'en', editable: true });
    const id = created.json().id as string;

    expect((await call('GET', url, alice)).json().map((r: { id: string }) => r.id)).toContain(id);
    expect((await call('GET', url, bob)).json().map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await call('GET', `${url}/${id}`, bob)).json().code).toBe('CANNED_REPLY_NOT_FOUND');
    expect((await call('PUT', `${url}/${id}`, bob, { scope: 'personal', shortcut: '/x', title: 'x', body: 'x' })).statusCode).toBe(404);
    expect((await call('DELETE', `${url}/${id}`, bob)).statusCode).toBe(404);

    const dup = await call('POST', url, alice, { scope: 'personal', shortcut: '/hello', title: 'Other', body: 'Other' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'CANNED_SHORTCUT_TAKEN', details: { where: '/shortcut' } });
    expect((await call('POST', url, bob, { scope: 'personal', shortcut: '/hello', title: 'Bob hi', body: '你好 {visitor}', language: 'zh' })).statusCode).toBe(201);

    const changed = await call('PUT', `${url}/${id}`, alice, { scope: 'personal', shortcut: '/hi', title: 'Greeting', body: 'Hello {visitor}!', language: null });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ shortcut: '/hi', body: 'Hello {visitor}!', language: null });
    expect((await call('DELETE', `${url}/${id}`, alice)).statusCode).toBe(204);
    expect((await call('GET', `${url}/${id}`, alice)).statusCode).toBe(404);

    const audit = await t.deps.auditReader.query({ action: 'canned_reply.' });
    expect(audit.filter((e) => e.target === `canned_reply:${id}`).map((e) => e.action).sort()).toEqual(['canned_reply.created', 'canned_reply.deleted', 'canned_reply.updated']);
  });

  it('given a team reply when its team, other teams, its lead and a supervisor act then the team uses it, only leads and supervisors change it', async () => {
    const before = await count();
    const refused = await call('POST', url, alice, { scope: 'team', teamId: sales, shortcut: '/refund', title: 'Refund', body: 'Refunds take 5 days.' });
    expect(refused.statusCode).toBe(403);
    expect(await count()).toBe(before);
    expect((await call('POST', url, lena, { scope: 'team', teamId: care, shortcut: '/refund', title: 'Refund', body: 'x' })).statusCode).toBe(403);

    const created = await call('POST', url, lena, { scope: 'team', teamId: sales, shortcut: '/refund', title: 'Refund', body: 'Refunds take 5 days.' });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;

    const seen = (await call('GET', url, alice)).json().find((r: { id: string }) => r.id === id);
    expect(seen).toMatchObject({ scope: 'team', teamId: sales, editable: false });
    expect((await call('GET', url, bob)).json().some((r: { id: string }) => r.id === id)).toBe(false);
    expect((await call('PUT', `${url}/${id}`, alice, { scope: 'team', teamId: sales, shortcut: '/refund', title: 'Mine now', body: 'x' })).statusCode).toBe(403);
    expect((await call('DELETE', `${url}/${id}`, alice)).statusCode).toBe(403);
    expect((await call('GET', `${url}/${id}`, alice)).json()).toMatchObject({ id, editable: false });
    expect((await call('GET', `${url}/${id}`, lena)).json()).toMatchObject({ id, editable: true });

    const edited = await call('PUT', `${url}/${id}`, lena, { scope: 'team', teamId: sales, shortcut: '/refund', title: 'Refunds', body: 'Refunds take 3 days.' });
    expect(edited.json()).toMatchObject({ title: 'Refunds', body: 'Refunds take 3 days.' });
    // The same shortcut in another team is another owner; twice in one team is refused.
    const supervisor = await t.loginAs('supervisor');
    expect((await call('POST', url, supervisor, { scope: 'team', teamId: care, shortcut: '/refund', title: 'Refund', body: 'Care refunds.' })).statusCode).toBe(201);
    expect((await call('POST', url, supervisor, { scope: 'team', teamId: sales, shortcut: '/REFUND', title: 'Again', body: 'x' })).json().code).toBe('CANNED_SHORTCUT_TAKEN');
    expect((await call('GET', `${url}?team=${sales}`, supervisor)).json().map((r: { id: string }) => r.id)).toEqual([id]);
    // A supervisor's own list holds every team's replies (they may change them all); an agent's only their team's.
    expect((await call('GET', url, supervisor)).json().map((r: { teamId: string }) => r.teamId).sort()).toEqual([care, sales].sort());
    expect((await call('GET', url, alice)).json().filter((r: { scope: string }) => r.scope === 'team').map((r: { teamId: string }) => r.teamId)).toEqual([sales]);
    expect((await call('DELETE', `${url}/${id}`, supervisor)).statusCode).toBe(204);
  });

  it.each([
    ['a shortcut with a space', { scope: 'personal', shortcut: '/good day', title: 'T', body: 'B' }, '/shortcut'],
    ['a shortcut of a slash only', { scope: 'personal', shortcut: '/', title: 'T', body: 'B' }, '/shortcut'],
    ['a blank title', { scope: 'personal', shortcut: '/t', title: '  ', body: 'B' }, '/title'],
    ['a blank body', { scope: 'personal', shortcut: '/t', title: 'T', body: '' }, '/body'],
    ['a team reply without its team', { scope: 'team', shortcut: '/t', title: 'T', body: 'B' }, '/teamId'],
    ['an unknown language', { scope: 'personal', shortcut: '/t', title: 'T', body: 'B', language: 'fr' }, '/language'],
    ['an unknown scope', { scope: 'global', shortcut: '/t', title: 'T', body: 'B' }, '/scope'],
  ])('given %s when adding a reply then 400 naming the field and nothing stored', async (_, payload, where) => {
    const before = await count();
    const res = await call('POST', url, alice, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(JSON.stringify(res.json().details)).toContain(where);
    expect(await count()).toBe(before);
  });
});
