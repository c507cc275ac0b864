import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { PrincipalLinks } from '../../../src/accounts/ports.js';
import { registerCallRoutes } from '../../../src/api/http/calls/call-routes.js';
import type { CatalogueEntry } from '../../../src/api/route-catalogue.js';
import { buildServer } from '../../../src/api/server.js';
import type { CallRecord } from '../../../src/calls/call-model.js';
import type { CallInfoLike } from '../../../src/calls/call-view.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';
import { queue } from '../acd/harness.js';

/**
 * Issue 18 item 1: a team lead (leading team tA) acts on and reads only agents of tA. The test
 * walks every registered route; each one that takes an agent, contact, call or record id (in the
 * path or as agentId / contactId / callId in the body) must have a scenario below proving a lead
 * is refused outside their teams; a new such route without one fails the first test.
 */
const TAKES_ID = /^\/api\/(agents|contacts|calls|call-records|chat-records|recordings)\/:/;
const ID_FIELDS = ['agentId', 'contactId', 'callId'];

function takesId(e: CatalogueEntry): boolean {
  const props = Object.keys((e.schema?.body as { properties?: object } | undefined)?.properties ?? {});
  return TAKES_ID.test(e.url) || props.some((p) => ID_FIELDS.includes(p)) || (e.method === 'GET' && /^\/api\/(calls|call-records|chat-records)$/.test(e.url));
}

/**
 * Not team-scoped on purpose: configuration (config.view / config.edit: every agent reads the
 * queue and team set-up) and toolbar routes (agent.self: the caller's own agent only, which a
 * lead without an agent link cannot even reach: NOT_AN_AGENT, checked below).
 */
const notTeamData = (e: CatalogueEntry) => e.permission === 'config.view' || e.permission === 'config.edit' || e.permission === 'agent.self';

