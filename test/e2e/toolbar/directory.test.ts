/** GET /api/agent/directory: the transfer and consult picker, readable by any agent. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DID, makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

describe('the transfer directory', () => {
  let w: ToolbarWorld;
  beforeAll(async () => {
    w = await makeToolbarWorld();
  });
  afterAll(async () => {
    await w.close();
  });

  it('given agents of two teams, a disabled agent, a waiting caller and a disabled queue when Bob asks then he sees every enabled agent with live state and team, and every queue with its waiting count, nothing more', async () => {
    const carol = await w.t.deps.users.create({ username: 'carol', roles: ['agent'], password: w.t.password }, {});
    await w.ok('POST', '/api/agents', w.admin, { userId: carol.user.id, number: '1003', displayName: 'Carol', enabled: false, phone: { mode: 'fixed', extension: 'agent3' } });
    const billing = await w.ok('POST', '/api/queues', w.admin, { name: 'billing', media: 'voice', strategy: 'round_robin', enabled: false });
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'not_ready', reason: 'lunch' });
    await w.pbx.control.placeInboundCall({ from: '+4930999', to: DID });
    await w.until('the caller waits', () => w.cc().acd.liveForRealtime().waiting.length === 1);

    const res = await w.inject('GET', '/api/agent/directory', w.bob.headers);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      agents: [
        { id: w.alice.id, displayName: 'Alice', number: '1001', state: 'not_ready', teamIds: [w.teams.sales] },
        { id: w.bob.id, displayName: 'Bob', number: '1002', state: 'logged_out', teamIds: [w.teams.care] },
      ],
      queues: [
        { id: billing.id, name: 'billing', media: 'voice', waiting: 0, enabled: false },
        { id: w.queueId, name: 'support', media: 'voice', waiting: 1, enabled: true },
      ],
    });
  });

  it('given a supervisor who is no agent then they read it too; a user without a role is refused', async () => {
    expect((await w.inject('GET', '/api/agent/directory', await w.t.loginAs('supervisor'))).statusCode).toBe(200);
    const nobody = await w.inject('GET', '/api/agent/directory', await w.t.loginAs([]));
    expect([nobody.statusCode, nobody.json().code]).toEqual([403, 'FORBIDDEN']);
  });
});
