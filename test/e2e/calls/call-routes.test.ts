import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import { registerCallRoutes } from '../../../src/api/http/calls/call-routes.js';
import { buildServer } from '../../../src/api/server.js';
import { AppError } from '../../../src/core/errors.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/log.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { KyselyCallStore } from '../../../src/store/calls/call-repository.js';
import { SupervisionService } from '../../../src/supervision/supervision-service.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let w: CallWorld;
let db: TestDb;
let app: FastifyInstance;
let sup: SupervisionService;
const audit: AuditEntry[] = [];

const USERS: Record<string, { roles: Role[]; agentId?: string; ledTeamIds?: string[] }> = {
  'tok-a1': { roles: ['agent'], agentId: 'a1' },
  'tok-a2': { roles: ['agent'], agentId: 'a2' },
  'tok-lead': { roles: ['team_lead'], ledTeamIds: ['t-sales'] },
  'tok-lead2': { roles: ['team_lead'], ledTeamIds: ['t-other'] },
  'tok-sup': { roles: ['supervisor'] },
  'tok-admin': { roles: ['admin'] },
};
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  db = await createTestDb();
  const records = new KyselyCallStore(db.db);
  w = await makeCallWorld({ alsoStore: records });
  sup = new SupervisionService({
    pbx: w.h.server,
    calls: w.calls.supervised,
    phones: { phoneOf: (id) => (id === 'u-tok-sup' || id === 'u-tok-lead' ? { kind: 'phone', name: w.phoneOf.sup1 as string } : undefined) },
    bus: new InProcessEventBus(),
    clock: w.h.clock ?? { now: Date.now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} },
    log: silentLogger,
    newId: sequentialIds('s'),
    ringTimeoutMs: 20_000,
  });
  app = buildServer({
    authenticate: (token): Promise<Principal> => {
      const u = USERS[token];
      if (!u) return Promise.reject(new AppError('UNAUTHENTICATED'));
      return Promise.resolve({ userId: `u-${token}`, username: token, roles: u.roles, permissions: permissionsOf(u.roles), ledTeamIds: u.ledTeamIds ?? [], sessionId: token, ...(u.agentId ? { agentId: u.agentId } : {}) });
    },
    routes: [
      (a) =>
        registerCallRoutes(a, {
          control: w.calls.control,
          activeCalls: () => w.calls.service.activeCalls(),
          supervision: sup,
          records,
          audit: { record: (e) => (audit.push(e), Promise.resolve()) },
          teamsOfAgent: (agentId) => (agentId === 'a1' || agentId === 'a2' ? ['t-sales'] : []),
        }),
    ],
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  sup.close();
  await w.close();
  await db.close();
});

