/**
 * Issue 14, reports agree with the live monitor: a small scripted day of simulated traffic through
 * the daemon on the simulated media server (a quick hang-up and an abandon in the IVR menu, a call
 * Alice answers and holds, one she hands to Bob by blind transfer, a caller who gives up waiting,
 * one who gives up while Bob's phone rings). The test counts what it did itself; the volume report
 * must say the same, per interval and in total, and equal the live Today figures at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { DID, makeToolbarWorld, type ToolbarWorld } from '../toolbar/toolbar-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

const MENU_FLOW = `description: test line with a menu
numbers: ["${DID}"]
timezone: UTC
start: menu
nodes:
  menu:
    type: menu
    prompt: { sound: hello-world }
    choices:
      "1": q
    timeout: 30s
    retries: 0
    onFail: q
  q:
    type: queue
    queue: support
`;

describe('a scripted day: the volume report agrees with the test and with the live Today figures', () => {
  let w: ToolbarWorld;
  let sue: AuthHeaders;
  const events: DomainEvent[] = [];
  const count = { offered: 0, answered: 0, abandonedInQueue: 0, abandonedInIvr: 0, transfers: 0, holdMs: 0, handled: 0 };
  /** When each offered call started: the report counts a call in the interval it started. */
  const offeredAt: number[] = [];

  beforeAll(async () => {
    w = await makeToolbarWorld({ flow: MENU_FLOW });
    w.t.deps.bus.subscribe((e) => events.push(e));
    await w.ok('POST', '/api/users', w.admin, { username: 'sue', roles: ['supervisor'], password: w.t.password });
    sue = (await w.t.login('supervisor', 'sue')).headers;
  }, 60_000);

  afterAll(async () => {
    await w?.close();
  });

  const ended = async (n: number) => w.until(`${n} calls stored as ended`, async () => (await w.ok('GET', '/api/call-records?limit=50', sue)).calls.filter((c: Json) => c.endedAt !== undefined).length === n);
  const call = async (from: string) => {
    const startedAt = w.t.clock.now();
    const before = events.length;
    const caller = await w.pbx.control.placeInboundCall({ from, to: DID });
    await w.until('the caller is in the menu', () => events.slice(before).some((e) => e.type === 'ivr.node_entered' && 'node' in e && e.node === 'menu'));
    // The menu is reached within the first seconds: the script's timings below count from the start.
    expect(w.t.clock.now() - startedAt).toBeLessThan(2_000);
    return { caller, startedAt };
  };

  it('given the script when it runs then every call ends as scripted', async () => {
    // 1. Hangs up 2 s into the call, in the menu: a quick hang-up, neither offered nor an IVR abandon.
    let c = await call('+8613800000001');
    await w.t.clock.advanceAsync(2_000 - (w.t.clock.now() - c.startedAt));
    await w.pbx.control.farEndHangup(c.caller);
    await ended(1);

    // 2. Listens to the menu for 8 s and hangs up: abandoned in the IVR.
    c = await call('+8613800000002');
    await w.t.clock.advanceAsync(8_000);
    await w.pbx.control.farEndHangup(c.caller);
    count.abandonedInIvr++;
    await ended(2);

    // 3. Alice answers, talks 20 s, holds 10 s, talks 10 s; the caller hangs up; wrap-up 5 s.
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    c = await call('+8613800000003');
    await w.pbx.control.pressDigits(c.caller, '1');
    await w.until('the caller talks with Alice', () => w.cc().callHandling.calls.control.callOfAgent(w.alice.id)?.state === 'connected');
    count.offered++;
    count.answered++;
    offeredAt.push(c.startedAt);
    let callId = w.cc().callHandling.calls.control.callOfAgent(w.alice.id)?.id ?? '';
    await w.t.clock.advanceAsync(20_000);
    await w.ok('POST', `/api/calls/${callId}/hold`, w.alice.headers);
    await w.t.clock.advanceAsync(10_000);
    await w.ok('POST', `/api/calls/${callId}/unhold`, w.alice.headers);
    count.holdMs += 10_000;
    await w.t.clock.advanceAsync(10_000);
    await w.pbx.control.farEndHangup(c.caller);
    await ended(3);
    await w.t.clock.advanceAsync(5_000);
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
    count.handled++;

    // 4. Alice answers and hands the caller to the queue by blind transfer; Bob takes it, 20 s.
    await w.ok('POST', '/api/agent/login', w.bob.headers, { state: 'not_ready' });
    c = await call('+8613800000004');
    await w.pbx.control.pressDigits(c.caller, '1');
    await w.until('the caller talks with Alice', () => w.cc().callHandling.calls.control.callOfAgent(w.alice.id)?.state === 'connected');
    count.offered++;
    count.answered++;
    offeredAt.push(c.startedAt);
    callId = w.cc().callHandling.calls.control.callOfAgent(w.alice.id)?.id ?? '';
    await w.t.clock.advanceAsync(15_000);
    await w.ok('POST', '/api/agent/state', w.bob.headers, { state: 'available' });
    await w.ok('POST', `/api/calls/${callId}/transfer`, w.alice.headers, { target: { kind: 'queue', queueId: w.queueId } });
    count.transfers++;
    await w.until('the caller talks with Bob', () => w.cc().callHandling.calls.control.callOfAgent(w.bob.id)?.state === 'connected');
    await w.t.clock.advanceAsync(20_000);
    await w.pbx.control.farEndHangup(c.caller);
    await ended(4);
    count.handled++;
    for (const a of [w.alice, w.bob]) {
      const desk = await w.ok('GET', '/api/agent/desk', a.headers);
      if (desk.state === 'wrap_up') await w.ok('POST', '/api/agent/wrap-up/finish', a.headers, {});
    }
    await w.ok('POST', '/api/agent/logout', w.alice.headers);

    // 5. Bob's phone rings and is not answered; the caller gives up after 10 s of ringing.
    w.pbx.control.setPhoneBehaviour(w.bob.phone, 'manual');
    c = await call('+8613800000005');
    await w.pbx.control.pressDigits(c.caller, '1');
    await w.until("Bob's phone rings", () => w.pbx.control.ringingAt(w.bob.phone).length === 1);
    await w.t.clock.advanceAsync(10_000);
    await w.pbx.control.farEndHangup(c.caller);
    count.offered++;
    count.abandonedInQueue++;
    offeredAt.push(c.startedAt);
    await ended(5);
    await w.ok('POST', '/api/agent/logout', w.bob.headers);

    // 6. Nobody is logged in: the caller waits 25 s in the queue and gives up.
    c = await call('+8613800000006');
    await w.pbx.control.pressDigits(c.caller, '1');
    await w.until('the caller waits', () => w.cc().acd.liveForRealtime().waiting.length === 1);
    await w.t.clock.advanceAsync(25_000);
    await w.pbx.control.farEndHangup(c.caller);
    count.offered++;
    count.abandonedInQueue++;
    offeredAt.push(c.startedAt);
    await ended(6);

    const outcomes = (await w.ok('GET', '/api/call-records?limit=50', sue)).calls.map((x: Json) => x.outcome).sort();
    expect(outcomes).toEqual(['agent_answered', 'agent_answered', 'caller_quick_hangup', 'ivr_abandon', 'queue_abandon', 'ring_no_answer']);
  }, 120_000);

  it('given the day when the volume report covers it then totals and intervals are the counts the test kept, and the live Today figures', async () => {
    const todayNow = await w.ok('GET', '/api/realtime/today', sue);
    const from = todayNow.since as number;
    const report = await w.ok('GET', `/api/reports/volume?from=${from}&to=${from + 86_400_000}&interval=15m&tz=UTC`, sue);
    const [total] = report.totals;
    expect(total).toMatchObject({ offered: count.offered, answered: count.answered, abandonedInQueue: count.abandonedInQueue, abandonedInIvr: count.abandonedInIvr, transfers: count.transfers });
    expect(total.averageHoldMs).toBe(count.holdMs / count.handled);
    // Per interval: the offered calls lie in the intervals their start falls in.
    const perInterval = new Map<number, number>();
    for (const at of offeredAt) {
      const start = report.intervals.find((i: Json) => i.start <= at && at < i.end).start as number;
      perInterval.set(start, (perInterval.get(start) ?? 0) + 1);
    }
    for (const r of report.rows) expect(r.offered, r.label).toBe(perInterval.get(r.start) ?? 0);
    // The same as the live monitor, figure by figure.
    const today = (await w.ok('GET', '/api/realtime/today', sue)).center;
    for (const f of ['offered', 'answered', 'abandonedInQueue', 'abandonedInIvr', 'answerRate', 'answeredInServiceLevel', 'serviceLevel', 'averageWaitMs', 'longestWaitMs', 'averageHandleMs']) {
      expect(total[f], f).toEqual(today[f]);
    }
    const byQueue = (await w.ok('GET', `/api/reports/volume?from=${from}&to=${from + 86_400_000}&interval=day&groupBy=queue`, sue)).totals[0];
    const todayQueue = (await w.ok('GET', '/api/realtime/today', sue)).queues[0];
    for (const f of ['offered', 'answered', 'abandonedInQueue', 'serviceLevel', 'averageHandleMs']) expect(byQueue[f], f).toEqual(todayQueue[f]);
  });

  it("given the day when the agents report covers it then Alice handled two calls (one handed on), Bob one, as the toolbar's figures", async () => {
    const from = (await w.ok('GET', '/api/realtime/today', sue)).since as number;
    const body = await w.ok('GET', `/api/reports/agents?from=${from}&to=${from + 86_400_000}`, sue);
    const handled = Object.fromEntries(body.rows.map((r: Json) => [r.agentName, r.handled]));
    expect(handled).toEqual({ Alice: 2, Bob: 1 });
    const live = (await w.ok('GET', '/api/realtime/agents', sue)).agents;
    for (const a of live) expect(handled[a.agentId === w.alice.id ? 'Alice' : 'Bob']).toBe(a.today.handled);
    for (const r of body.rows) expect(r.firstLogin).not.toBeNull();
  });
});
