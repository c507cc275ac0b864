import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/api/server.js';
import { registerAcdRoutes } from '../../../src/api/http/acd/acd-routes.js';
import { permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import { AppError } from '../../../src/core/errors.js';
import { RealtimeStats } from '../../../src/acd/realtime-stats.js';
import { harness, queue, type Harness } from './harness.js';

function principal(userId: string, roles: Role[], agentId?: string): Principal {
  return { userId, username: userId, roles, permissions: permissionsOf(roles), ledTeamIds: [], sessionId: `s-${userId}`, ...(agentId ? { agentId } : {}) };
}

const USERS: Record<string, Principal> = {
  agent1: principal('u1', ['agent'], 'a1'),
  agent2: principal('u2', ['agent'], 'a2'),
  sup: principal('u9', ['supervisor']),
  plain: principal('u5', ['agent']),
  lead: { ...principal('u7', ['team_lead']), ledTeamIds: ['t2'] },
};

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup(): Promise<{ h: Harness; app: FastifyInstance; audit: AuditEntry[]; as: (user: string) => { authorization: string } }> {
  const h = harness();
  h.acd.upsertQueue(queue('sales', ['a1', 'a2'], { wrapUpMs: 30_000 }));
  h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: ['t1'] });
  h.acd.upsertAgentProfile({ id: 'a2', skills: {}, teamIds: ['t1'] });
  const realtime = new RealtimeStats({ queuesOf: (id) => h.acd.memberQueues(id) });
  const audit: AuditEntry[] = [];
  const server = buildServer({
    authenticate: async (token) => {
      const p = USERS[token];
      if (!p) throw new AppError('UNAUTHENTICATED');
      return p;
    },
    routes: [
      (a) =>
        registerAcdRoutes(a, {
          acd: h.acd,
          realtime,
          clock: h.clock,
          audit: { record: async (e) => void audit.push(e) },
          fixedPhone: async (agentId) => (agentId === 'a2' ? 'PJSIP/desk-2' : undefined),
        }),
    ],
  });
  await server.ready();
  app = server;
  // Events reach the view as they happen, as main.ts wires it on the bus.
  const publish = h.events.push.bind(h.events);
  h.events.push = (...events) => {
    for (const e of events) realtime.apply(e);
    return publish(...events);
  };
  return { h, app: server, audit, as: (user) => ({ authorization: `Bearer ${user}` }) };
}

