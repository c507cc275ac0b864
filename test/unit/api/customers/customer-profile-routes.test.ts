/**
 * Editing a customer's profile over REST: PATCH in place, admin-defined custom fields and their
 * checks, identities owned by one customer, permissions and the audit entry of every change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type AuthHeaders, type TestApp } from '../../../helpers/test-app.js';

let t: TestApp;
let admin: AuthHeaders;
let agent: AuthHeaders;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs('admin');
  agent = await t.loginAs('agent');
  for (const payload of [
    { key: 'plan', label: 'Plan', type: 'choice', options: ['basic', 'pro'] },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'renewal', label: 'Renewal', type: 'date' },
  ]) {
    expect((await t.inject({ method: 'POST', url: '/api/customer-fields', headers: admin, payload })).statusCode).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

async function create(payload: object): Promise<{ id: string; [k: string]: unknown }> {
  const res = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload });
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function stored(id: string): Promise<unknown> {
  return (await t.inject({ method: 'GET', url: `/api/customers/${id}`, headers: agent })).json();
}

describe('customer profile', () => {
  it('given a customer when an agent patches company, profile, identities and custom values then the rest stays and the audit names the fields', async () => {
    const c = await create({ name: '王小明', phones: ['+86 138 0013 8000'], tags: ['vip'] });
    const res = await t.inject({
      method: 'PATCH',
      url: `/api/customers/${c.id}`,
      headers: agent,
      payload: { company: '华为', profile: { age: 35, preferences: 'morning calls' }, emails: ['XM@Example.cn'], chatVisitors: ['vis-1'], messaging: [{ platform: 'WeChat', id: 'wx-1' }], custom: { plan: 'pro', seats: 20, renewal: '2027-01-31' } },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: '王小明',
      company: '华为',
      phones: ['+8613800138000'],
      tags: ['vip'],
      emails: ['xm@example.cn'],
      chatVisitors: ['vis-1'],
      messaging: [{ platform: 'wechat', id: 'wx-1' }],
      profile: { age: 35, preferences: 'morning calls' },
      custom: { plan: 'pro', seats: 20, renewal: '2027-01-31' },
    });
    const cleared = await t.inject({ method: 'PATCH', url: `/api/customers/${c.id}`, headers: agent, payload: { custom: { seats: null } } });
    expect(cleared.json().custom).toEqual({ plan: 'pro', renewal: '2027-01-31' });
    const audit = await t.deps.auditReader.query({ action: 'customer.update' });
    const mine = audit.filter((a) => a.target === `customer:${c.id}`);
    expect(mine.map((a) => a.details)).toEqual(expect.arrayContaining([{ fields: ['company', 'emails', 'chatVisitors', 'messaging', 'profile', 'custom'] }, { fields: ['custom'] }]));
  });

  it('given an unknown custom field or a value of the wrong type then a coded 400 names the field and nothing changes', async () => {
    const c = await create({ name: 'Ada', custom: { seats: 3 } });
    const before = await stored(c.id);
    const unknown = await t.inject({ method: 'PATCH', url: `/api/customers/${c.id}`, headers: agent, payload: { company: 'X', custom: { shoe_size: 42 } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'CUSTOMER_FIELD_UNKNOWN', details: { problems: [{ where: '/body/custom/shoe_size' }] } });
    const wrong = await t.inject({ method: 'PATCH', url: `/api/customers/${c.id}`, headers: agent, payload: { company: 'X', custom: { seats: 'many', renewal: '2027-02-30' } } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'CUSTOMER_FIELD_INVALID', details: { problems: [{ where: '/body/custom/seats' }, { where: '/body/custom/renewal' }] } });
    const choice = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name: 'Y', custom: { plan: 'gold' } } });
    expect(choice.json()).toMatchObject({ code: 'CUSTOMER_FIELD_INVALID', details: { problems: [{ where: '/body/custom/plan' }] } });
    expect(await stored(c.id)).toEqual(before);
  });

  it('given a number another customer owns (written differently) then 409 CUSTOMER_IDENTITY_TAKEN and nothing changes', async () => {
    const owner = await create({ name: 'Owner', phones: ['+44 20 7946 0018'], chatVisitors: ['vis-owned'] });
    const other = await create({ name: 'Other' });
    const phone = await t.inject({ method: 'PATCH', url: `/api/customers/${other.id}`, headers: agent, payload: { name: 'Renamed', phones: ['0044 (20) 7946-0018'] } });
    expect(phone.statusCode).toBe(409);
    expect(phone.json()).toMatchObject({ code: 'CUSTOMER_IDENTITY_TAKEN', details: { problems: [{ where: '/body/phones/0' }], customerIds: [owner.id] } });
    const chat = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name: 'Z', chatVisitors: ['vis-owned'] } });
    expect(chat.json()).toMatchObject({ code: 'CUSTOMER_IDENTITY_TAKEN', details: { problems: [{ where: '/body/chatVisitors/0' }] } });
    expect(await stored(other.id)).toMatchObject({ name: 'Other', phones: [] });
    // Two customers created at once with one new number: exactly one gets it.
    const racing = await Promise.all(['R1', 'R2'].map((name) => t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name, phones: ['+1 555 010 7777'] } })));
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    // The owner keeps its own number on a change of something else.
    expect((await t.inject({ method: 'PATCH', url: `/api/customers/${owner.id}`, headers: agent, payload: { notes: 'x' } })).statusCode).toBe(200);
  });

  it('given custom field definitions when an agent changes them then 403; an admin cannot change the type under stored values', async () => {
    const list = await t.inject({ method: 'GET', url: '/api/customer-fields', headers: agent });
    expect(list.json().items.map((f: { key: string }) => f.key)).toEqual(expect.arrayContaining(['plan', 'seats', 'renewal']));
    expect((await t.inject({ method: 'POST', url: '/api/customer-fields', headers: agent, payload: { key: 'x', label: 'X', type: 'text' } })).statusCode).toBe(403);
    const seats = list.json().items.find((f: { key: string }) => f.key === 'seats');
    const retype = await t.inject({ method: 'PUT', url: `/api/customer-fields/${seats.id}`, headers: admin, payload: { key: 'seats', label: 'Seats', type: 'date' } });
    expect(retype.statusCode).toBe(409);
    const bad = await t.inject({ method: 'POST', url: '/api/customer-fields', headers: admin, payload: { key: 'tier', label: 'Tier', type: 'choice' } });
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/body/options' }] } });
    const audit = await t.deps.auditReader.query({ action: 'customer_field.create' });
    expect(audit.length).toBe(3);
  });

  it('given the role defaults then agents view and edit customers, supervisors and admins also export', async () => {
    const perms = async (role: 'agent' | 'supervisor' | 'admin') => (await t.login(role)).principal.permissions;
    expect([...(await perms('agent'))]).toEqual(expect.arrayContaining(['customer.view', 'customer.edit']));
    expect([...(await perms('agent'))]).not.toContain('customer.export');
    expect([...(await perms('supervisor'))]).toContain('customer.export');
    expect([...(await perms('admin'))]).toContain('customer.export');
    const none = await t.loginAs([]);
    expect((await t.inject({ method: 'PATCH', url: '/api/customers/x', headers: none, payload: { notes: 'x' } })).statusCode).toBe(403);
  });

  it('given a supervisor when exporting customers then a CSV with every customer comes back and the export is audited; an agent gets 403', async () => {
    await create({ name: '=SUM(A1)', company: '李氏', custom: { plan: 'basic' } });
    expect((await t.inject({ method: 'GET', url: '/api/customers/export', headers: agent })).statusCode).toBe(403);
    const supervisor = await t.loginAs('supervisor');
    const res = await t.inject({ method: 'GET', url: '/api/customers/export?format=xlsx-csv', headers: supervisor });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toMatch(/^id,name,company,level,phones/);
    const total = (await t.inject({ method: 'GET', url: '/api/customers?limit=1', headers: agent })).json().total;
    expect(lines.length).toBe(total + 1);
    expect(lines.find((l) => l.includes('李氏'))).toContain("'=SUM(A1)");
    expect(lines.find((l) => l.includes('李氏'))).toContain('plan=basic');
    const audit = await t.deps.auditReader.query({ action: 'customer.export' });
    expect(audit[0]).toMatchObject({ details: { format: 'xlsx-csv', rows: total } });
  });
});
