/** /api/leave-message-templates over the full app: permissions, audit, coded refusals storing nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

const fields = [
  { name: 'name', label: { en: 'Your name', zh: '您的姓名' }, kind: 'text', required: true },
  { name: 'email', label: { en: 'Email', zh: '电子邮件' }, kind: 'email', required: false },
  { name: 'message', label: { en: 'Message', zh: '留言' }, kind: 'long_text', required: true },
];

describe('/api/leave-message-templates', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let agent: AuthHeaders;
  const url = '/api/leave-message-templates';
  const count = async () => Number((await t.db.selectFrom('leave_message_templates').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAs('admin');
    await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    agent = (await t.login('agent', 'alice')).headers;
  });
  afterAll(async () => {
    await t.close();
  });

  it('given an admin when adding, changing and deleting a template then each is answered, listed per channel and audited', async () => {
    const created = await t.inject({ method: 'POST', url, headers: admin, payload: { channel: 'web', businessLine: 'pre_sales', name: { en: 'Pre-sales', zh: '售前' }, fields } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ channel: 'web', businessLine: 'pre_sales', enabled: true, fields });

    const changed = await t.inject({ method: 'PUT', url: `${url}/${id}`, headers: admin, payload: { channel: 'web', businessLine: 'pre_sales', name: { en: 'Sales', zh: '销售' }, fields: fields.slice(0, 1), enabled: false } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ name: { en: 'Sales', zh: '销售' }, enabled: false, fields: fields.slice(0, 1) });

    const web = await t.inject({ method: 'GET', url: `${url}?channel=web`, headers: agent });
    expect(web.json().map((x: { id: string }) => x.id)).toEqual([id]);
    const app = await t.inject({ method: 'GET', url: `${url}?channel=app`, headers: agent });
    expect(app.json()).toEqual([]);

    expect((await t.inject({ method: 'DELETE', url: `${url}/${id}`, headers: admin })).statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: `${url}/${id}`, headers: admin })).json().code).toBe('TEMPLATE_NOT_FOUND');

    const audit = await t.deps.auditReader.query({ action: 'leave_message_template.' });
    expect(audit.filter((e) => e.target === `leave_message_template:${id}`).map((e) => e.action).sort()).toEqual(['leave_message_template.created', 'leave_message_template.deleted', 'leave_message_template.updated']);
  });

  it('given an agent without config.edit when adding a template then 403 and nothing stored', async () => {
    const before = await count();
    const res = await t.inject({ method: 'POST', url, headers: agent, payload: { channel: 'web', businessLine: 'x', name: { en: 'X', zh: '某' }, fields } });
    expect(res.statusCode).toBe(403);
    expect(await count()).toBe(before);
  });

  it.each([
    ['no fields', [], 'TEMPLATE_NO_FIELDS', '/fields'],
    ['an unknown field kind', [...fields, { name: 'born', label: { en: 'Born', zh: '生日' }, kind: 'date', required: false }], 'TEMPLATE_FIELD_KIND_UNKNOWN', '/fields/3/kind'],
    ['two fields named alike', [...fields, { ...fields[0], kind: 'phone' }], 'TEMPLATE_FIELD_DUPLICATE', '/fields/3/name'],
  ])('given %s when adding a template then its code, where it is, and nothing stored', async (_case, bad, code, where) => {
    const before = await count();
    const res = await t.inject({ method: 'POST', url, headers: admin, payload: { channel: 'app', businessLine: 'after_sales', name: { en: 'Bad', zh: '坏' }, fields: bad } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code, details: { where } });
    expect(await count()).toBe(before);
  });

  it('given a name without its Chinese words when adding a template then VALIDATION_FAILED names /body/name and nothing is stored', async () => {
    const before = await count();
    const res = await t.inject({ method: 'POST', url, headers: admin, payload: { channel: 'app', businessLine: 'after_sales', name: 'Only English', fields } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.json())).toContain('/body/name');
    const half = await t.inject({ method: 'POST', url, headers: admin, payload: { channel: 'app', businessLine: 'after_sales', name: { en: 'Only English' }, fields } });
    expect(half.statusCode).toBe(400);
    expect(JSON.stringify(half.json())).toContain('/body/name');
    expect(await count()).toBe(before);
  });

  it('given a template for a channel and line when adding another for the same pair then TEMPLATE_LINE_TAKEN and one stored', async () => {
    const payload = { channel: 'mobile_web', businessLine: 'after_sales', name: { en: 'After-sales', zh: '售后' }, fields };
    expect((await t.inject({ method: 'POST', url, headers: admin, payload })).statusCode).toBe(201);
    const before = await count();
    const again = await t.inject({ method: 'POST', url, headers: admin, payload });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TEMPLATE_LINE_TAKEN');
    expect(await count()).toBe(before);
  });
});
