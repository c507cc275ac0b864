/**
 * Merging two customers and undoing it over REST: every related record counted before the merge,
 * after it and after the undo; both customers restored exactly; the audit; self-merge refused.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type AuthHeaders, type TestApp } from '../../../helpers/test-app.js';

let t: TestApp;
let agent: AuthHeaders;
let admin: AuthHeaders;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.loginAs('agent');
  admin = await t.loginAs('admin');
});
afterAll(async () => {
  await t.close();
});

async function create(payload: object): Promise<string> {
  const res = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

async function get(id: string): Promise<{ statusCode: number; body: unknown }> {
  const res = await t.inject({ method: 'GET', url: `/api/customers/${id}`, headers: agent });
  return { statusCode: res.statusCode, body: res.json() };
}

/** Rows of every table a merge touches, per customer. */
async function counts(ids: string[]): Promise<Record<string, number>> {
  const one = async (q: string) => Number((await sql<{ n: string }>`${sql.raw(q)}`.execute(t.db)).rows[0]?.n ?? 0);
  const list = ids.map((i) => `'${i}'`).join(',');
  const out: Record<string, number> = {
    customers: await one(`select count(*) as n from customers where id in (${list})`),
    merges: await one('select count(*) as n from customer_merges where undone_at is null'),
  };
  for (const id of ids) {
    out[`${id}.phones`] = await one(`select count(*) as n from customer_phones where customer_id = '${id}'`);
    out[`${id}.identities`] = await one(`select count(*) as n from customer_identities where customer_id = '${id}'`);
    out[`${id}.tickets`] = await one(`select count(*) as n from tickets where customer_id = '${id}'`);
  }
  return out;
}

describe('merging customers', () => {
  it('given two customers with identities and tickets when merged and the merge undone then the counts are exactly as expected at each step and both come back as they were', async () => {
    const kept = await create({ name: 'Wang Fang', level: 'silver', phones: ['+86 138 0013 8000'], emails: ['wf@work.example'], tags: ['invoice'], notes: 'Kept' });
    const merged = await create({ name: '王芳', company: '华为', level: 'vip', phones: ['+49 30 111 222'], emails: ['wf@home.example'], chatVisitors: ['vis-9'], messaging: [{ platform: 'wechat', id: 'wx-9' }], tags: ['reseller'], notes: 'Merged' });
    for (const [customerId, n] of [
      [kept, 1],
      [merged, 2],
    ] as const) {
      for (let i = 0; i < n; i++) expect((await t.inject({ method: 'POST', url: '/api/tickets', headers: agent, payload: { subject: `T${i}`, customerId } })).statusCode).toBe(201);
    }
    const beforeKept = await get(kept);
    const beforeMerged = await get(merged);
    const ids = [kept, merged];
    expect(await counts(ids)).toEqual({ customers: 2, merges: 0, [`${kept}.phones`]: 1, [`${kept}.identities`]: 1, [`${kept}.tickets`]: 1, [`${merged}.phones`]: 1, [`${merged}.identities`]: 3, [`${merged}.tickets`]: 2 });

    t.clock.advance(60_000);
    const res = await t.inject({ method: 'POST', url: `/api/customers/${kept}/merge`, headers: agent, payload: { mergedId: merged } });
    expect(res.statusCode).toBe(200);
    const merge = res.json<{ id: string; movedIdentities: number; movedTickets: number }>();
    expect(merge).toMatchObject({ movedIdentities: 4, movedTickets: 2 });
    expect(await counts(ids)).toEqual({ customers: 1, merges: 1, [`${kept}.phones`]: 2, [`${kept}.identities`]: 4, [`${kept}.tickets`]: 3, [`${merged}.phones`]: 0, [`${merged}.identities`]: 0, [`${merged}.tickets`]: 0 });
    expect((await get(merged)).statusCode).toBe(404);
    expect((await get(kept)).body).toMatchObject({ name: 'Wang Fang', company: '华为', level: 'vip', phones: ['+8613800138000', '+4930111222'], chatVisitors: ['vis-9'], tags: ['invoice', 'reseller'], notes: 'Kept\n\nMerged' });
    // The merged customer's chat visitor now finds the kept one; its number too.
    expect((await t.inject({ method: 'GET', url: '/api/customers/search?q=vis-9', headers: agent })).json().items.map((c: { id: string }) => c.id)).toEqual([kept]);

    expect((await t.inject({ method: 'POST', url: `/api/customer-merges/${merge.id}/undo`, headers: agent })).statusCode).toBe(403);
    t.clock.advance(60_000);
    const undo = await t.inject({ method: 'POST', url: `/api/customer-merges/${merge.id}/undo`, headers: admin });
    expect(undo.statusCode).toBe(200);
    expect(await counts(ids)).toEqual({ customers: 2, merges: 0, [`${kept}.phones`]: 1, [`${kept}.identities`]: 1, [`${kept}.tickets`]: 1, [`${merged}.phones`]: 1, [`${merged}.identities`]: 3, [`${merged}.tickets`]: 2 });
    expect(await get(kept)).toEqual(beforeKept);
    expect(await get(merged)).toEqual(beforeMerged);

    const again = await t.inject({ method: 'POST', url: `/api/customer-merges/${merge.id}/undo`, headers: admin });
    expect(again.json()).toMatchObject({ code: 'CUSTOMER_MERGE_NOT_UNDOABLE' });
    for (const action of ['customer.merge', 'customer.merge_undo']) {
      const entries = await t.deps.auditReader.query({ action });
      expect(entries.find((a) => a.target === `customer:${kept}`)?.details).toMatchObject({ mergeId: merge.id, mergedId: merged, movedIdentities: 4, movedTickets: 2 });
    }
  });

  it('given a customer merged into itself then 400 CUSTOMER_MERGE_SELF and nothing changes; an unknown one is 404', async () => {
    const id = await create({ name: 'Solo', phones: ['+1 555 010 0999'] });
    const before = await get(id);
    const self = await t.inject({ method: 'POST', url: `/api/customers/${id}/merge`, headers: agent, payload: { mergedId: id } });
    expect(self.statusCode).toBe(400);
    expect(self.json()).toMatchObject({ code: 'CUSTOMER_MERGE_SELF' });
    expect(await get(id)).toEqual(before);
    expect((await t.inject({ method: 'POST', url: `/api/customers/${id}/merge`, headers: agent, payload: { mergedId: 'ghost' } })).statusCode).toBe(404);
    expect(await get(id)).toEqual(before);
  });

  it('given a merge whose kept customer was edited since then the undo is refused and nothing is lost', async () => {
    const kept = await create({ name: 'K' });
    const merged = await create({ name: 'M', emails: ['m@example.org'] });
    const merge = (await t.inject({ method: 'POST', url: `/api/customers/${kept}/merge`, headers: agent, payload: { mergedId: merged } })).json<{ id: string }>();
    t.clock.advance(1000);
    await t.inject({ method: 'PATCH', url: `/api/customers/${kept}`, headers: agent, payload: { notes: 'called back' } });
    const undo = await t.inject({ method: 'POST', url: `/api/customer-merges/${merge.id}/undo`, headers: admin });
    expect(undo.statusCode).toBe(409);
    expect(undo.json()).toMatchObject({ code: 'CUSTOMER_MERGE_NOT_UNDOABLE' });
    expect((await get(kept)).body).toMatchObject({ notes: 'called back', emails: ['m@example.org'] });
    const list = await t.inject({ method: 'GET', url: `/api/customers/${kept}/merges`, headers: agent });
    expect(list.json().items).toMatchObject([{ id: merge.id, mergedName: 'M', undoneAt: null }]);
  });
});
