/**
 * The composition root end to end: the contact center exactly as src/main.ts builds it (config
 * REST -> routing engine, IVR flow files -> runner, call handling, simulated media server), driven
 * only through the public API and the simulated far side.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/main.js';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

const FLOW = `description: test line
numbers: ["+15550100"]
timezone: UTC
start: q
nodes:
  q:
    type: queue
    queue: support
`;

describe('the daemon as main.ts wires it', () => {
  let t: TestApp;
  let dir: string;
  let admin: AuthHeaders;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-daemon-'));
    await writeFile(path.join(dir, 'line.yaml'), FLOW);
    t = await createTestApp({ config: { ivrFlowsDir: dir, recordingsDir: path.join(dir, 'recordings') } });
    admin = await t.loginAs('admin');
  });

  let running = true;
  afterEach(async () => {
    if (running) await t.deps.contactCenter.stop();
    running = true;
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = async (url: string, body: unknown, headers: AuthHeaders = admin) => {
    const res = await t.inject({ method: 'POST', url, headers, payload: body as Record<string, unknown> });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  /**
   * Advance simulated time a second at a time until `done` holds (bounded: no wall-clock waits).
   * Before each step the routing engine's and call handling's pending database writes finish, so
   * simulated time never runs ahead of the work (PostgreSQL answers slower than PGlite).
   */
  const until = async (what: string, done: () => Promise<boolean> | boolean, seconds = 60) => {
    for (let i = 0; i < seconds; i++) {
      await t.deps.contactCenter.acd.flush();
      await t.deps.contactCenter.callHandling.calls.service.settle();
      if (await done()) return;
      await t.clock.advanceAsync(1_000);
    }
    throw new Error(`still waiting after ${seconds} simulated seconds for: ${what}`);
  };

  it('given a configured queue, agent and flow when a caller dials the DID then the agent is rung, talks, and the call is recorded with its outcome', async () => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }], wrapUpSeconds: 5, noAnswerTimeoutSeconds: 20 });
    await t.deps.contactCenter.start();
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems).toEqual([]);

    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    const desk = await post('/api/agent/login', { state: 'available' }, aliceHeaders);
    expect(desk.state).toBe('available');

    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller hears someone', () => pbx.control.farSide(caller).hears.length > 0);
    const deskNow = (await t.inject({ method: 'GET', url: '/api/agent/desk', headers: aliceHeaders })).json();
    expect(deskNow.state).toBe('on_contact');
    // The one the caller hears is the leg that rang agent1's phone.
    const agentLeg = pbx.control.farSide(caller).hears[0] as string;
    expect(pbx.control.farSide(agentLeg).hears).toContain(caller);

    const mine = await t.inject({ method: 'GET', url: '/api/calls/mine', headers: aliceHeaders });
    expect(mine.json().call).toMatchObject({ state: 'connected' });

    await pbx.control.farEndHangup(caller);
    await until('the call record is closed', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/call-records', headers: admin });
      return res.json().calls?.some((c: { state?: string }) => c.state === 'ended') ?? false;
    });
    const records = (await t.inject({ method: 'GET', url: '/api/call-records', headers: admin })).json();
    expect(records.calls).toHaveLength(1);
    expect(records.calls[0]).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'caller', agentId: agent.id, ivrPath: ['q'] });
    expect(records.calls[0].recordingIds).toHaveLength(1);
  });

  it('given a flow that names a queue that does not exist when an admin creates the queue then the flow is re-checked and runs', async () => {
    await t.deps.contactCenter.start();
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems.map((p) => p.reason).join()).toMatch(/queue "support" is not configured/);
    const loaded = new Promise<void>((resolve) => {
      const off = t.deps.bus.subscribe((e) => {
        if (e.type === 'ivr.flow_loaded' && e.flow === 'line') {
          off();
          resolve();
        }
      });
    });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle' });
    await t.clock.advanceAsync(1_000); // past the re-check's quiet time
    await loaded;
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems).toEqual([]);
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.version).toBe(1);
  });

  it('given a caller waiting when the daemon restarts on a media server that lost the call then the recovered contact is closed, not offered to agents whose phones would never ring', async () => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }] });
    await t.deps.contactCenter.start();
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller waits in the queue', () => t.deps.contactCenter.acd.liveForRealtime().waiting.length === 1);
    // The first process dies here: its calls are gone, what it stored stays.
    await t.deps.contactCenter.stop();
    running = false;

    // A second daemon process on the same database: the first one's calls died with it.
    const second = buildApp({ config: t.deps.config, db: t.deps.db, clock: t.clock });
    try {
      await second.deps.contactCenter.start();
      await second.deps.contactCenter.restored();
      expect(second.deps.contactCenter.acd.liveForRealtime().waiting).toEqual([]);
      const desk = second.deps.contactCenter.acd.login(agent.id, { state: 'available' });
      expect(second.deps.contactCenter.acd.openOffers(agent.id)).toEqual([]);
      expect(desk.state).toBe('available');
    } finally {
      await second.deps.contactCenter.stop();
      await second.server.close();
    }
  });
});
