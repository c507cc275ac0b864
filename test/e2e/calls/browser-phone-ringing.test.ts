/**
 * A phone binding 'browser' rings the agent's (or supervisor's) WebRTC extension: the app as
 * main.ts wires it, on the simulated PBX, which knows the extension like any other phone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { startDaemonLine, type DaemonLine } from '../../helpers/daemon-line.js';
import type { AuthHeaders, TestApp } from '../../helpers/test-app.js';

describe('an agent whose phone is the browser softphone', () => {
  let line: DaemonLine;
  let t: TestApp;
  let admin: AuthHeaders;

  beforeEach(async () => {
    line = await startDaemonLine('sb-browserphone-');
    ({ t, admin } = line);
  });
  afterEach(async () => {
    await line.close();
  });

  const post = (url: string, body: unknown, headers: AuthHeaders = admin) => line.post(url, body, headers);
  const until = (what: string, done: () => boolean, seconds = 60) => line.until(what, done, seconds);

  it('given a browser binding when the agent logs in naming another phone and a caller queues then the browser extension rings', async () => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'browser', extension: 'web-alice' } });
    expect(agent.statusCode, agent.body).toBe(201);
    expect(agent.json().phone).toEqual({ mode: 'browser', extension: 'web-alice' });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.json().id }], wrapUpSeconds: 5, noAnswerTimeoutSeconds: 20 });
    await t.deps.contactCenter.start();
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    // The agent's browser has not answered yet: the leg must be seen ringing at the extension.
    pbx.control.setPhoneBehaviour('web-alice', 'manual');

    const desk = await post('/api/agent/login', { state: 'available', phone: 'desk-42' }, (await t.login('agent', 'alice')).headers);
    expect(desk.statusCode, desk.body).toBe(200);
    expect(desk.json().phone).toBe('web-alice');

    await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the browser extension rings', () => pbx.control.ringingAt('web-alice').length === 1);
    expect(pbx.control.ringingAt('desk-42')).toEqual([]);
    const legs = t.deps.contactCenter.callHandling.calls.service.activeCalls()[0]?.legs ?? [];
    expect(legs.filter((l) => l.role === 'agent').map((l) => l.endpoint)).toEqual(['web-alice']);
  });

  it("given a supervisor whose own phone is the browser when listening then the browser extension is rung", async () => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = (await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } })).json();
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }], wrapUpSeconds: 5, noAnswerTimeoutSeconds: 20 });
    const sue = await post('/api/users', { username: 'sue', roles: ['supervisor'], password: t.password, phone: { mode: 'browser', extension: 'web-sue' } });
    expect(sue.statusCode, sue.body).toBe(201);
    await t.deps.contactCenter.start();
    await post('/api/agent/login', { state: 'available' }, (await t.login('agent', 'alice')).headers);
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller talks to the agent', () => pbx.control.farSide(caller).hears.length > 0);
    const callId = t.deps.contactCenter.callHandling.calls.service.activeCalls()[0]?.id as string;

    const res = await post(`/api/calls/${callId}/supervise/listen`, undefined, (await t.login('supervisor', 'sue')).headers);
    expect(res.statusCode, res.body).toBe(200);
    const supervision = t.deps.contactCenter.callHandling.supervision;
    await until('the supervisor browser answers', () => supervision.list().some((s) => s.callId === callId && s.state === 'active'));
    const legs = t.deps.contactCenter.callHandling.calls.service.activeCalls()[0]?.legs ?? [];
    expect(legs.filter((l) => l.role === 'supervisor').map((l) => l.endpoint)).toEqual(['web-sue']);
  });
});
