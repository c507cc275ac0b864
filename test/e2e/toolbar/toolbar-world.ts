/**
 * The agent toolbar's world: the daemon exactly as main.ts wires it (test-app, simulated media
 * server, IVR flow files), with a queue `support` served by Alice (phone agent1, team Sales) and
 * Bob (phone agent2, team Care), driven only through the public API and the simulated far side.
 * Time is the FakeClock's: `until` advances it a second at a time, never sleeping.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import type { AppConfig } from '../../../src/config.js';
import { isAppError } from '../../../src/core/errors.js';
import { buildApp, type App } from '../../../src/main.js';
import type { ContactCenter } from '../../../src/wiring/contact-center.js';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

export const DID = '+15550100';

/** The line: straight into the queue. */
export const QUEUE_FLOW = `description: test line
numbers: ["${DID}"]
timezone: UTC
start: q
nodes:
  q:
    type: queue
    queue: support
`;

/** A response body as `inject(..).json()` gives it: read field by field by the tests. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same type inject(..).json() returns
type Json = any;

export interface WorldAgent {
  id: string;
  username: string;
  userId: string;
  headers: AuthHeaders;
  phone: string;
}

export interface ToolbarWorld {
  t: TestApp;
  admin: AuthHeaders;
  pbx: SimulatedMediaServer;
  alice: WorldAgent;
  bob: WorldAgent;
  queueId: string;
  teams: { sales: string; care: string };
  /** The contact center serving requests now (a restart replaces it). */
  cc(): ContactCenter;
  /** Requests to the app serving now (a restart replaces it). */
  inject(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers?: AuthHeaders, payload?: unknown): Promise<LightMyRequestResponse>;
  /** A request that must succeed; its JSON body. */
  ok(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers?: AuthHeaders, payload?: unknown): Promise<Json>;
  /** Advances simulated time a second at a time (pending writes done first) until `done` holds. */
  until(what: string, done: () => Promise<boolean> | boolean, seconds?: number): Promise<void>;
  /** A caller dials the line and Alice (logged in available) talks with them; their channel and call id. */
  callAlice(from?: string): Promise<{ caller: string; callId: string }>;
  /** The daemon process dies and a new one starts over the same database and media server. */
  restart(): Promise<void>;
  /**
   * Between tests sharing one world (a world costs seconds to build): every caller hangs up,
   * wrap-ups are finished, both agents log out and everyone gets a fresh session (a test may
   * have moved the clock past their lifetime).
   */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export interface WorldOptions {
  flow?: string;
  queue?: Record<string, unknown>;
  config?: Partial<AppConfig>;
}

