/**
 * GET /api/customers/{id}/timeline: calls (by every notation of the customer's numbers, with IVR
 * path and survey answers), chats (by chat visitor ids) and tickets, newest first, keyset-paged
 * without repeats or gaps (ties on the time included); recordings only for users who may listen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../../src/calls/call-model.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../../helpers/test-app.js';

let t: TestApp;
let agent: AuthHeaders;
let supervisor: AuthHeaders;
let customerId: string;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const MIN = 60_000;

function call(id: string, at: number, over: Partial<CallRecord> = {}): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+8613800138000', to: '+15550100', callerName: '', ivrPath: [], variables: {}, startedAt: at, endedAt: at + MIN, outcome: 'agent_answered', recordingIds: [], ...over };
}

beforeAll(async () => {
  t = await createTestApp();
  agent = await t.loginAs('agent');
  supervisor = await t.loginAs('supervisor');
  const res = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name: '王芳', phones: ['+86 138 0013 8000'], chatVisitors: ['vis-1'] } });
  customerId = res.json().id;
  const store = t.deps.contactCenter.callStore;
  // One stored without the +, one with: both are the customer's. A stranger's call is not.
  await store.saveCall(call('call-a', T0, { from: '8613800138000', ivrPath: ['welcome', 'menu', 'support'], recordingIds: ['rec-1'] }));
  await store.saveCall(call('call-b', T0 + 2 * MIN));
  await store.saveCall(call('call-c', T0 + 4 * MIN, { direction: 'outbound', from: 'agent', to: '+8613800138000', outcome: 'outbound_no_answer' }));
  await store.saveCall(call('call-x', T0 + 5 * MIN, { from: '+4930999999' }));
  await t.db.insertInto('ivr_call_data').values({ call_id: 'call-b', name: 'rating', value: '5', flow: 'survey', at: new Date(T0 + 3 * MIN) }).execute();
  await t.db.insertInto('chat_visitors').values({ id: 'vis-1', token_hash: 'h1', created_at: new Date(T0) }).execute();
  await t.db.insertInto('chat_visitors').values({ id: 'vis-2', token_hash: 'h2', created_at: new Date(T0) }).execute();
  for (const [id, visitor, at] of [
    ['chat-a', 'vis-1', T0 + 2 * MIN],
    ['chat-b', 'vis-1', T0 + 6 * MIN],
    ['chat-x', 'vis-2', T0 + 7 * MIN],
  ] as const) {
    await t.db.insertInto('chats').values({ id, visitor_id: visitor, queue_id: 'q', state: 'ended', visitor_name: '', page: '', last_seq: 0, created_at: new Date(at), ended_at: new Date(at + MIN), end_reason: 'visitor_left', outcome: 'solved' }).execute();
  }
  await t.db.insertInto('chat_surveys').values({ chat_id: 'chat-b', score: 4, comment: '回复很快', at: new Date(T0 + 7 * MIN) }).execute();
  // The test clock stands days after these: the ticket is the newest entry.
  const ticket = await t.inject({ method: 'POST', url: '/api/tickets', headers: agent, payload: { subject: 'Invoice wrong', customerId } });
  expect(ticket.statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
});

interface Entry {
  kind: string;
  id: string;
  at: number;
  ivrPath?: string[];
  survey?: Record<string, string>;
  recordingIds?: string[];
  subject?: string;
}

async function everyPage(headers: AuthHeaders, limit: number): Promise<Entry[][]> {
  const pages: Entry[][] = [];
  let before: string | undefined;
  for (;;) {
    const res = await t.inject({ method: 'GET', url: `/api/customers/${customerId}/timeline?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ''}`, headers });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ items: Entry[]; next?: string }>();
    pages.push(body.items);
    if (!body.next) return pages;
    before = body.next;
    expect(pages.length).toBeLessThan(10);
  }
}

describe('customer timeline', () => {
  it('given calls, chats and a ticket when paged two at a time then every entry comes once, newest first, ties on the time ordered by id', async () => {
    const pages = await everyPage(agent, 2);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 0].slice(0, pages.length));
    expect(pages.flat().map((e) => `${e.kind}:${e.id}`)).toEqual(['ticket:' + pages[0]?.[0]?.id, 'chat:chat-b', 'call:call-c', 'chat:chat-a', 'call:call-b', 'call:call-a']);
    expect(pages[0]?.[0]?.subject).toBe('Invoice wrong');
  });

  it('given one page of everything then the IVR path and the survey rating come with their calls, a chat survey with its chat; an agent gets no recordings, a supervisor does', async () => {
    const mine = (await t.inject({ method: 'GET', url: `/api/customers/${customerId}/timeline`, headers: agent })).json<{ items: Entry[]; next?: string }>();
    expect(mine.next).toBeUndefined();
    const a = mine.items.find((e) => e.id === 'call-a');
    expect(a).toMatchObject({ ivrPath: ['welcome', 'menu', 'support'], recordingIds: [] });
    expect(mine.items.find((e) => e.id === 'call-b')?.survey).toEqual({ rating: '5' });
    expect(mine.items.find((e) => e.id === 'chat-b')?.survey).toEqual({ rating: '4', comment: '回复很快' });
    expect(mine.items.find((e) => e.id === 'chat-a')?.survey).toBeUndefined();
    const theirs = (await t.inject({ method: 'GET', url: `/api/customers/${customerId}/timeline`, headers: supervisor })).json<{ items: Entry[] }>();
    expect(theirs.items.find((e) => e.id === 'call-a')?.recordingIds).toEqual(['rec-1']);
  });

  it('given a user without customer.view then 403; a bad cursor is 400 naming it and an unknown customer 404', async () => {
    const viewer = await t.loginAs([]);
    expect((await t.inject({ method: 'GET', url: `/api/customers/${customerId}/timeline`, headers: viewer })).statusCode).toBe(403);
    const bad = await t.inject({ method: 'GET', url: `/api/customers/${customerId}/timeline?before=nonsense`, headers: agent });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/querystring/before' }] } });
    expect((await t.inject({ method: 'GET', url: '/api/customers/ghost/timeline', headers: agent })).statusCode).toBe(404);
  });

  it('given a customer known by a messaging identity when their timeline is read then their chats through that platform are in it, another platform user\'s are not', async () => {
    const res = await t.inject({ method: 'POST', url: '/api/customers', headers: agent, payload: { name: 'Li Lei', messaging: [{ platform: 'wechat', id: 'wx-li' }] } });
    expect(res.statusCode).toBe(201);
    const li = res.json().id as string;
    for (const [visitor, user] of [
      ['vis-wx-1', 'wx-li'],
      ['vis-wx-2', 'wx-someone-else'],
    ] as const) {
      await t.db.insertInto('chat_visitors').values({ id: visitor, token_hash: `h-${visitor}`, created_at: new Date(T0) }).execute();
      await t.db.insertInto('messaging_visitors').values({ connector_id: 'conn-1', platform_user_id: user, platform: 'wechat', visitor_id: visitor, created_at: new Date(T0) }).execute();
      await t.db.insertInto('chats').values({ id: `chat-${visitor}`, visitor_id: visitor, queue_id: 'q', state: 'ended', visitor_name: '', page: '', last_seq: 0, created_at: new Date(T0 + 8 * MIN), ended_at: new Date(T0 + 9 * MIN), end_reason: 'visitor_left', outcome: 'solved' }).execute();
    }
    const items = (await t.inject({ method: 'GET', url: `/api/customers/${li}/timeline`, headers: supervisor })).json<{ items: Entry[] }>().items;
    expect(items.map((e) => `${e.kind}:${e.id}`)).toEqual(['chat:chat-vis-wx-1']);
  });

  it("given a chat whose visitor id a customer holds then the chat's screen-pop finds the customer for a user who may read the chat, and null for a stranger's visitor", async () => {
    const found = await t.inject({ method: 'GET', url: '/api/chats/chat-a/customer', headers: supervisor });
    expect(found.statusCode).toBe(200);
    expect(found.json().customer).toMatchObject({ id: customerId, name: '王芳' });
    expect((await t.inject({ method: 'GET', url: '/api/chats/chat-x/customer', headers: supervisor })).json()).toEqual({ customer: null });
    // The agent was not on this chat: its visitor is not theirs to look up.
    const other = await t.inject({ method: 'GET', url: '/api/chats/chat-a/customer', headers: agent });
    expect(other.json()).toMatchObject({ code: 'CHAT_NOT_YOURS' });
  });
});
