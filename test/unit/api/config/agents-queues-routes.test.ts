import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/test-app.js';

/** Bearer headers as inject accepts them. */
type BearerHeaders = Record<string, string>;

let t: TestApp;
let admin: BearerHeaders;
let supervisor: BearerHeaders;
let userId: string;
let skillId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = { ...(await t.loginAs('admin')) };
  supervisor = { ...(await t.loginAs('supervisor')) };
  userId = (await t.login('agent')).userId;
  skillId = (await t.inject({ method: 'POST', url: '/api/skills', headers: admin, payload: { name: 'English' } })).json<{ id: string }>().id;
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, payload: object, headers: BearerHeaders = admin) => t.inject({ method: 'POST', url, headers, payload });

describe('agent routes', () => {
  it('given a valid agent when created then 201 with skills and phone binding, filterable by skill', async () => {
    const res = await post('/api/agents', {
      userId,
      number: '2001',
      displayName: 'Ada',
      skills: [{ skillId, level: 8 }],
      phone: { mode: 'fixed', extension: '201' },
      chatCapacity: 2,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ number: '2001', skills: [{ skillId, level: 8 }], phone: { mode: 'fixed', extension: '201' }, teamId: null, enabled: true });
    const list = await t.inject({ method: 'GET', url: `/api/agents?skillId=${skillId}&enabled=true`, headers: supervisor });
    expect(list.json().items.map((a: { number: string }) => a.number)).toContain('2001');
  });

  it('given a fixed phone without extension or a skill level of 11 then 400 names the field', async () => {
    const other = (await t.login('agent')).userId;
    const noExt = await post('/api/agents', { userId: other, number: '2002', displayName: 'B', phone: { mode: 'fixed' } });
    expect(noExt.statusCode).toBe(400);
    expect(noExt.json().details.problems.map((p: { where: string }) => p.where)).toContain('/body/phone/extension');
    const level = await post('/api/agents', { userId: other, number: '2002', displayName: 'B', phone: { mode: 'chosen_at_login' }, skills: [{ skillId, level: 11 }] });
    expect(level.json().details.problems[0].where).toBe('/body/skills/0/level');
  });

  it('given a taken number then 409 names /body/number', async () => {
    const other = (await t.login('agent')).userId;
    const res = await post('/api/agents', { userId: other, number: '2001', displayName: 'Dup', phone: { mode: 'chosen_at_login' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().details.field).toBe('/body/number');
  });

  it('given a second skill that does not exist then 400 names it and no agent row or skill row is left', async () => {
    const other = (await t.login('agent')).userId;
    const res = await post('/api/agents', {
      userId: other,
      number: '2009',
      displayName: 'Half',
      phone: { mode: 'chosen_at_login' },
      skills: [{ skillId, level: 2 }, { skillId: 'ghost', level: 2 }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems).toEqual([{ where: '/body/skills/1/skillId', reason: 'no skill with id ghost' }]);
    expect(await t.db.selectFrom('agents').select('id').where('number', '=', '2009').execute()).toEqual([]);
    expect(await t.db.selectFrom('agent_skills').select('agent_id').where('level', '=', 2).execute()).toEqual([]);
  });

  it('given a supervisor (no config.edit) when creating an agent then 403', async () => {
    const res = await post('/api/agents', { userId, number: '2003', displayName: 'S', phone: { mode: 'chosen_at_login' } }, supervisor);
    expect(res.statusCode).toBe(403);
  });
});

describe('queue routes', () => {
  it('given a chat queue with ring_all then 400 names /body/strategy', async () => {
    const res = await post('/api/queues', { name: 'Chat', media: 'chat', strategy: 'ring_all' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.problems[0].where).toBe('/body/strategy');
  });

  it('given an unknown strategy or a malformed exit action then 400 names the field', async () => {
    const strategy = await post('/api/queues', { name: 'X', media: 'voice', strategy: 'fastest' });
    expect(strategy.json().details.problems[0].where).toBe('/body/strategy');
    const exit = await post('/api/queues', { name: 'X', media: 'voice', strategy: 'random', maxWaitSeconds: 60, maxWaitAction: 'teleport' });
    expect(exit.json().details.problems[0].where).toBe('/body/maxWaitAction');
  });

  it('given a queue overflowing to another when created then it reads back; deleting the target is 409', async () => {
    const target = (await post('/api/queues', { name: 'Overflow', media: 'voice', strategy: 'top_down' })).json<{ id: string }>();
    const res = await post('/api/queues', {
      name: 'Front',
      media: 'voice',
      strategy: 'weighted_random',
      requiredSkills: [{ skillId, minLevel: 5 }],
      relaxation: [{ afterSeconds: 20, acceptLevel: 2 }, { afterSeconds: 60, overflowQueueId: target.id }],
      maxWaitSeconds: 300,
      maxWaitAction: 'callback',
      vipBoost: { vip: 50 },
      announcements: { position: true, everySeconds: 30 },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      relaxation: [{ afterSeconds: 20, acceptLevel: 2 }, { afterSeconds: 60, overflowQueueId: target.id }],
      maxWaitAction: 'callback',
      announcements: { position: true, estimatedWait: false, everySeconds: 30 },
    });
    const del = await t.inject({ method: 'DELETE', url: `/api/queues/${target.id}`, headers: admin });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('CONFLICT');
  });

  it('given references to a missing calendar, queue and skill then 400 names the first and nothing is stored', async () => {
    const res = await post('/api/queues', {
      name: 'Broken',
      media: 'voice',
      strategy: 'longest_idle',
      requiredSkills: [{ skillId: 'nope', minLevel: 1 }],
    });
    expect(res.json().details.problems).toEqual([{ where: '/body/requiredSkills/0/skillId', reason: 'no skill with id nope' }]);
    const cal = await post('/api/queues', { name: 'Broken', media: 'voice', strategy: 'longest_idle', calendarId: 'nope', closedAction: 'hangup' });
    expect(cal.json().details.problems[0].where).toBe('/body/calendarId');
    const list = await t.inject({ method: 'GET', url: '/api/queues?q=broken', headers: admin });
    expect(list.json().total).toBe(0);
  });

  it('given an agent when listing queues then allowed, when replacing one then 403', async () => {
    const agent = { ...(await t.loginAs('agent')) };
    expect((await t.inject({ method: 'GET', url: '/api/queues?media=voice', headers: agent })).statusCode).toBe(200);
    const q = (await t.inject({ method: 'GET', url: '/api/queues', headers: agent })).json().items[0];
    const res = await t.inject({ method: 'PUT', url: `/api/queues/${q.id}`, headers: agent, payload: { name: 'x', media: 'voice', strategy: 'random' } });
    expect(res.statusCode).toBe(403);
  });

  it('given a recording retention when a queue is created, replaced and cleared then it reads back each time; 0 days or a fraction is 400 naming the field and nothing changes', async () => {
    const created = await post('/api/queues', { name: 'Kept 30', media: 'voice', strategy: 'random', recordingRetentionDays: 30 });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string; recordingRetentionDays: number | null }>().id;
    expect(created.json().recordingRetentionDays).toBe(30);
    const put = (payload: object) => t.inject({ method: 'PUT', url: `/api/queues/${id}`, headers: admin, payload: { name: 'Kept 30', media: 'voice', strategy: 'random', ...payload } });
    for (const bad of [0, 2.5, 36_501, '7']) {
      const res = await put({ recordingRetentionDays: bad });
      expect({ bad, status: res.statusCode }).toEqual({ bad, status: 400 });
      expect(res.json().details.problems[0].where).toBe('/body/recordingRetentionDays');
    }
    expect((await t.inject({ method: 'GET', url: `/api/queues/${id}`, headers: admin })).json().recordingRetentionDays).toBe(30);
    expect((await put({ recordingRetentionDays: 7 })).json().recordingRetentionDays).toBe(7);
    // Left out of a replacement, the setting goes back to keeping forever, like every optional field.
    expect((await put({})).json().recordingRetentionDays).toBeNull();
    expect((await put({ recordingRetentionDays: null })).json().recordingRetentionDays).toBeNull();
  });
});