describe('ACD HTTP routes', () => {
  it('given an agent when logging in not ready with a phone then the desk shows it and a supervisor sees it live', async () => {
    const { app, as } = await setup();
    const login = await app.inject({ method: 'POST', url: '/api/agent/login', headers: as('agent1'), payload: { phone: 'PJSIP/2001', state: 'not_ready', reason: 'briefing' } });
    expect(login.statusCode).toBe(200);
    expect(login.json()).toMatchObject({ agentId: 'a1', state: 'not_ready', reason: 'briefing', phone: 'PJSIP/2001' });
    const live = await app.inject({ method: 'GET', url: '/api/realtime', headers: as('sup') });
    expect(live.statusCode).toBe(200);
    expect(live.json().teams[0]).toMatchObject({ teamId: 't1', agentsByState: { not_ready: 1 }, notReadyByReason: { briefing: 1 } });
  });

  it('given a ringing offer when its agent accepts then it connects; another agent cannot touch it', async () => {
    const { h, app, as } = await setup();
    await app.inject({ method: 'POST', url: '/api/agent/login', headers: as('agent1'), payload: {} });
    h.acd.enqueue({ id: 'call-1', media: 'voice', queueId: 'sales', attributes: { callerNumber: '+4930123' } });
    const deskRes = await app.inject({ method: 'GET', url: '/api/agent/desk', headers: as('agent1') });
    const offer = deskRes.json().offers[0];
    expect(offer.contact.attributes).toEqual({ callerNumber: '+4930123' });
    const stolen = await app.inject({ method: 'POST', url: `/api/agent/offers/${offer.id}/accept`, headers: as('agent2') });
    expect(stolen.statusCode).toBe(404);
    expect(stolen.json().code).toBe('OFFER_NOT_FOUND');
    const accepted = await app.inject({ method: 'POST', url: `/api/agent/offers/${offer.id}/accept`, headers: as('agent1') });
    expect(accepted.statusCode).toBe(200);
    expect(h.acd.contact('call-1').state).toBe('connected');
  });

  it('given a contact ended when the agent extends and finishes wrap-up then the desk follows', async () => {
    const { h, app, as } = await setup();
    await app.inject({ method: 'POST', url: '/api/agent/login', headers: as('agent1'), payload: {} });
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    h.acd.acceptOffer(h.delivery.lastFor('a1').id);
    h.acd.contactEnded('c1');
    const ext = await app.inject({ method: 'POST', url: '/api/agent/wrap-up/extend', headers: as('agent1'), payload: { ms: 60_000 } });
    expect(ext.json().work[0]).toMatchObject({ phase: 'wrap_up', wrapUpEndsAt: h.clock.now() + 90_000 });
    const fin = await app.inject({ method: 'POST', url: '/api/agent/wrap-up/finish', headers: as('agent1'), payload: {} });
    expect(fin.json()).toMatchObject({ state: 'available', work: [] });
  });

  it('given waiting contacts when an agent lists and takes one then it is offered to that agent', async () => {
    const { h, app, as } = await setup();
    h.acd.enqueue({ id: 'c1', media: 'chat', queueId: 'sales' });
    h.acd.enqueue({ id: 'c2', media: 'chat', queueId: 'sales' });
    await app.inject({ method: 'POST', url: '/api/agent/login', headers: as('agent1'), payload: { state: 'not_ready', reason: 'backoffice', chatCapacity: 2 } });
    const list = await app.inject({ method: 'GET', url: '/api/agent/waiting', headers: as('agent1') });
    expect(list.json().contacts.map((c: { id: string }) => c.id)).toEqual(['c1', 'c2']);
    const take = await app.inject({ method: 'POST', url: '/api/agent/contacts/c2/take', headers: as('agent1') });
    expect(take.statusCode).toBe(200);
    expect(take.json()).toMatchObject({ kind: 'taken', contactId: 'c2', agentId: 'a1' });
  });

  it('given a supervisor when forcing state and logout then it is done and audited; an agent may not', async () => {
    const { app, as, audit } = await setup();
    await app.inject({ method: 'POST', url: '/api/agent/login', headers: as('agent2'), payload: {} });
    const denied = await app.inject({ method: 'POST', url: '/api/agents/a2/state', headers: as('agent1'), payload: { state: 'not_ready' } });
    expect(denied.statusCode).toBe(403);
    const forced = await app.inject({ method: 'POST', url: '/api/agents/a2/state', headers: as('sup'), payload: { state: 'not_ready', reason: 'coaching' } });
    expect(forced.json()).toMatchObject({ state: 'not_ready', reason: 'coaching' });
    const out = await app.inject({ method: 'POST', url: '/api/agents/a2/logout', headers: as('sup') });
    expect(out.json().state).toBe('logged_out');
    expect(audit.map((a) => a.action)).toEqual(['agent.force_state', 'agent.force_logout']);
  });

  it('given bad input or no agent link when calling then coded errors name the problem', async () => {
    const { app, as } = await setup();
    const bad = await app.inject({ method: 'POST', url: '/api/agent/state', headers: as('agent1'), payload: { state: 'sleeping' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    const notAgent = await app.inject({ method: 'GET', url: '/api/agent/desk', headers: as('plain') });
    expect(notAgent.statusCode).toBe(403);
    const offline = await app.inject({ method: 'POST', url: '/api/agent/state', headers: as('agent1'), payload: { state: 'available' } });
    expect(offline.statusCode).toBe(409);
    expect(offline.json().code).toBe('INVALID_TRANSITION');
    const anon = await app.inject({ method: 'GET', url: '/api/realtime' });
    expect(anon.statusCode).toBe(401);
  });

  it('given an agent with a fixed phone when logging in with another then the fixed one rings', async () => {
    const { app, as } = await setup();
    const res = await app.inject({ method: 'POST', url: '/api/agent/login', headers: as('agent2'), payload: { phone: 'PJSIP/elsewhere' } });
    expect(res.json().phone).toBe('PJSIP/desk-2');
  });

  it('given a team lead when viewing the real-time figures then only the led teams are listed', async () => {
    const { h, app, as } = await setup();
    h.acd.upsertQueue(queue('other', ['a3']));
    h.acd.upsertAgentProfile({ id: 'a3', skills: {}, teamIds: ['t2'] });
    h.acd.login('a1');
    h.acd.login('a3');
    const lead = await app.inject({ method: 'GET', url: '/api/realtime', headers: as('lead') });
    expect(lead.json().teams.map((t: { teamId: string }) => t.teamId)).toEqual(['t2']);
    const sup = await app.inject({ method: 'GET', url: '/api/realtime', headers: as('sup') });
    expect(sup.json().teams.map((t: { teamId: string }) => t.teamId)).toEqual(['t1', 't2']);
  });

  it('given a supervisor when assigning a waiting contact and viewing the queue then both work', async () => {
    const { h, app, as } = await setup();
    h.acd.login('a2', { state: 'not_ready' });
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'sales' });
    const q = await app.inject({ method: 'GET', url: '/api/realtime/queues/sales', headers: as('sup') });
    expect(q.json()).toMatchObject({ queueId: 'sales', contacts: [{ id: 'c1', position: 1 }], staffed: { voice: 1 } });
    const assign = await app.inject({ method: 'POST', url: '/api/contacts/c1/assign', headers: as('sup'), payload: { agentId: 'a2' } });
    expect(assign.json()).toMatchObject({ kind: 'assigned', agentId: 'a2' });
  });
});
