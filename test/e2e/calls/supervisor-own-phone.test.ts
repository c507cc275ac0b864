/**
 * Issue 17 item 3: a supervisor who is not an agent supervises from their own phone binding
 * (fixed, or chosen at login), through the app exactly as main.ts wires it, on the simulated PBX.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { startDaemonLine, type DaemonLine } from '../../helpers/daemon-line.js';
import type { AuthHeaders, TestApp } from '../../helpers/test-app.js';

describe('a supervisor without an agent record', () => {
  let line: DaemonLine;
  let t: TestApp;
  let admin: AuthHeaders;

  beforeEach(async () => {
    line = await startDaemonLine('sb-supphone-');
    ({ t, admin } = line);
  });
  afterEach(async () => {
    await line.close();
  });

  const post = (url: string, body: unknown, headers: AuthHeaders = admin) => line.post(url, body, headers);
  const until = (what: string, done: () => boolean, seconds = 60) => line.until(what, done, seconds);

  async function liveCall(): Promise<{ pbx: SimulatedMediaServer; callId: string }> {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = (await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } })).json();
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }], wrapUpSeconds: 5, noAnswerTimeoutSeconds: 20 });
    await t.deps.contactCenter.start();
    await post('/api/agent/login', { state: 'available' }, (await t.login('agent', 'alice')).headers);
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller talks to the agent', () => pbx.control.farSide(caller).hears.length > 0);
    const callId = t.deps.contactCenter.callHandling.calls.service.activeCalls()[0]?.id as string;
    return { pbx, callId };
  }

  it('given a supervisor user with a fixed phone and no agent record when listening then their phone is rung and the session starts', async () => {
    const created = await post('/api/users', { username: 'sue', roles: ['supervisor'], password: t.password, phone: { mode: 'fixed', extension: 'sup-desk' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().user.phone).toEqual({ mode: 'fixed', extension: 'sup-desk' });
    const { pbx, callId } = await liveCall();
    const sue = (await t.login('supervisor', 'sue')).headers;
    const res = await post(`/api/calls/${callId}/supervise/listen`, undefined, sue);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().session).toMatchObject({ callId, mode: 'listen' });
    const supervision = t.deps.contactCenter.callHandling.supervision;
    await until('the supervisor phone answers', () => supervision.list().some((s) => s.callId === callId && s.state === 'active'));
    const legId = supervision.list()[0]?.legId as string;
    expect(pbx.control.farSide(legId).hears.length).toBeGreaterThan(0);
  });

  it("given a supervisor whose phone is chosen at login when they choose one then listening rings it; without a choice it is refused", async () => {
    await post('/api/users', { username: 'sam', roles: ['supervisor'], password: t.password, phone: { mode: 'at_login' } });
    const { callId } = await liveCall();
    const sam = (await t.login('supervisor', 'sam')).headers;
    const none = await post(`/api/calls/${callId}/supervise/listen`, undefined, sam);
    expect(none.json().message).toBe('You have no phone to supervise from');
    expect((await post('/api/auth/phone', { phone: 'sam-soft' }, sam)).statusCode).toBe(200);
    const res = await post(`/api/calls/${callId}/supervise/listen`, undefined, sam);
    expect(res.statusCode, res.body).toBe(200);
  });

  it('given bad phone bindings then 400 naming the field, and choosing a phone with a fixed binding is a 409', async () => {
    const missing = await post('/api/users', { username: 'bad1', roles: ['supervisor'], phone: { mode: 'fixed' } });
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/body/phone/extension' }] } });
    const stray = await post('/api/users', { username: 'bad2', roles: ['supervisor'], phone: { mode: 'none', extension: 'x' } });
    expect(stray.statusCode).toBe(400);
    expect(await t.deps.users.findByUsername('bad1')).toBeUndefined();
    await post('/api/users', { username: 'fixie', roles: ['supervisor'], password: t.password, phone: { mode: 'fixed', extension: 'f1' } });
    const fixie = (await t.login('supervisor', 'fixie')).headers;
    expect((await post('/api/auth/phone', { phone: 'other' }, fixie)).json().code).toBe('CONFLICT');
  });
});
