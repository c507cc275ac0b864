/** /api/dispositions: the wrap-up outcomes admins keep (config.edit) and agents read (config.view). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../src/core/events.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../../helpers/test-app.js';

let t: TestApp;
let admin: AuthHeaders;
let agent: AuthHeaders;
const events: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.loginAs('admin');
  agent = await t.loginAs('agent');
  t.deps.bus.subscribe((e) => events.push(e));
});
afterAll(async () => {
  await t.close();
});

describe('disposition routes', () => {
  it('given an admin when a disposition is created, replaced and deleted then each answers, a config event and an audit entry follow', async () => {
    const created = await t.inject({ method: 'POST', url: '/api/dispositions', headers: admin, payload: { code: 'sale', label: ' Sale ' } });
    expect(created.statusCode, created.body).toBe(201);
    const sale = created.json();
    expect(sale).toMatchObject({ code: 'sale', label: 'Sale', active: true });
    expect(events.at(-1)).toMatchObject({ type: 'config.changed', entity: 'disposition', id: sale.id, action: 'created' });

    const put = await t.inject({ method: 'PUT', url: `/api/dispositions/${sale.id}`, headers: admin, payload: { code: 'sale', label: 'Sold', active: false } });
    expect(put.json()).toMatchObject({ id: sale.id, label: 'Sold', active: false });
    expect((await t.inject({ method: 'DELETE', url: `/api/dispositions/${sale.id}`, headers: admin })).statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url: `/api/dispositions/${sale.id}`, headers: admin })).statusCode).toBe(404);

    const audit = await t.deps.auditReader.query({ action: 'disposition.' });
    expect(audit.map((a) => a.action).sort()).toEqual(['disposition.create', 'disposition.delete', 'disposition.update']);
  });

  it('given an agent when they list the active dispositions then they read them, and may not change any', async () => {
    await t.inject({ method: 'POST', url: '/api/dispositions', headers: admin, payload: { code: 'callback', label: 'Call back later' } });
    await t.inject({ method: 'POST', url: '/api/dispositions', headers: admin, payload: { code: 'old', label: 'Old outcome', active: false } });
    const list = await t.inject({ method: 'GET', url: '/api/dispositions?active=true', headers: agent });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((d: { code: string }) => d.code)).toEqual(['callback']);
    const refused = await t.inject({ method: 'POST', url: '/api/dispositions', headers: agent, payload: { code: 'mine', label: 'Mine' } });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN']);
  });

  it('given a bad code, a blank label, an unknown field or a taken code then 400 or 409 names the field and nothing is stored', async () => {
    const before = (await t.inject({ method: 'GET', url: '/api/dispositions', headers: admin })).json().total;
    const cases: [object, number, string][] = [
      [{ code: 'Sale!', label: 'x' }, 400, '/body/code'],
      [{ code: 'blank', label: '   ' }, 400, '/body/label'],
      [{ code: 'x', label: 'x', colour: 'red' }, 400, '/body/colour'],
      [{ code: 'x', label: 'a\u0007b' }, 400, '/body/label'],
    ];
    for (const [payload, status, where] of cases) {
      const res = await t.inject({ method: 'POST', url: '/api/dispositions', headers: admin, payload });
      expect([res.statusCode, res.json().details.problems[0].where]).toEqual([status, where]);
    }
    const dup = await t.inject({ method: 'POST', url: '/api/dispositions', headers: admin, payload: { code: 'callback', label: 'Again' } });
    expect(dup.json()).toMatchObject({ code: 'CONFLICT', details: { field: '/body/code' } });
    expect((await t.inject({ method: 'GET', url: '/api/dispositions', headers: admin })).json().total).toBe(before);
  });
});