describe('call routes', () => {
  let callId = '';
  let caller = '';

  it('given an agent on a call when they GET their call then the screen-pop data is there', async () => {
    caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    const res = await app.inject({ method: 'GET', url: '/api/calls/mine', headers: auth('tok-a1') });
    expect(res.statusCode).toBe(200);
    const call = res.json().call;
    callId = call.id;
    expect(call).toMatchObject({ state: 'connected', from: CALLER, agentId: 'a1', variables: { did: DID_SALES }, ivrPath: ['did-route'] });
    const none = await app.inject({ method: 'GET', url: '/api/calls/mine', headers: auth('tok-a2') });
    expect(none.json()).toEqual({ call: null });
  });

  it('given the agent when they hold and unhold over HTTP then the call state follows and a second hold is a 409', async () => {
    const held = await app.inject({ method: 'POST', url: `/api/calls/${callId}/hold`, headers: auth('tok-a1') });
    expect(held.json().call.state).toBe('held');
    const again = await app.inject({ method: 'POST', url: `/api/calls/${callId}/hold`, headers: auth('tok-a1') });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('INVALID_TRANSITION');
    const resumed = await app.inject({ method: 'POST', url: `/api/calls/${callId}/unhold`, headers: auth('tok-a1') });
    expect(resumed.json().call.state).toBe('connected');
    const paused = await app.inject({ method: 'POST', url: `/api/calls/${callId}/recording`, headers: auth('tok-a1'), payload: { paused: true } });
    expect(paused.json().call).toMatchObject({ recording: true, recordingPaused: true });
    const unpaused = await app.inject({ method: 'POST', url: `/api/calls/${callId}/recording`, headers: auth('tok-a1'), payload: { paused: false } });
    expect(unpaused.json().call.recordingPaused).toBe(false);
  });

  it("given another agent when they try to control the call then it is refused 403 and a bad transfer body is a 400 naming the field", async () => {
    const other = await app.inject({ method: 'POST', url: `/api/calls/${callId}/hold`, headers: auth('tok-a2') });
    expect(other.statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: `/api/calls/${callId}/transfer`, headers: auth('tok-a1'), payload: { target: { kind: 'number', number: 'abc' } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
  });

  it("given a team lead when they listen to their team's call then the session starts; another team's lead and barge without supervise.barge are refused", async () => {
    const otherTeam = await app.inject({ method: 'POST', url: `/api/calls/${callId}/supervise/listen`, headers: auth('tok-lead2') });
    expect(otherTeam.statusCode).toBe(403);
    const seenByOther = await app.inject({ method: 'GET', url: '/api/calls', headers: auth('tok-lead2') });
    expect(seenByOther.json()).toEqual({ calls: [] });
    const seen = await app.inject({ method: 'GET', url: '/api/calls', headers: auth('tok-lead') });
    expect(seen.json().calls.map((c: { id: string }) => c.id)).toEqual([callId]);
    const barge = await app.inject({ method: 'POST', url: `/api/calls/${callId}/supervise/barge`, headers: auth('tok-lead') });
    expect(barge.statusCode).toBe(403);
    const listen = await app.inject({ method: 'POST', url: `/api/calls/${callId}/supervise/listen`, headers: auth('tok-lead') });
    expect(listen.statusCode).toBe(200);
    expect(listen.json().session).toMatchObject({ callId, mode: 'listen' });
    await w.settle(1_000);
    const whisper = await app.inject({ method: 'POST', url: `/api/calls/${callId}/supervise/whisper`, headers: auth('tok-lead') });
    expect(whisper.json().session).toMatchObject({ mode: 'whisper', state: 'active' });
    const stop = await app.inject({ method: 'DELETE', url: `/api/calls/${callId}/supervise`, headers: auth('tok-lead') });
    expect(stop.statusCode).toBe(204);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['call.supervise_listen', 'call.supervise_whisper']));
  });

  it('given a supervisor when they force-release the call then it ends and the record with its timeline is readable', async () => {
    const agentRelease = await app.inject({ method: 'POST', url: `/api/calls/${callId}/release`, headers: auth('tok-lead'), payload: { scope: 'call' } });
    expect(agentRelease.statusCode).toBe(403);
    const released = await app.inject({ method: 'POST', url: `/api/calls/${callId}/release`, headers: auth('tok-sup'), payload: { scope: 'call' } });
    expect(released.statusCode).toBe(204);
    await w.settle();
    const detail = await app.inject({ method: 'GET', url: `/api/call-records/${callId}`, headers: auth('tok-lead') });
    expect(detail.statusCode).toBe(200);
    const body = detail.json();
    expect(body.call).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'system' });
    expect(body.timeline.map((t: { event: string }) => t.event)).toEqual(expect.arrayContaining(['queue_entered', 'offer', 'agent_answered', 'hold', 'unhold', 'recording_paused', 'recording_resumed', 'released']));
    expect(body.legs.map((l: { role: string }) => l.role).sort()).toEqual(['agent', 'customer', 'supervisor']);
    const list = await app.inject({ method: 'GET', url: '/api/call-records?outcome=agent_answered', headers: auth('tok-lead') });
    expect(list.json().calls.map((c: { id: string }) => c.id)).toContain(callId);
    expect(caller).not.toBe('');
  });

  it('given call records when agents list and open them then each gets only their own; a team lead deleting is refused, a supervisor deletes', async () => {
    const listed = async (token: string) => (await app.inject({ method: 'GET', url: '/api/call-records', headers: auth(token) })).json().calls.map((c: { id: string }) => c.id);
    expect(await listed('tok-a1')).toContain(callId);
    expect(await listed('tok-a2')).not.toContain(callId);
    expect((await app.inject({ method: 'GET', url: `/api/call-records/${callId}`, headers: auth('tok-a1') })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/call-records/${callId}`, headers: auth('tok-a2') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/call-records/${callId}`, headers: auth('tok-lead') })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/call-records/${callId}`, headers: auth('tok-sup') })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/call-records/${callId}`, headers: auth('tok-sup') })).statusCode).toBe(404);
    expect(audit.at(-1)).toMatchObject({ action: 'call_record.delete', target: `call:${callId}` });
  });

  it('given an agent when they click to dial over HTTP then the call starts with their phone', async () => {
    w.routing.agentState.set('a2', 'available');
    const res = await app.inject({ method: 'POST', url: '/api/calls/dial', headers: auth('tok-a2'), payload: { number: '+15557770000' } });
    expect(res.statusCode).toBe(201);
    expect(res.json().call).toMatchObject({ direction: 'outbound', to: '+15557770000', agentId: 'a2' });
    const unauth = await app.inject({ method: 'POST', url: '/api/calls/dial', payload: { number: '+15557770000' } });
    expect(unauth.statusCode).toBe(401);
  });
});