export async function makeToolbarWorld(options: WorldOptions = {}): Promise<ToolbarWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-toolbar-'));
  await writeFile(path.join(dir, 'line.yaml'), options.flow ?? QUEUE_FLOW);
  const t = await createTestApp({ config: { ivrFlowsDir: dir, recordingsDir: path.join(dir, 'recordings'), ...options.config } });
  let current: { app: Pick<App, 'server'>; cc: ContactCenter } = { app: { server: t.app }, cc: t.deps.contactCenter };
  let second: App | undefined;
  const admin = await t.loginAs('admin');

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: AuthHeaders = world.admin, payload?: unknown) =>
    current.app.server.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  const ok = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: AuthHeaders = world.admin, payload?: unknown): Promise<Json> => {
    const res = await inject(method, url, headers, payload);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.statusCode === 204 ? undefined : res.json();
  };
  const until = async (what: string, done: () => Promise<boolean> | boolean, seconds = 60) => {
    for (let i = 0; i < seconds; i++) {
      await current.cc.acd.flush();
      await current.cc.callHandling.calls.service.settle();
      if (await done()) return;
      // A call's IVR run is background work settle() cannot wait for (its prompts need simulated
      // time), and it stores its trace before the caller reaches the queue: on a loaded
      // PostgreSQL that write outlasted 60 simulated seconds. Let real I/O finish first, bounded
      // (a flow waiting for digits never goes idle), before time moves on.
      await Promise.race([current.cc.background.idle(), new Promise((r) => setTimeout(r, 50))]);
      await t.clock.advanceAsync(1_000);
    }
    // What the engine and the calls looked like, so a failure on a loaded CI machine says why.
    const agents = current.cc.acd.agents().map((a) => ({ id: a.id, state: a.state, presence: a.presence, reason: a.reason, missed: a.missedOffers, work: a.work.map((x) => `${x.contactId}:${x.phase}`) }));
    const calls = current.cc.callHandling.calls.service.activeCalls().map((c) => ({ id: c.id, state: c.state, agentId: c.agentId }));
    throw new Error(`still waiting after ${seconds} simulated seconds for: ${what}; agents ${JSON.stringify(agents)}; calls ${JSON.stringify(calls)}`);
  };

  const sales = await ok('POST', '/api/teams', admin, { name: 'Sales' });
  const care = await ok('POST', '/api/teams', admin, { name: 'Care' });
  const agent = async (username: string, displayName: string, number: string, phone: string, teamId: string): Promise<WorldAgent> => {
    const user = await t.deps.users.create({ username, roles: ['agent'], password: t.password }, {});
    const created = await ok('POST', '/api/agents', admin, { userId: user.user.id, number, displayName, teamId, phone: { mode: 'fixed', extension: phone } });
    return { id: created.id, username, userId: user.user.id, headers: (await t.login('agent', username)).headers, phone };
  };
  const alice = await agent('alice', 'Alice', '1001', 'agent1', sales.id);
  const bob = await agent('bob', 'Bob', '1002', 'agent2', care.id);
  const queue = await ok('POST', '/api/queues', admin, {
    name: 'support',
    media: 'voice',
    strategy: 'longest_idle',
    members: [{ agentId: alice.id }, { agentId: bob.id }],
    wrapUpSeconds: 60,
    noAnswerTimeoutSeconds: 20,
    ...options.queue,
  });
  await t.deps.contactCenter.start();
  const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;

  const world: ToolbarWorld = {
    t,
    admin,
    pbx,
    alice,
    bob,
    queueId: queue.id,
    teams: { sales: sales.id, care: care.id },
    cc: () => current.cc,
    inject,
    ok,
    until,
    async callAlice(from = '+4930999') {
      const desk = await ok('GET', '/api/agent/desk', alice.headers);
      if (desk.state === 'logged_out') await ok('POST', '/api/agent/login', alice.headers, { state: 'available' });
      const caller = await pbx.control.placeInboundCall({ from, to: DID });
      await until('the caller talks with Alice', () => pbx.control.farSide(caller).hears.length > 0);
      const call = current.cc.callHandling.calls.control.callOfAgent(alice.id);
      if (!call) throw new Error('Alice is on no call');
      return { caller, callId: call.id };
    },
    async restart() {
      await current.cc.callHandling.calls.service.settle();
      await current.cc.acd.flush();
      await current.cc.stop();
      second = buildApp({ config: t.deps.config, db: t.db, clock: t.clock, mediaServer: pbx });
      await second.deps.contactCenter.start();
      await second.deps.contactCenter.restored();
      await second.deps.contactCenter.callHandling.calls.service.settle();
      current = { app: second, cc: second.deps.contactCenter };
    },
    async reset() {
      for (const id of pbx.control.liveChannelIds()) {
        try {
          await pbx.control.farEndHangup(id);
        } catch (err) {
          // The other leg's hang-up may have ended this one meanwhile.
          if (!isAppError(err, 'CHANNEL_GONE')) throw err;
        }
      }
      await until('no call is live', () => current.cc.callHandling.calls.service.activeCalls().length === 0);
      world.admin = await t.loginAs('admin');
      for (const a of [alice, bob]) {
        pbx.control.setPhoneBehaviour(a.phone, 'answer');
        a.headers = (await t.login('agent', a.username)).headers;
        const desk = await ok('GET', '/api/agent/desk', a.headers);
        if (desk.state === 'wrap_up') await ok('POST', '/api/agent/wrap-up/finish', a.headers, {});
        if (desk.state !== 'logged_out') await ok('POST', '/api/agent/logout', a.headers);
      }
    },
    async close() {
      await current.cc.stop();
      if (second) await second.server.close();
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return world;
}
