/**
 * Search relevance (issue 13): on the seeded English and Chinese articles, the expected article is
 * among the first three results of each of 20 queries, through GET /api/kb/search as an agent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';
import { seedKb } from './kb-seed.js';

const QUERIES: [query: string, expected: string][] = [
  ['退款', 'zh-refund'],
  ['修改收货地址', 'zh-address'],
  ['发票', 'zh-invoice'],
  ['忘记密码', 'zh-password'],
  ['快递到哪了 查物流', 'zh-tracking'],
  ['怎么取消订单', 'zh-cancel'],
  ['七天无理由退货', 'zh-returns'],
  ['换手机号', 'zh-phone'],
  ['积分怎么用', 'zh-points'],
  ['人工客服几点上班', 'zh-hours'],
  ['reset password', 'en-password'],
  ['refund', 'en-refund'],
  ['change delivery address', 'en-address'],
  ['where is my order', 'en-tracking'],
  ['cancel order', 'en-cancel'],
  ['invoice', 'en-invoice'],
  ['two-factor', 'en-2fa'],
  ['gift card', 'en-giftcard'],
  ['warranty broken', 'en-warranty'],
  ['delete account', 'en-delete'],
];

describe('knowledge-base search relevance', () => {
  let t: TestApp;
  let agent: AuthHeaders;
  let articleOf: Map<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    ({ articleOf } = await seedKb(t, await t.loginAs('admin')));
    agent = await t.loginAs('agent');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(QUERIES)('given the seeded articles when an agent searches %j then %s is in the top 3', async (query, expected) => {
    const res = await t.inject({ method: 'GET', url: `/api/kb/search?q=${encodeURIComponent(query)}&limit=10`, headers: agent });
    expect(res.statusCode).toBe(200);
    const ids = (res.json() as { articleId: string }[]).map((h) => h.articleId);
    const keyOf = new Map([...articleOf].map(([k, v]) => [v, k]));
    expect(ids.slice(0, 3).map((id) => keyOf.get(id)), `results: ${ids.map((id) => keyOf.get(id)).join(', ')}`).toContain(expected);
  });
});
