/**
 * Issue 11: GET /api/realtime/today and /api/realtime/trends against the daemon as main.ts wires it
 * on the simulated media server: a call Alice answers and a caller who gives up in the queue show
 * in the center's, the queue's and the teams' rows and in the trends; a team lead sees their team
 * only; the figures come back from the store after a daemon restart; changes are pushed as
 * realtime.today_changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { DID, makeToolbarWorld, type ToolbarWorld } from '../toolbar/toolbar-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

describe("GET /api/realtime/today and /trends", () => {
  let w: ToolbarWorld;
  let sue: AuthHeaders;
  let lead: AuthHeaders;
  const pushed: DomainEvent[] = [];

  beforeAll(async () => {
    w = await makeToolbarWorld();
    await w.ok('POST', '/api/users', w.admin, { username: 'sue', roles: ['supervisor'], password: w.t.password });
    sue = (await w.t.login('supervisor', 'sue')).headers;
    const lena = await w.ok('POST', '/api/users', w.admin, { username: 'lena', roles: ['team_lead'], password: w.t.password });
    await w.ok('PUT', `/api/teams/${w.teams.care}`, w.admin, { name: 'Care', leadUserIds: [lena.user.id] });
    lead = (await w.t.login('team_lead', 'lena')).headers;
    w.t.deps.bus.subscribe((e) => {
      if (e.type === 'realtime.today_changed') pushed.push(e);
    });
  }, 60_000);

  afterAll(async () => {
    await w?.close();
  });

  const today = async (headers: AuthHeaders = sue): Promise<Json> => w.ok('GET', '/api/realtime/today', headers);

  it('given nothing happened yet when a supervisor reads today then every row is zero and the rates are null', async () => {
    const body = await today();
    expect(body.center).toMatchObject({ offered: 0, answered: 0, abandonedInQueue: 0, abandonedInIvr: 0, answerRate: null, serviceLevel: null });
    expect(body.queues.map((q: Json) => [q.queueId, q.serviceLevelMs])).toEqual([[w.queueId, 20_000]]);
    expect(body.teams.map((t: Json) => t.name).sort()).toEqual(['Care', 'Sales']);
  });

  it('given a call Alice answers and a caller who hangs up while waiting when read then offered 2, answered 1, abandoned in queue 1, in every row the queue touches', async () => {
    const { caller, callId } = await w.callAlice('+4930111');
    await w.t.clock.advanceAsync(30_000);
    await w.pbx.control.farEndHangup(caller);
    await w.until("Alice's call is stored as ended", async () => (await w.ok('GET', `/api/call-records/${callId}`)).call.state === 'ended');
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
    await w.ok('POST', '/api/agent/logout', w.alice.headers);
    const waiting = await w.pbx.control.placeInboundCall({ from: '+4930222', to: DID });
    await w.until('the caller waits in the queue', async () => (await today()).queues[0].offered === 2);
    await w.t.clock.advanceAsync(25_000);
    await w.pbx.control.farEndHangup(waiting);
    await w.until('the abandon is counted', async () => (await today()).center.abandonedInQueue === 1);

    const body = await today();
    const expected = { offered: 2, answered: 1, abandonedInQueue: 1, answerRate: 0.5, answeredInServiceLevel: 1, serviceLevel: 0.5 };
    expect(body.center).toMatchObject({ ...expected, abandonedInIvr: 0, callbacksPending: 0 });
    expect(body.queues[0]).toMatchObject({ ...expected, abandonedInIvr: null });
    for (const team of body.teams) expect(team).toMatchObject({ ...expected, queueIds: [w.queueId] });
    expect(body.center.longestWaitMs).toBeGreaterThanOrEqual(25_000);
    // Handle time: talk (30 s and more) plus the wrap-up until Alice finished it.
    expect(body.center.averageHandleMs).toBeGreaterThanOrEqual(30_000);
    expect(pushed.length).toBeGreaterThan(0);
  });

  it("given an admin sets the queue's service level to 45 s when today is read then the queue's row uses 45 s, and a refusal leaves it", async () => {
    const queue = await w.ok('GET', `/api/queues/${w.queueId}`, w.admin);
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = queue;
    const bad = await w.t.inject({ method: 'PUT', url: `/api/queues/${w.queueId}`, headers: w.admin, payload: { ...fields, serviceLevelSeconds: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    await w.ok('PUT', `/api/queues/${w.queueId}`, w.admin, { ...fields, serviceLevelSeconds: 45 });
    await w.t.clock.advanceAsync(1_000);
    const body = await today();
    expect(body.queues.map((q: Json) => [q.queueId, q.serviceLevelMs])).toEqual([[w.queueId, 45_000]]);
    await w.ok('PUT', `/api/queues/${w.queueId}`, w.admin, { ...fields, serviceLevelSeconds: 20 });
    await w.t.clock.advanceAsync(1_000);
  });

  it("given the day's calls when the trends are read then the intervals add up to the day's figures", async () => {
    const trends = await w.ok('GET', '/api/realtime/trends', sue);
    expect(trends.intervalMs).toBe(15 * 60_000);
    const sum = (f: string) => trends.intervals.reduce((n: number, i: Json) => n + i[f], 0);
    expect([sum('inboundOffered'), sum('inboundAnswered'), sum('inboundAbandoned')]).toEqual([2, 1, 1]);
    expect(trends.intervals.at(-1).agents).toMatchObject({ on_contact: 0 });
  });

  it("given the agent list when read then Alice's handled call comes from the same day", async () => {
    const body = await w.ok('GET', '/api/realtime/agents', sue);
    expect(body.agents.find((a: Json) => a.agentId === w.alice.id).today).toEqual({ handled: 1, missed: 0 });
  });

  it('given a team lead of Care when they read today then they see Care and the queue its agents serve, and no center row', async () => {
    const body = await today(lead);
    expect(body.center).toBeNull();
    expect(body.teams.map((t: Json) => t.name)).toEqual(['Care']);
    expect(body.queues.map((q: Json) => q.queueId)).toEqual([w.queueId]);
    const trends = await w.ok('GET', '/api/realtime/trends', lead);
    expect(trends.intervals.reduce((n: number, i: Json) => n + i.inboundOffered, 0)).toBe(2);
  });

  it('given an agent when they read today or the trends then they are refused (403)', async () => {
    for (const url of ['/api/realtime/today', '/api/realtime/trends']) expect((await w.inject('GET', url, w.alice.headers)).statusCode).toBe(403);
  });

  it("given a daemon restart when a supervisor reads today then the day's figures are the same", async () => {
    const before = await today();
    await w.restart();
    sue = (await w.t.login('supervisor', 'sue')).headers;
    const after = await today();
    expect(after.center).toEqual(before.center);
    expect(after.queues[0]).toMatchObject({ offered: 2, answered: 1, abandonedInQueue: 1 });
  });
});
