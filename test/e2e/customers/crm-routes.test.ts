/**
 * The CRM lookup through the daemon's own routes (a real pino logger kept in memory, a CRM
 * endpoint on a port-0 server): admins set it up and test it, the secret is never in an answer,
 * the audit or the log, agents may not touch it, /metrics counts the lookups, and a VIP visitor's
 * chat enters the VIP chat queue and the chat workspace shows the CRM's answer; a VIP's chat the
 * bot hands over enters the queue with the CRM's priority and level as well.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../../src/api/logger.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';
import { startCrmServer, type CrmServer } from '../../unit/customers/crm-server.js';
import { waitFor } from '../toolbar/toolbar-daemon.js';

const SECRET = 'X-Key-7f3a9c1e-do-not-leak';

describe('the CRM lookup routes', () => {
  let t: TestApp;
  let crm: CrmServer;
  let admin: AuthHeaders;
  let agent: AuthHeaders;
  const logged: string[] = [];
  let webQueue: string;
  let vipQueue: string;

  beforeAll(async () => {
    crm = await startCrmServer();
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logged.push(chunk.toString('utf8')), done()) });
    t = await createTestApp({ pino: createPinoLogger('debug', sink) });
    admin = await t.loginAs('admin');
    agent = await t.loginAs('agent');
    const queue = async (name: string) => {
      const res = await t.inject({ method: 'POST', url: '/api/queues', headers: admin, payload: { name, media: 'chat', strategy: 'longest_idle', members: [], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 20 } });
      if (res.statusCode !== 201) throw new Error(res.body);
      return res.json<{ id: string }>().id;
    };
    webQueue = await queue('web');
    vipQueue = await queue('web vip');
    await t.deps.contactCenter.start();
  }, 60_000);

  afterAll(async () => {
    await t?.deps.contactCenter.stop();
    await t?.close();
    await crm?.close();
  });

  const settings = () => ({ enabled: true, url: crm.url, method: 'POST', headers: { 'X-Tenant': 'acme' }, secretHeader: 'X-Api-Key', secret: SECRET, timeoutMs: 5000, cacheTtlSeconds: 60, routing: [{ level: 'vip', chatQueueId: vipQueue, priority: 40 }] });

  it('given an admin when the settings are saved with a secret then no answer, audit entry or log line holds the secret, and the view says one is set', async () => {
    const put = await t.inject({ method: 'PUT', url: '/api/crm/settings', headers: admin, payload: settings() });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ enabled: true, url: crm.url, secretHeader: 'X-Api-Key', secretSet: true });
    expect(put.body).not.toContain(SECRET);
    const get = await t.inject({ method: 'GET', url: '/api/crm/settings', headers: admin });
    expect(get.json<{ secretSet: boolean }>().secretSet).toBe(true);
    expect(get.body).not.toContain(SECRET);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'crm.settings_update').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(JSON.stringify(audit[0]?.details)).toContain('"secret":"set"');
    expect(logged.join('')).not.toContain(SECRET);
  });

  it('given bad settings when saved then a coded error names each place and the stored settings stay', async () => {
    const res = await t.inject({ method: 'PUT', url: '/api/crm/settings', headers: admin, payload: { ...settings(), url: 'file:///etc/passwd', routing: [{ level: 'vip', chatQueueId: 'no-such-queue' }] } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ code: string; details: { problems: { where: string }[] } }>()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/url' }, { where: '/routing/0/chatQueueId' }] } });
    expect((await t.inject({ method: 'GET', url: '/api/crm/settings', headers: admin })).json<{ url: string }>().url).toBe(crm.url);
  });

  it('given an agent when they read, change or test the settings then each is refused', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/crm/settings', headers: agent })).statusCode).toBe(403);
    expect((await t.inject({ method: 'PUT', url: '/api/crm/settings', headers: agent, payload: settings() })).statusCode).toBe(403);
    expect((await t.inject({ method: 'POST', url: '/api/crm/test', headers: agent, payload: { phone: '+4930123' } })).statusCode).toBe(403);
  });

  it('given the test button when the endpoint answers then the answer is shown, the secret went only to the endpoint, and /metrics counts it', async () => {
    crm.behave({ kind: 'json', body: { name: 'Ada Lovelace', level: 'vip', link: 'javascript:alert(1)' } });
    const res = await t.inject({ method: 'POST', url: '/api/crm/test', headers: admin, payload: { phone: '+49 30 123456' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'answer', cached: false, answer: { name: 'Ada Lovelace', level: 'vip', tags: [], fields: {} } });
    expect(res.json<{ answer: { link?: string } }>().answer.link).toBeUndefined();
    expect(crm.seen.at(-1)?.headers['x-api-key']).toBe(SECRET);
    expect(JSON.parse(crm.seen.at(-1)?.body ?? '{}')).toEqual({ phone: '+4930123456' });
    crm.behave({ kind: 'status', status: 500 });
    const failed = await t.inject({ method: 'POST', url: '/api/crm/test', headers: admin, payload: { phone: '+4930123456' } });
    expect(failed.json()).toMatchObject({ outcome: 'http_error', httpStatus: 500, error: 'the endpoint answered HTTP 500' });
    const metrics = await t.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(metrics.body).toContain('switchboard_crm_lookups_total{outcome="answer",source="endpoint"} 1');
    expect(metrics.body).toContain('switchboard_crm_lookups_total{outcome="http_error",source="endpoint"} 1');
    expect(logged.join('')).toContain('CRM lookup failed');
    expect(logged.join('')).not.toContain(SECRET);
  });

  it('given a VIP visitor when they start a chat in the web queue then it waits in the VIP chat queue, and the workspace route shows the CRM answer', async () => {
    crm.behave((r) => ({ kind: 'json', body: { name: 'Li Lei', company: '华星科技', level: 'vip', tags: ['大客户'], fields: { 合同: '2026-12' } , extra: r.method } }));
    const chatService = t.deps.contactCenter.chat;
    const { visitorId } = await chatService.hello(undefined, undefined);
    const chat = await chatService.startChat(visitorId, { queue: webQueue, name: 'Li' });
    expect(chat.queueId).toBe(vipQueue);
    expect(t.deps.contactCenter.acd.contact(chat.id)).toMatchObject({ queueId: vipQueue, priority: 40, customerLevel: 'vip' });
    expect(JSON.parse(crm.seen.at(-1)?.body ?? '{}')).toEqual({ visitorId, identities: [] });
    const supervisor = await t.loginAs('supervisor');
    const res = await t.inject({ method: 'GET', url: `/api/chats/${chat.id}/crm`, headers: supervisor });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ crm: { name: 'Li Lei', company: '华星科技', level: 'vip', tags: ['大客户'], fields: { 合同: '2026-12' } } });
  });

  it('given the bot answers first and a VIP visitor when they ask for a person then the chat enters the VIP chat queue with the CRM priority and level', async () => {
    crm.behave({ kind: 'json', body: { name: 'Han Mei', level: 'vip' } });
    // The VIP rule is off, so the VIP talks to the bot first; the hand-over must still carry the CRM's routing.
    const bot = await t.inject({ method: 'PUT', url: '/api/chat-bot/settings/web', headers: admin, payload: { mode: 'always', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: null, vip: false } } });
    expect(bot.statusCode, bot.body).toBe(200);
    try {
      const chatService = t.deps.contactCenter.chat;
      const { visitorId } = await chatService.hello(undefined, undefined);
      const chat = await chatService.startChat(visitorId, { queue: webQueue, name: 'Han', channel: 'web' });
      expect(chat).toMatchObject({ state: 'bot', queueId: vipQueue });
      const waiting = () => t.deps.contactCenter.acd.waitingSince(chat.id) !== undefined;
      expect(waiting()).toBe(false);
      await chatService.visitorMessage(visitorId, chat.id, 'c1', '转人工');
      await waitFor('the bot hands the chat over', waiting);
      expect(t.deps.contactCenter.acd.contact(chat.id)).toMatchObject({ queueId: vipQueue, priority: 40, customerLevel: 'vip' });
    } finally {
      await t.inject({ method: 'PUT', url: '/api/chat-bot/settings/web', headers: admin, payload: { mode: 'off', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: null, vip: true } } });
    }
  });

  it('given the CRM is down when a visitor starts a chat then it waits where the visitor asked', async () => {
    crm.behave({ kind: 'status', status: 503 });
    const chatService = t.deps.contactCenter.chat;
    const { visitorId } = await chatService.hello(undefined, undefined);
    const chat = await chatService.startChat(visitorId, { queue: webQueue, name: 'Wang' });
    expect(chat.queueId).toBe(webQueue);
  });
});
