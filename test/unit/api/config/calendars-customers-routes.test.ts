import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../helpers/test-app.js';

/** Bearer headers as inject accepts them. */
type BearerHeaders = Record<string, string>;

let t: TestApp;
let admin: BearerHeaders;
let agent: BearerHeaders;

beforeAll(async () => {
  // The test app's FakeClock starts on Monday 2026-11-23 09:00 UTC.
  t = await createTestApp();
  admin = { ...(await t.loginAs('admin')) };
  agent = { ...(await t.loginAs('agent')) };
});
afterAll(async () => {
  await t.close();
});

const nineToFive = [{ start: '09:00', end: '17:00' }];

describe('calendar routes', () => {
  it('given a London weekday calendar when asking its status on Monday 09:00 then open until 17:00', async () => {
    const created = await t.inject({
      method: 'POST',
      url: '/api/calendars',
      headers: admin,
      payload: { name: 'London', timeZone: 'Europe/London', weekly: { mon: nineToFive, tue: nineToFive }, holidays: [{ date: '2026-12-25', name: 'Christmas' }] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const status = await t.inject({ method: 'GET', url: `/api/calendars/${id}/status`, headers: agent });
    expect(status.json()).toEqual({
      at: Date.parse('2026-11-23T09:00:00Z'),
      open: true,
      nextChange: { at: Date.parse('2026-11-23T17:00:00Z'), open: false },
    });
  });

  it('given an unknown zone, a bad time or an unknown weekday then 400 names the field', async () => {
    const zone = await t.inject({ method: 'POST', url: '/api/calendars', headers: admin, payload: { name: 'Z', timeZone: 'Atlantis/Capital', weekly: {} } });
    expect(zone.json().details.problems[0].where).toBe('/body/timeZone');
    const time = await t.inject({ method: 'POST', url: '/api/calendars', headers: admin, payload: { name: 'Z', timeZone: 'UTC', weekly: { mon: [{ start: '09:00', end: '25:00' }] } } });
    expect(time.json().details.problems[0].where).toBe('/body/weekly/mon/0/end');
    const day = await t.inject({ method: 'POST', url: '/api/calendars', headers: admin, payload: { name: 'Z', timeZone: 'UTC', weekly: { moon: [] } } });
    expect(day.json().details.problems[0].where).toBe('/body/weekly/moon');
  });

  it('given an unknown calendar then its status is 404', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/calendars/ghost/status', headers: admin })).statusCode).toBe(404);
  });
});

describe('break reason routes', () => {
  it('given an agent when listing selectable reasons then the defaults come back without missed_offers', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/break-reasons?selectable=true', headers: agent });
    expect(res.json().items.map((r: { code: string }) => r.code).sort()).toEqual(['activity', 'meal', 'meeting', 'short_break', 'training']);
  });

  it('given the system reason when an admin edits it then 409; a bad code is 400 naming /body/code', async () => {
    const all = await t.inject({ method: 'GET', url: '/api/break-reasons', headers: admin });
    const missed = all.json().items.find((r: { code: string }) => r.code === 'missed_offers');
    const put = await t.inject({ method: 'PUT', url: `/api/break-reasons/${missed.id}`, headers: admin, payload: { code: 'missed_offers', label: 'x', paid: true } });
    expect(put.statusCode).toBe(409);
    const bad = await t.inject({ method: 'POST', url: '/api/break-reasons', headers: admin, payload: { code: 'Coffee Break', label: 'Coffee', paid: true } });
    expect(bad.json().details.problems[0].where).toBe('/body/code');
  });
});

describe('customer routes', () => {
  it('given an agent (customer.edit) when creating a customer then lookup by caller id finds it', async () => {
    const res = await t.inject({
      method: 'POST',
      url: '/api/customers',
      headers: agent,
      payload: { name: 'Grace', level: 'vip', phones: ['+1 (555) 010-0200'], emails: ['grace@example.org'], tags: ['navy'] },
    });
    expect(res.statusCode).toBe(201);
    const lookup = await t.inject({ method: 'GET', url: '/api/customers?phone=%2B15550100200', headers: agent });
    expect(lookup.json()).toMatchObject({ total: 1, items: [{ name: 'Grace', level: 'vip', phones: ['+15550100200'] }] });
    // An unencoded '+' arrives as a space; the lookup still matches.
    const raw = await t.inject({ method: 'GET', url: '/api/customers?phone=+1 555 010 0200', headers: agent });
    expect(raw.json().total).toBe(1);
    const events: string[] = [];
    t.deps.bus.subscribe((e) => events.push(e.type === 'config.changed' ? `${e.entity}.${e.action}` : e.type));
    const id = lookup.json().items[0].id;
    await t.inject({ method: 'PUT', url: `/api/customers/${id}`, headers: agent, payload: { name: 'Grace H', phones: [] } });
    expect(events).toContain('customer.updated');
    const audit = await t.deps.auditReader.query({ action: 'customer.update' });
    expect(audit[0]).toMatchObject({ target: `customer:${id}` });
    expect(audit[0]?.actorId).toBeDefined();
  });

  it('given a bad email, a bad phone or an unknown level then 400 names the entry', async () => {
    const email = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name: 'X', emails: ['not-an-email'] } });
    expect(email.json().details.problems[0].where).toBe('/body/emails/0');
    const phone = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name: 'X', phones: ['+1 555 0100', 'call me'] } });
    expect(phone.json().details.problems[0].where).toBe('/body/phones/1');
    const level = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name: 'X', level: 'platinum' } });
    expect(level.json().details.problems[0].where).toBe('/body/level');
  });

  it('given a user without customer.view then 403; an unknown customer is 404', async () => {
    const none = { ...(await t.loginAs([])) };
    expect((await t.inject({ method: 'GET', url: '/api/customers', headers: none })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/api/customers/ghost', headers: agent })).statusCode).toBe(404);
  });
});

describe('OpenAPI', () => {
  it('given the served document then the config routes are described with their schemas', async () => {
    const doc = (await t.inject({ method: 'GET', url: '/api/openapi.json', headers: admin })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/queues', '/api/queues/{id}', '/api/calendars/{id}/status', '/api/customers']));
  });
});
