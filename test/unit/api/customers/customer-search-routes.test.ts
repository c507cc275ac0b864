/**
 * GET /api/customers/search on the engine under test (PGlite by default, PostgreSQL with
 * DATABASE_URL): names by prefix, substring (Chinese too) and similarity, and every identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type AuthHeaders, type TestApp } from '../../../helpers/test-app.js';

let t: TestApp;
let agent: AuthHeaders;

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.loginAs('agent');
  for (const payload of [
    { name: 'Grace Hopper', phones: ['+1 555 010 0200'], emails: ['grace@navy.example'] },
    { name: 'Gracie Allen' },
    { name: '王小明', phones: ['+86 138 0013 8000'], chatVisitors: ['vis-42'] },
    { name: '李小明', messaging: [{ platform: 'wechat', id: 'wx_li' }] },
    { name: '张伟' },
    { name: 'Ada Lovelace', emails: ['ada@analytical.example'] },
  ]) {
    expect((await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload })).statusCode).toBe(201);
  }
});
afterAll(async () => {
  await t.close();
});

async function names(q: string): Promise<string[]> {
  const res = await t.inject({ method: 'GET', url: `/api/customers/search?q=${encodeURIComponent(q)}`, headers: agent });
  expect(res.statusCode).toBe(200);
  return res.json().items.map((c: { name: string }) => c.name);
}

describe('customer search', () => {
  it('given a name prefix then names starting with it come first, in order', async () => {
    expect(await names('grac')).toEqual(['Gracie Allen', 'Grace Hopper'].sort());
    expect(await names('Grace Hopper')).toEqual(['Grace Hopper']);
  });

  it('given a typo then similar names are found', async () => {
    expect(await names('grase')).toContain('Grace Hopper');
    expect(await names('lovelase')).toEqual(['Ada Lovelace']);
  });

  it('given part of a Chinese name (two characters, inside the name) then every customer holding it is found', async () => {
    expect((await names('小明')).sort()).toEqual(['李小明', '王小明'].sort());
    expect(await names('王')).toEqual(['王小明']);
    expect(await names('张伟')).toEqual(['张伟']);
  });

  it('given identities then their customers are found: phone digits in any notation, e-mail, chat visitor and messaging id prefixes', async () => {
    expect(await names('138 0013')).toEqual(['王小明']);
    expect(await names('0100200')).toEqual(['Grace Hopper']);
    expect(await names('ada@')).toEqual(['Ada Lovelace']);
    expect(await names('vis-4')).toEqual(['王小明']);
    expect(await names('wx_')).toEqual(['李小明']);
  });

  it('given nothing matches, or wildcards typed, then nothing comes back', async () => {
    expect(await names('zzzz')).toEqual([]);
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
  });

  it('given a user without customer.view then 403; an empty text is 400', async () => {
    const none = await t.loginAs([]);
    expect((await t.inject({ method: 'GET', url: '/api/customers/search?q=a', headers: none })).statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/api/customers/search?q=', headers: agent })).statusCode).toBe(400);
  });
});
