import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../src/api/server.js';
import { registerAcdRoutes } from '../../../src/api/http/acd/acd-routes.js';
import { permissionsOf } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
import { AppError } from '../../../src/core/errors.js';
import { RealtimeStats } from '../../../src/acd/realtime-stats.js';
import { harness, queue, type Harness } from './harness.js';

/** GET /api/agent/waiting answers a page of the agent's queues' lines, not every waiting contact. */

const AGENT: Principal = { userId: 'u1', username: 'u1', roles: ['agent'], permissions: permissionsOf(['agent']), ledTeamIds: [], sessionId: 's-u1', agentId: 'a1' };

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function setup(): Promise<{ h: Harness; app: FastifyInstance }> {
  const h = harness();
  h.acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: ['t1'] });
  h.acd.upsertQueue(queue('sales', ['a1'], { customerLevelPriority: { vip: 50 } }));
  h.acd.upsertQueue(queue('support', ['a1']));
  h.acd.upsertQueue(queue('elsewhere', []));
  const server = buildServer({
    authenticate: async (token) => {
      if (token !== 'agent1') throw new AppError('UNAUTHENTICATED');
      return AGENT;
    },
    routes: [(a) => registerAcdRoutes(a, { acd: h.acd, realtime: new RealtimeStats({ queuesOf: (id) => h.acd.memberQueues(id) }), clock: h.clock })],
  });
  await server.ready();
  app = server;
  return { h, app: server };
}

const headers = { authorization: 'Bearer agent1' };
const ids = (body: { contacts: { id: string }[] }) => body.contacts.map((c) => c.id);

describe('GET /api/agent/waiting', () => {
  it('given contacts in two of my queues and one elsewhere, when I list with a limit, then I get that many in line order, queue after queue, and the total', async () => {
    const { h, app } = await setup();
    h.acd.enqueue({ id: 's1', media: 'voice', queueId: 'sales' });
    h.acd.enqueue({ id: 's2', media: 'voice', queueId: 'sales' });
    h.acd.enqueue({ id: 'vip', media: 'voice', queueId: 'sales', customerLevel: 'vip' });
    h.acd.enqueue({ id: 't1', media: 'chat', queueId: 'support' });
    h.acd.enqueue({ id: 't2', media: 'chat', queueId: 'support' });
    h.acd.enqueue({ id: 'x1', media: 'voice', queueId: 'elsewhere' });
    const page = await app.inject({ method: 'GET', url: '/api/agent/waiting?limit=4', headers });
    expect(page.statusCode).toBe(200);
    expect(ids(page.json())).toEqual(['vip', 's1', 's2', 't1']);
    expect(page.json().total).toBe(5);
    const all = await app.inject({ method: 'GET', url: '/api/agent/waiting', headers });
    expect(ids(all.json())).toEqual(['vip', 's1', 's2', 't1', 't2']);
    expect(all.json().total).toBe(5);
  });

  it('given more waiting than the default page, when I list without a limit, then I get the default page and the full total', async () => {
    const { h, app } = await setup();
    for (let i = 0; i < 130; i++) h.acd.enqueue({ id: `c${i}`, media: 'voice', queueId: 'support' });
    const res = await app.inject({ method: 'GET', url: '/api/agent/waiting', headers });
    expect(res.json().contacts).toHaveLength(100);
    expect(res.json().contacts[0].id).toBe('c0');
    expect(res.json().total).toBe(130);
  });

  it('given a limit out of range, when I list, then it is refused with a validation error', async () => {
    const { app } = await setup();
    const res = await app.inject({ method: 'GET', url: '/api/agent/waiting?limit=0', headers });
    expect(res.statusCode).toBe(400);
    const big = await app.inject({ method: 'GET', url: '/api/agent/waiting?limit=501', headers });
    expect(big.statusCode).toBe(400);
  });
});
