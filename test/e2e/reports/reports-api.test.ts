/**
 * Issue 14, reports: GET /api/reports/volume and /api/reports/agents against the daemon as
 * main.ts wires it on the simulated media server. A small scripted day (a call Alice answers, holds
 * and wraps up; a caller who gives up in the queue; Bob on a break) is checked against counts the
 * test keeps itself and against the live Today figures; team leads see their teams only; bad input
 * is a coded 400; the CSV export is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { DID, makeToolbarWorld, type ToolbarWorld } from '../toolbar/toolbar-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

describe('GET /api/reports/volume and /api/reports/agents', () => {
  let w: ToolbarWorld;
  let sue: AuthHeaders;
  let lead: AuthHeaders;
  let day: { from: number; to: number };
  /** What the script did, counted by the test itself. */
  const expected = { offered: 0, answered: 0, abandonedInQueue: 0, holdMs: 0, talkAfterHoldMs: 0 };

  beforeAll(async () => {
    w = await makeToolbarWorld();
    await w.ok('POST', '/api/users', w.admin, { username: 'sue', roles: ['supervisor'], password: w.t.password });
    sue = (await w.t.login('supervisor', 'sue')).headers;
    const lena = await w.ok('POST', '/api/users', w.admin, { username: 'lena', roles: ['team_lead'], password: w.t.password });
    await w.ok('PUT', `/api/teams/${w.teams.care}`, w.admin, { name: 'Care', leadUserIds: [lena.user.id] });
    lead = (await w.t.login('team_lead', 'lena')).headers;

    // Bob takes a break for ten minutes, then logs out.
    await w.ok('POST', '/api/agent/login', w.bob.headers, { state: 'not_ready', reason: 'lunch' });
    await w.t.clock.advanceAsync(600_000);
    await w.ok('POST', '/api/agent/logout', w.bob.headers);

    // Alice answers a call, talks 20 s, holds 15 s, talks 10 s more; the caller hangs up.
    const { caller, callId } = await w.callAlice('+4930111');
    expected.offered++;
    expected.answered++;
    await w.t.clock.advanceAsync(20_000);
    await w.ok('POST', `/api/calls/${callId}/hold`, w.alice.headers);
    await w.t.clock.advanceAsync(15_000);
    await w.ok('POST', `/api/calls/${callId}/unhold`, w.alice.headers);
    expected.holdMs += 15_000;
    await w.t.clock.advanceAsync(10_000);
    await w.pbx.control.farEndHangup(caller);
    await w.until("Alice's call is stored as ended", async () => (await w.ok('GET', `/api/call-records/${callId}`)).call.state === 'ended');
    await w.t.clock.advanceAsync(5_000);
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
    await w.ok('POST', '/api/agent/logout', w.alice.headers);

    // Nobody is logged in: the next caller waits 25 s and gives up.
    const waiting = await w.pbx.control.placeInboundCall({ from: '+4930222', to: DID });
    expected.offered++;
    await w.until('the caller waits in the queue', async () => (await w.ok('GET', '/api/realtime/today', sue)).center.offered === 2);
    await w.t.clock.advanceAsync(25_000);
    await w.pbx.control.farEndHangup(waiting);
    expected.abandonedInQueue++;
    await w.until('the abandon is counted', async () => (await w.ok('GET', '/api/realtime/today', sue)).center.abandonedInQueue === 1);

    const since = (await w.ok('GET', '/api/realtime/today', sue)).since as number;
    day = { from: since, to: since + 86_400_000 };
  }, 120_000);

  afterAll(async () => {
    await w?.close();
  });

  const url = (path: string, q: Record<string, string | number>) => `${path}?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()}`;
  const volume = (q: Record<string, string | number>, headers: AuthHeaders = sue): Promise<Json> => w.ok('GET', url('/api/reports/volume', { ...day, ...q }), headers);

  it("given the scripted day when the volume report covers today then its totals are the test's own counts and the live Today figures", async () => {
    const report = await volume({ interval: '15m' });
    expect(report.intervals).toHaveLength(96);
    const [total] = report.totals;
    expect(total).toMatchObject({ offered: expected.offered, answered: expected.answered, abandonedInQueue: expected.abandonedInQueue, abandonedInIvr: 0 });
    // The intervals add up to the total.
    const sum = (f: string) => report.rows.reduce((n: number, r: Json) => n + r[f], 0);
    expect([sum('offered'), sum('answered'), sum('abandonedInQueue')]).toEqual([2, 1, 1]);
    // The same figures as the supervisor's live monitor.
    const today = (await w.ok('GET', '/api/realtime/today', sue)).center;
    for (const f of ['offered', 'answered', 'abandonedInQueue', 'abandonedInIvr', 'answerRate', 'answeredInServiceLevel', 'serviceLevel', 'averageWaitMs', 'longestWaitMs', 'averageHandleMs']) {
      expect(total[f], f).toEqual(today[f]);
    }
    // Handle time split: hold from the call's transitions, wrap-up from Alice's state trail.
    expect(total.averageHoldMs).toBe(expected.holdMs);
    expect(total.averageTalkMs).toBeGreaterThanOrEqual(30_000);
    expect(total.averageWrapUpMs).toBeGreaterThanOrEqual(5_000);
    expect(total.averageTalkMs + total.averageHoldMs + total.averageWrapUpMs).toBe(total.averageHandleMs);
    expect(total.averageSpeedOfAnswerMs).not.toBeNull();
  });

  it('given group by queue, team and agent when read then each group holds its calls', async () => {
    const byQueue = await volume({ interval: 'day', groupBy: 'queue' });
    expect(byQueue.totals.map((t: Json) => [t.groupId, t.offered, t.abandonedInIvr])).toEqual([[w.queueId, 2, null]]);
    const byTeam = await volume({ interval: 'day', groupBy: 'team' });
    expect(byTeam.totals.map((t: Json) => [t.groupName, t.offered, t.answered])).toEqual([
      ['Care', 2, 1],
      ['Sales', 2, 1],
    ]);
    const byAgent = await volume({ interval: 'day', groupBy: 'agent' });
    expect(byAgent.totals.map((t: Json) => [t.groupName, t.answered])).toEqual([['Alice', 1]]);
    const byMedia = await volume({ interval: 'day', groupBy: 'media' });
    expect(byMedia.totals.map((t: Json) => [t.groupId, t.offered])).toEqual([
      ['voice', 2],
      ['chat', 0],
    ]);
  });

  it("given a team lead of Care when they read the reports then they get Care's queue and agents only, and no IVR figure", async () => {
    const none = await volume({ interval: 'day' }, lead);
    expect(none.totals).toMatchObject([{ offered: 2, abandonedInIvr: null }]);
    expect((await volume({ interval: 'day', groupBy: 'team' }, lead)).groups.map((g: Json) => g.name)).toEqual(['Care']);
    // Alice is in Sales: her calls are not the lead's agents'.
    expect((await volume({ interval: 'day', groupBy: 'agent' }, lead)).groups).toEqual([]);
    const agents = await w.ok('GET', url('/api/reports/agents', day), lead);
    expect(agents.rows.map((r: Json) => r.agentName)).toEqual(['Bob']);
  });

  it("given the agents report when read then Bob's break is not-ready time by reason and Alice's call is handled", async () => {
    const body = await w.ok('GET', url('/api/reports/agents', day), sue);
    const bob = body.rows.find((r: Json) => r.agentName === 'Bob');
    expect(bob).toMatchObject({ notReadyMs: 600_000, notReadyByReason: { lunch: 600_000 }, loggedInMs: 600_000, availableMs: 0, occupancy: null, handled: 0 });
    expect(bob.firstLogin).not.toBeNull();
    expect(bob.lastLogout - bob.firstLogin).toBe(600_000);
    const alice = body.rows.find((r: Json) => r.agentName === 'Alice');
    expect(alice).toMatchObject({ handled: 1, missedOffers: 0 });
    expect(alice.onContactMs).toBeGreaterThanOrEqual(45_000);
    expect(alice.wrapUpMs).toBeGreaterThanOrEqual(5_000);
    expect(alice.occupancy).toBeGreaterThan(0);
    expect(alice.handledPerHour).toBeCloseTo(1 / (alice.loggedInMs / 3_600_000));
  });

  it('given bad input when read then a coded 400 names the field', async () => {
    const bad = async (path: string, q: Record<string, string | number>) => (await w.inject('GET', url(path, q), sue)).json();
    expect(await bad('/api/reports/volume', { from: day.to, to: day.from })).toMatchObject({ code: 'INVALID_RANGE', details: { fields: ['from', 'to'] } });
    expect(await bad('/api/reports/agents', { from: day.from, to: day.from })).toMatchObject({ code: 'INVALID_RANGE' });
    expect(await bad('/api/reports/volume', { ...day, queue: 'x' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bad('/api/reports/volume', { ...day, groupBy: 'skill' })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bad('/api/reports/volume', { ...day, tz: 'Mars/Olympus' })).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/tz' }] } });
    expect(await bad('/api/reports/volume', { from: 0, to: 400 * 86_400_000 })).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/to' }] } });
    expect(await bad('/api/reports/volume', { to: day.to })).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await bad('/api/reports/satisfaction', { from: day.to, to: day.from })).toMatchObject({ code: 'INVALID_RANGE' });
    // Answers are about a queue and an agent: no team grouping.
    expect(await bad('/api/reports/satisfaction', { ...day, groupBy: 'team' })).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('given an agent when they read a report then they are refused (403)', async () => {
    for (const path of ['/api/reports/volume', '/api/reports/agents', '/api/reports/satisfaction']) expect((await w.inject('GET', url(path, day), w.alice.headers)).statusCode).toBe(403);
  });

  it('given an export as xlsx-csv when downloaded then it starts with the byte-order mark, has a row per interval and is audited', async () => {
    const res = await w.inject('GET', url('/api/reports/volume', { ...day, interval: 'hour', format: 'xlsx-csv', tz: 'Asia/Shanghai' }), sue);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('volume-report-');
    expect(res.body.startsWith('\uFEFFinterval_start,group_id,group_name,offered')).toBe(true);
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(1 + 24);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00\+08:00,all,/);
    const offered = lines.slice(1).reduce((n, l) => n + Number(l.split(',')[3]), 0);
    expect(offered).toBe(2);
    const agents = await w.inject('GET', url('/api/reports/agents', { ...day, format: 'csv' }), sue);
    expect(agents.body.startsWith('date,agent_id,agent_name')).toBe(true);
    expect(agents.body).toContain('lunch=600');
    const audit = await w.ok('GET', '/api/audit?action=report.export', w.admin);
    expect(audit.entries.map((e: Json) => e.target)).toEqual(expect.arrayContaining(['report:volume', 'report:agents']));
  });
});
