/**
 * A daemon restart (the process dies, a new one starts over the same database) as main.ts wires
 * it, with the media server outliving the first process the way a real PBX does: its channels
 * stay up while the daemon is down.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../../src/main.js';
import type { MediaServer } from '../../../src/pbx/port.js';
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

describe('a daemon restart as main.ts wires it', () => {
  let t: TestApp;
  let dir: string;
  let admin: AuthHeaders;
  let second: App | undefined;
  let firstRunning = true;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-restart-'));
    await writeFile(path.join(dir, 'line.yaml'), FLOW);
    t = await createTestApp({ config: { ivrFlowsDir: dir, recordingsDir: path.join(dir, 'recordings') } });
    admin = await t.loginAs('admin');
    firstRunning = true;
    second = undefined;
  });

  afterEach(async () => {
    if (firstRunning) await t.deps.contactCenter.stop();
    if (second) {
      await second.deps.contactCenter.stop();
      await second.server.close();
    }
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = async (url: string, body: unknown, headers: AuthHeaders = admin) => {
    const res = await t.inject({ method: 'POST', url, headers, payload: body as Record<string, unknown> });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  const until = async (what: string, cc: App['deps']['contactCenter'], done: () => Promise<boolean> | boolean, seconds = 60) => {
    for (let i = 0; i < seconds; i++) {
      await cc.acd.flush();
      await cc.callHandling.calls.service.settle();
      if (await done()) return;
      await t.clock.advanceAsync(1_000);
    }
    throw new Error(`still waiting after ${seconds} simulated seconds for: ${what}`);
  };

  /** The first process dies: it stops listening and its memory is gone; the PBX keeps every channel. */
  const restart = async (): Promise<App> => {
    const pbx: MediaServer = t.deps.contactCenter.pbx;
    await t.deps.contactCenter.callHandling.calls.service.settle();
    await t.deps.contactCenter.stop();
    firstRunning = false;
    second = buildApp({ config: t.deps.config, db: t.deps.db, clock: t.clock, mediaServer: pbx });
    await second.deps.contactCenter.start();
    return second;
  };

  const setUp = async (queue: Record<string, unknown> = {}) => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }], ...queue });
    await t.deps.contactCenter.start();
    return { agentId: agent.id as string, pbx: t.deps.contactCenter.pbx as SimulatedMediaServer };
  };

  it("given a day of answered and abandoned calls when the daemon restarts then the day's real-time figures are the same as before", async () => {
    const { pbx } = await setUp({ wrapUpSeconds: 600 });
    const cc = t.deps.contactCenter;
    await post('/api/agent/login', { state: 'available' }, (await t.login('agent', 'alice')).headers);
    const first = await pbx.control.placeInboundCall({ from: '+4930111', to: '+15550100' });
    await until('the first caller talks with the agent', cc, () => pbx.control.farSide(first).hears.length > 0);
    await t.clock.advanceAsync(30_000);
    await pbx.control.farEndHangup(first);
    await until('the agent is in wrap-up', cc, () => cc.acd.liveForRealtime().agents.some((a) => a.state === 'wrap_up'));
    const abandoning = await pbx.control.placeInboundCall({ from: '+4930222', to: '+15550100' });
    await until('the second caller waits', cc, () => cc.acd.liveForRealtime().waiting.length === 1);
    await t.clock.advanceAsync(5_000);
    await pbx.control.farEndHangup(abandoning);
    await until('the second caller abandoned', cc, () => cc.acd.liveForRealtime().waiting.length === 0);
    await cc.acd.flush();
    const before = cc.realtime.view(t.clock.now()).queues;
    expect(before[0]).toMatchObject({ offered: 2, answered: 1, abandoned: 1, handled: 1 });

    const next = await restart();
    expect(next.deps.contactCenter.realtime.view(t.clock.now()).queues).toEqual(before);
  });
});