describe('team leads act and read only within their teams', () => {
  let t: TestApp;
  let lead: AuthHeaders;
  const leadIds = new Map<string, string[]>();
  const links: PrincipalLinks = { linksFor: async (userId) => ({ ledTeamIds: leadIds.get(userId) ?? [] }) };
  let callsApp: FastifyInstance;
  const scenarios = new Map<string, () => Promise<void>>();
  const refused = (status: number) => status === 403 || status === 404;

  beforeAll(async () => {
    t = await createTestApp({ links });
    const created = await t.deps.users.create({ username: 'lead-a', roles: ['team_lead'], password: t.password }, {});
    leadIds.set(created.user.id, ['tA']);
    lead = (await t.login('team_lead', 'lead-a')).headers;
    const acd = t.deps.contactCenter.acd;
    acd.upsertAgentProfile({ id: 'aIn', skills: {}, teamIds: ['tA'] });
    acd.upsertAgentProfile({ id: 'aOut', skills: {}, teamIds: ['tB'] });
    acd.upsertQueue(queue('q1', ['aIn', 'aOut']));
    acd.login('aIn', { state: 'not_ready', phone: 'PJSIP/in' });
    acd.login('aOut', { state: 'not_ready', phone: 'PJSIP/out', chatCapacity: 2 });

    // A focused server for the live-call routes: a live call needs a media server, the scoping
    // needs only the call's agent.
    const liveCall = (id: string, agentId: string) =>
      ({ id, agentId, direction: 'inbound', state: 'connected', from: '+4930111', to: '100', startedAt: 0, muted: false, recording: false, legs: [] }) as unknown as CallInfoLike;
    const live: CallInfoLike[] = [liveCall('call-out', 'aOut'), liveCall('call-in', 'aIn')];
    const started: string[] = [];
    callsApp = buildServer({
      authenticate: (token) => t.deps.auth.authenticate(token),
      routes: [
        (app) =>
          registerCallRoutes(app, {
            control: {} as never,
            activeCalls: () => live,
            supervision: {
              list: () => [],
              start: (callId, supervisorId, mode) => {
                started.push(callId);
                return { id: `s-${callId}`, callId, supervisorId, mode } as never;
              },
              setMode: async () => ({}) as never,
              stop: async () => undefined,
              forceRelease: (callId) => void started.push(`release ${callId}`),
            },
            records: t.deps.contactCenter.callStore,
            audit: t.deps.audit,
            teamsOfAgent: (id) => (id === 'aIn' ? ['tA'] : id === 'aOut' ? ['tB'] : []),
            agentsInTeams: (teams) => (teams.includes('tA') ? ['aIn'] : []),
          }),
      ],
    });
    await callsApp.ready();

    const record = (id: string, agentId: string): CallRecord => ({ id, direction: 'inbound', state: 'ended', from: '+4930111', to: '100', callerName: 'X', agentId, ivrPath: [], variables: {}, startedAt: t.clock.now(), endedAt: t.clock.now(), outcome: 'agent_answered', recordingIds: [] });
    await t.deps.contactCenter.callStore.saveCall(record('rec-out', 'aOut'));
    await t.deps.contactCenter.callStore.saveCall(record('rec-in', 'aIn'));

    const post = (url: string, payload?: object) => t.inject({ method: 'POST', url, headers: lead, ...(payload ? { payload } : {}) });
    scenarios.set('POST /api/agents/:id/state', async () => {
      expect(refused((await post('/api/agents/aOut/state', { state: 'available' })).statusCode)).toBe(true);
      expect(acd.agentSnapshot('aOut').state).toBe('not_ready');
      expect((await post('/api/agents/aIn/state', { state: 'available' })).statusCode).toBe(200);
      acd.setState('aIn', 'not_ready', { reason: 'coaching' });
    });
    scenarios.set('POST /api/agents/:id/logout', async () => {
      expect(refused((await post('/api/agents/aOut/logout')).statusCode)).toBe(true);
      expect(acd.agentSnapshot('aOut').presence).not.toBe('logged_out');
    });
    scenarios.set('POST /api/contacts/:id/assign', async () => {
      acd.enqueue({ id: 'c-wait', media: 'chat', queueId: 'q1', attributes: {} });
      expect(refused((await post('/api/contacts/c-wait/assign', { agentId: 'aOut' })).statusCode)).toBe(true);
      expect(acd.contact('c-wait').agentId).toBeUndefined();
      // In the lead's team the scope lets it through to the engine (which may still say no capacity).
      expect((await post('/api/contacts/c-wait/assign', { agentId: 'aIn' })).json().code).not.toBe('FORBIDDEN');
    });
    scenarios.set('POST /api/contacts/:id/transfer', async () => {
      acd.enqueue({ id: 'c-out', media: 'chat', queueId: 'q1', attributes: {} });
      const offer = acd.assignContact('c-out', 'aOut', 'supervisor');
      acd.acceptOffer(offer.id);
      expect(refused((await post('/api/contacts/c-out/transfer', { queueId: 'q1' })).statusCode)).toBe(true);
      expect(acd.contact('c-out').agentId).toBe('aOut');
    });
    // Chats (transfer-routes.ts): the owner's own actions need an agent link (a lead without one is
    // NOT_AN_AGENT); a supervisor's need chat.supervise, which a lead holds only when granted, and
    // then only for agents of the teams they lead (test/e2e/chat/chat-multiparty.test.ts).
    for (const route of ['transfer', 'colleagues', 'assign', 'force-transfer']) {
      scenarios.set(`POST /api/chats/:id/${route}`, async () => {
        expect(refused((await post(`/api/chats/no-chat/${route}`, { agentId: 'aOut' })).statusCode)).toBe(true);
      });
    }
    for (const mode of ['listen', 'whisper', 'barge']) {
      scenarios.set(`POST /api/calls/:id/supervise/${mode}`, async () => {
        const res = await callsApp.inject({ method: 'POST', url: `/api/calls/call-out/supervise/${mode}`, headers: lead });
        expect(refused(res.statusCode)).toBe(true);
        expect(started).not.toContain('call-out');
      });
    }
    scenarios.set('POST /api/calls/:id/release', async () => {
      expect(refused((await callsApp.inject({ method: 'POST', url: '/api/calls/call-out/release', headers: lead, payload: { scope: 'agent' } })).statusCode)).toBe(true);
      expect(started).not.toContain('release call-out');
    });
    scenarios.set('DELETE /api/calls/:id/supervise', async () => {
      // Only ever the caller's own session: another supervisor's is not found.
      expect((await callsApp.inject({ method: 'DELETE', url: '/api/calls/call-out/supervise', headers: lead })).statusCode).toBe(404);
    });
    scenarios.set('GET /api/calls', async () => {
      const res = await callsApp.inject({ method: 'GET', url: '/api/calls', headers: lead });
      expect(res.json().calls.map((c: { id: string }) => c.id)).toEqual(['call-in']);
    });
    scenarios.set('GET /api/call-records', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/call-records', headers: lead });
      expect(res.statusCode).toBe(200);
      expect(res.json().calls.map((c: { id: string }) => c.id)).toEqual(['rec-in']);
    });
    scenarios.set('POST /api/kb/articles/:id/usage', async () => {
      // A published article; a lead may mark it used in their team's call, not in another team's.
      const admin = await t.loginAs('admin');
      const post = (url: string, payload: object, headers = admin) => t.inject({ method: 'POST', url, headers, payload });
      const category = (await post('/api/kb/categories', { name: 'Returns' })).json();
      const made = await post('/api/kb/articles', { title: 'Refunds', body: 'How refunds work', categoryId: category.id, language: 'en' });
      expect(made.statusCode, made.body).toBe(201);
      const articleId = made.json().article.id as string;
      expect((await post(`/api/kb/articles/${articleId}/publish`, { version: 1 })).statusCode).toBe(200);
      const out = await post(`/api/kb/articles/${articleId}/usage`, { kind: 'used_in_call', callId: 'rec-out' }, lead);
      expect(out.statusCode).toBe(404);
      expect(out.json()).toMatchObject({ code: 'NOT_FOUND', details: { where: '/callId' } });
      expect((await post(`/api/kb/articles/${articleId}/usage`, { kind: 'used_in_call', callId: 'rec-in' }, lead)).statusCode).toBe(204);
    });
    // Ended chats of aOut (tB) and aIn (tA), stored as the chat service stores them.
    await sql`insert into chat_visitors (id, token_hash, created_at) values ('v-scope', 'h-scope', now())`.execute(t.db);
    for (const [chatId, agentId] of [['chat-out', 'aOut'], ['chat-in', 'aIn']]) {
      await sql`insert into chats (id, visitor_id, queue_id, state, agent_id, created_at, ended_at, end_reason) values (${chatId}, 'v-scope', 'q1', 'ended', ${agentId}, ${new Date(t.clock.now())}, ${new Date(t.clock.now())}, 'visitor_left')`.execute(t.db);
    }
    const chatRange = `from=0&to=${t.clock.now() + 1}`;
    scenarios.set('GET /api/chat-records', async () => {
      const res = await t.inject({ method: 'GET', url: `/api/chat-records?${chatRange}`, headers: lead });
      expect(res.json().chats.map((c: { id: string }) => c.id)).toEqual(['chat-in']);
      expect((await t.inject({ method: 'GET', url: `/api/chat-records?${chatRange}&agentId=aOut`, headers: lead })).json().chats).toEqual([]);
    });
    scenarios.set('GET /api/chat-records/:id/messages', async () => {
      expect((await t.inject({ method: 'GET', url: '/api/chat-records/chat-out/messages', headers: lead })).statusCode).toBe(404);
      expect((await t.inject({ method: 'GET', url: '/api/chat-records/chat-in/messages', headers: lead })).statusCode).toBe(200);
    });
    scenarios.set('GET /api/call-records/:id', async () => {
      expect((await t.inject({ method: 'GET', url: '/api/call-records/rec-out', headers: lead })).statusCode).toBe(404);
      expect((await t.inject({ method: 'GET', url: '/api/call-records/rec-in', headers: lead })).statusCode).toBe(200);
    });
    scenarios.set('GET /api/calls/:id/pop', async () => {
      // Another team's call reads as one that does not exist; the lead's own team's is popped.
      expect((await t.inject({ method: 'GET', url: '/api/calls/rec-out/pop', headers: lead })).statusCode).toBe(404);
      const own = await t.inject({ method: 'GET', url: '/api/calls/rec-in/pop', headers: lead });
      expect(own.statusCode).toBe(200);
      expect(own.json()).toMatchObject({ callId: 'rec-in', from: '+4930111' });
    });
    // A recording is reached through its call: another team's reads as not there.
    const cs = t.deps.contactCenter.callStore;
    await cs.saveRecording({ id: 'recording-out', callId: 'rec-out', name: 'recording-out', startedAt: t.clock.now(), stoppedAt: t.clock.now(), paused: false });
    for (const part of ['audio', 'download', 'peaks']) {
      scenarios.set(`GET /api/recordings/:id/${part}`, async () => {
        expect(refused((await t.inject({ method: 'GET', url: `/api/recordings/recording-out/${part}`, headers: lead })).statusCode)).toBe(true);
      });
    }
    scenarios.set('DELETE /api/recordings/:id', async () => {
      expect(refused((await t.inject({ method: 'DELETE', url: '/api/recordings/recording-out', headers: lead })).statusCode)).toBe(true);
      expect((await cs.recording('recording-out'))?.purgedAt).toBeUndefined();
    });
    scenarios.set('DELETE /api/call-records/:id', async () => {
      expect(refused((await t.inject({ method: 'DELETE', url: '/api/call-records/rec-out', headers: lead })).statusCode)).toBe(true);
      expect(await t.deps.contactCenter.callStore.get('rec-out')).toBeDefined();
    });
  });
  afterAll(async () => {
    await callsApp?.close();
    await t.close();
  });

  it('given every registered route taking an agent, contact, call or record then each has a team-scope scenario', () => {
    const routes = t.app.routeCatalogue.entries.filter((e) => takesId(e) && !notTeamData(e)).map((e) => `${e.method} ${e.url}`);
    expect(routes.length).toBeGreaterThan(5);
    expect(routes.filter((r) => !scenarios.has(r))).toEqual([]);
  });

  it('given a lead leading tA when acting on or reading agents, contacts, calls and records of tB then every route refuses or hides them', async () => {
    for (const [route, run] of scenarios) {
      await run().catch((err: Error) => {
        throw new Error(`${route}: ${err.message}`);
      });
    }
  });

  it('given the toolbar routes that take a call or contact id then a lead without an agent link is refused (NOT_AN_AGENT, or the body first), never reaching another agent', async () => {
    const own = t.app.routeCatalogue.entries.filter((e) => takesId(e) && e.permission === 'agent.self');
    expect(own.length).toBeGreaterThan(0);
    for (const e of own) {
      const res = await t.inject({ method: e.method as 'POST', url: e.url.replace(/:id/g, 'call-out'), headers: lead, payload: {} });
      expect([`${e.method} ${e.url}`, res.json().code]).toEqual([`${e.method} ${e.url}`, expect.stringMatching(/^(NOT_AN_AGENT|VALIDATION_FAILED)$/)]);
      if (res.json().code === 'NOT_AN_AGENT') expect(res.statusCode).toBe(403);
    }
  });
});
