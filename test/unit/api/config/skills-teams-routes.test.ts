import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../src/core/events.js';
import { createTestApp, type TestApp } from '../../../helpers/test-app.js';

/** Bearer headers as inject accepts them. */
type BearerHeaders = Record<string, string>;

let t: TestApp;
let admin: BearerHeaders;
let agentHeaders: BearerHeaders;
const events: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = { ...(await t.loginAs('admin')) };
  agentHeaders = { ...(await t.loginAs('agent')) };
  t.deps.bus.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await t.close();
});

describe('skill routes', () => {
  it('given an admin when a skill is created, read, replaced and deleted then each answers and an event and audit entry follow', async () => {
    const created = await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { name: 'Spanish', description: 'es' } });
    expect(created.statusCode).toBe(201);
    const skill = created.json<{ id: string; name: string; createdAt: number }>();
    expect(skill).toMatchObject({ name: 'Spanish', description: 'es' });
    expect(typeof skill.createdAt).toBe('number');
    expect(events.at(-1)).toMatchObject({ type: 'config.changed', entity: 'skill', id: skill.id, action: 'created' });

    const read = await t.inject({ method: 'GET', url: `/api/skills/${skill.id}`, headers: agentHeaders });
    expect(read.json()).toMatchObject({ id: skill.id, name: 'Spanish' });

    const put = await t.inject({ method: 'PUT', url: `/api/skills/${skill.id}`, headers: admin, payload: { name: 'Castilian' } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ name: 'Castilian', description: '' });

    const del = await t.inject({ method: 'DELETE', url: `/api/skills/${skill.id}`, headers: admin });
    expect(del.statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: `/api/skills/${skill.id}`, headers: admin })).statusCode).toBe(404);

    const audit = await t.deps.auditReader.query({ action: 'skill.' });
    expect(audit.map((a) => a.action).sort()).toEqual(['skill.create', 'skill.delete', 'skill.update']);
    expect(audit[0]?.target).toBe(`skill:${skill.id}`);
  });

  it('given a body without a name or with an unknown field then 400 names the field', async () => {
    const missing = await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { description: 'x' } });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/body/name' }] } });
    const extra = await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { name: 'x', colour: 'red' } });
    expect(extra.json().details.problems[0].where).toBe('/body/colour');
    const blank = await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { name: '   ' } });
    expect(blank.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/body/name' }] } });
  });

  it('given a duplicate name then 409 CONFLICT names /body/name', async () => {
    await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { name: 'German' } });
    const dup = await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { name: 'GERMAN' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: 'CONFLICT', details: { field: '/body/name' } });
  });

  it('given an agent (config.view only) when writing then 403, and reading is allowed', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/skills', headers: agentHeaders, payload: { name: 'Nope' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect((await t.inject({ method: 'GET', url: '/api/skills', headers: agentHeaders })).statusCode).toBe(200);
  });

  it('given a user without roles when listing then 403; given nobody then 401', async () => {
    const none = { ...(await t.loginAs([])) };
    expect((await t.inject({ method: 'GET', url: '/api/skills', headers: none })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/api/skills' })).statusCode).toBe(401);
  });

  it('given paging parameters when listing then the page and total come back; a bad limit is 400 naming it', async () => {
    for (const name of ['P1', 'P2', 'P3']) await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { name } });
    const page = await t.inject({ method: 'GET', url: '/api/skills?q=p&limit=2&offset=1', headers: admin });
    expect(page.json()).toMatchObject({ total: 3, limit: 2, offset: 1 });
    expect(page.json().items.map((s: { name: string }) => s.name)).toEqual(['P2', 'P3']);
    const bad = await t.inject({ method: 'GET', url: '/api/skills?limit=0', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems[0].where).toBe('/query/limit');
  });
});

describe('team routes', () => {
  it('given a lead user when a team is created then leads read back; an unknown lead is 400 naming the entry', async () => {
    const lead = await t.login('team_lead');
    const ok = await t.inject({ method: 'POST', url: '/api/teams', headers: admin, payload: { name: 'Blue', leadUserIds: [lead.userId] } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ name: 'Blue', leadUserIds: [lead.userId], memberAgentIds: [] });
    const bad = await t.inject({ method: 'POST', url: '/api/teams', headers: admin, payload: { name: 'Red', leadUserIds: [lead.userId, 'ghost'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.problems).toEqual([{ where: '/body/leadUserIds/1', reason: 'no user with id ghost' }]);
    const list = await t.inject({ method: 'GET', url: '/api/teams?q=red', headers: admin });
    expect(list.json().total).toBe(0);
  });

  it('given an unknown team id then GET, PUT and DELETE answer 404', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/teams/ghost', headers: admin })).statusCode).toBe(404);
    expect((await t.inject({ method: 'PUT', url: '/api/teams/ghost', headers: admin, payload: { name: 'x' } })).statusCode).toBe(404);
    expect((await t.inject({ method: 'DELETE', url: '/api/teams/ghost', headers: admin })).statusCode).toBe(404);
  });
});
