/**
 * A daemon restart (the process dies, a new one starts over the same database) as main.ts wires
 * it, with the media server outliving the first process the way a real PBX does: its channels
 * stay up while the daemon is down.
 */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
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
  const restart = async (whileDown?: () => Promise<void>): Promise<App> => {
    const pbx: MediaServer = t.deps.contactCenter.pbx;
    await t.deps.contactCenter.callHandling.calls.service.settle();
    await t.deps.contactCenter.stop();
    firstRunning = false;
    await whileDown?.();
    second = buildApp({ config: t.deps.config, db: t.db, clock: t.clock, mediaServer: pbx });
    await second.deps.contactCenter.start();
    await second.deps.contactCenter.restored();
    await second.deps.contactCenter.callHandling.calls.service.settle();
    // Recording rows are stored beside the call's writes, not in their chain.
    await second.deps.contactCenter.callHandling.recorder.flush();
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

  const records = async () => (await t.inject({ method: 'GET', url: '/api/call-records', headers: admin })).json().calls as { id: string; state: string; outcome?: string; agentId?: string; recordingIds: string[] }[];

  it('given a caller in conversation with an agent when the daemon restarts then the call goes on: same record, same agent, bridged, recording continued as part 2', async () => {
    const { agentId, pbx } = await setUp();
    const cc = t.deps.contactCenter;
    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    await post('/api/agent/login', { state: 'available' }, aliceHeaders);
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller talks with the agent', cc, () => pbx.control.farSide(caller).hears.length > 0);
    const agentLeg = pbx.control.farSide(caller).hears[0] as string;
    const [before] = cc.callHandling.calls.service.activeCalls();

    const next = await restart();
    const live = next.deps.contactCenter.callHandling.calls.service.activeCalls();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ id: before?.id, state: 'connected', agentId });
    expect(pbx.control.farSide(caller).hears).toEqual([agentLeg]);
    expect(next.deps.contactCenter.acd.agentSnapshot(agentId).state).toBe('on_contact');
    const [record] = await records();
    expect(record?.recordingIds).toHaveLength(2);
    const detail = await next.deps.contactCenter.callStore.get(before?.id ?? '');
    expect(detail?.recordings.map((r) => r.name)).toEqual([`call-${before?.id}-1`, `call-${before?.id}-2`]);

    await pbx.control.farEndHangup(caller);
    await until('the call ends', next.deps.contactCenter, async () => (await records())[0]?.state === 'ended');
    const all = await records();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: before?.id, outcome: 'agent_answered', agentId });
  });

  it("given the first run died before its recording's row was stored when the daemon restarts then the call record's part is stopped and the recording continues as part 2", async () => {
    const { pbx } = await setUp();
    const cc = t.deps.contactCenter;
    await post('/api/agent/login', { state: 'available' }, (await t.login('agent', 'alice')).headers);
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller talks with the agent', cc, () => pbx.control.farSide(caller).hears.length > 0);
    const [before] = cc.callHandling.calls.service.activeCalls();
    const callId = before?.id ?? '';

    await restart(async () => {
      // What a crash between the call record's write and the recording row's leaves behind.
      await t.db.deleteFrom('call_recordings').where('call_id', '=', callId).execute();
    });
    const [record] = await records();
    expect(record?.recordingIds).toEqual([`call-${callId}-1`, `call-${callId}-2`]);
    const detail = await second?.deps.contactCenter.callStore.get(callId);
    expect(detail?.recordings.map((r) => r.name)).toEqual([`call-${callId}-2`]);
    await expect(stat(pbx.control.recordingFile(`call-${callId}-1`))).resolves.toMatchObject({ isFile: expect.any(Function) });
  });

  it('given callers waiting in the queue when the daemon restarts then they keep their place and waiting time and are served in order', async () => {
    const { agentId, pbx } = await setUp();
    const cc = t.deps.contactCenter;
    const first = await pbx.control.placeInboundCall({ from: '+4930111', to: '+15550100' });
    await until('the first caller waits', cc, () => cc.acd.liveForRealtime().waiting.length === 1);
    await t.clock.advanceAsync(20_000);
    await pbx.control.placeInboundCall({ from: '+4930222', to: '+15550100' });
    await until('both wait', cc, () => cc.acd.liveForRealtime().waiting.length === 2);
    const waitingBefore = cc.acd.liveForRealtime().waiting;
    const firstCall = cc.callHandling.calls.service.activeCalls().find((c) => c.legs.some((l) => l.id === first));

    const next = await restart();
    const ncc = next.deps.contactCenter;
    expect(ncc.acd.liveForRealtime().waiting).toEqual(waitingBefore);
    expect(ncc.callHandling.calls.service.activeCalls().map((c) => c.state)).toEqual(['queued', 'queued']);
    // Told where they stand first, then music again.
    await until('the first caller hears music again', ncc, () => pbx.control.farSide(first).hearsMoh);

    // Alice logs in on the new process (the session is stored, so it still holds).
    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    const login = await next.server.inject({ method: 'POST', url: '/api/agent/login', headers: aliceHeaders, payload: { state: 'available' } });
    expect(login.statusCode, login.body).toBe(200);
    await until('the first caller talks with the agent', ncc, () => pbx.control.farSide(first).hears.length > 0);
    expect(ncc.callHandling.calls.service.activeCalls().find((c) => c.state === 'connected')).toMatchObject({ id: firstCall?.id, agentId });
    expect(ncc.realtime.view(t.clock.now()).queues[0]).toMatchObject({ offered: 2, answered: 1, waiting: 1 });
  });

  it("given an agent's phone ringing for a caller when the daemon restarts then it keeps ringing and answering it connects the same call", async () => {
    const { agentId, pbx } = await setUp();
    const cc = t.deps.contactCenter;
    pbx.control.setPhoneBehaviour('agent1', 'manual');
    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    await post('/api/agent/login', { state: 'available' }, aliceHeaders);
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the agent phone rings', cc, () => pbx.control.ringingAt('agent1').length === 1);
    const [before] = cc.callHandling.calls.service.activeCalls();
    expect(before?.state).toBe('offering');

    const next = await restart();
    const ncc = next.deps.contactCenter;
    expect(ncc.callHandling.calls.service.activeCalls()).toMatchObject([{ id: before?.id, state: 'offering' }]);
    expect(pbx.control.ringingAt('agent1')).toHaveLength(1);
    await pbx.control.answerPhone('agent1');
    await until('the caller talks with the agent', ncc, () => pbx.control.farSide(caller).hears.length > 0);
    expect(ncc.callHandling.calls.service.activeCalls()).toMatchObject([{ id: before?.id, state: 'connected', agentId }]);
    expect(ncc.acd.agentSnapshot(agentId).state).toBe('on_contact');
  });

  it("given an agent's phone ringing that vanished while the daemon was down when it restarts then the offer is withdrawn and the caller offered again", async () => {
    const { pbx } = await setUp();
    const cc = t.deps.contactCenter;
    pbx.control.setPhoneBehaviour('agent1', 'manual');
    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    await post('/api/agent/login', { state: 'available' }, aliceHeaders);
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the agent phone rings', cc, () => pbx.control.ringingAt('agent1').length === 1);
    const ringing = pbx.control.ringingAt('agent1')[0] as string;
    pbx.control.vanishChannel(ringing);

    const next = await restart();
    const ncc = next.deps.contactCenter;
    const [call] = ncc.callHandling.calls.service.activeCalls();
    expect(call?.legs.find((l) => l.id === ringing)).toMatchObject({ hangupCause: 'lost' });
    expect(pbx.control.farSide(caller).hears).toEqual([]);
    await until("the agent's phone rings again", ncc, () => pbx.control.ringingAt('agent1').some((id) => id !== ringing), 120);
    expect(ncc.callHandling.calls.service.activeCalls()).toMatchObject([{ id: call?.id, state: 'offering' }]);
  });

  it('given a call in conversation whose caller vanished while the daemon was down when it restarts then the call ends with a clear outcome and the agent is never bridged to nobody', async () => {
    const { agentId, pbx } = await setUp();
    const cc = t.deps.contactCenter;
    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    await post('/api/agent/login', { state: 'available' }, aliceHeaders);
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller talks with the agent', cc, () => pbx.control.farSide(caller).hears.length > 0);
    const agentLeg = pbx.control.farSide(caller).hears[0] as string;
    pbx.control.vanishChannel(caller);

    const next = await restart();
    const ncc = next.deps.contactCenter;
    await until('the agent leg is hung up', ncc, async () => (await pbx.snapshot()).channels.every((c) => c.id !== agentLeg));
    expect(ncc.callHandling.calls.service.activeCalls()).toEqual([]);
    const all = await records();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ state: 'ended', outcome: 'agent_answered', agentId });
    expect(ncc.acd.agentSnapshot(agentId).state).not.toBe('on_contact');
  });
});
