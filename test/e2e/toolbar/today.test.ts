/** GET /api/agent/today: the agent's day from the store, the same after a daemon restart. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startOfDay } from '../../../src/acd/realtime-seed.js';
import { DID, makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

describe("the agent's day", () => {
  let w: ToolbarWorld;
  beforeAll(async () => {
    w = await makeToolbarWorld();
  });
  afterEach(async () => {
    await w.reset();
  });
  afterAll(async () => {
    await w.close();
  });

  const today = async (headers = w.alice.headers) => w.ok('GET', '/api/agent/today', headers);
  /** A caller rings Alice's phone (left ringing); the open offer's id. */
  const ringAlice = async (from: string) => {
    w.pbx.control.setPhoneBehaviour(w.alice.phone, 'manual');
    const caller = await w.pbx.control.placeInboundCall({ from, to: DID });
    await w.until("Alice's phone rings", async () => (await w.ok('GET', '/api/agent/desk', w.alice.headers)).offers.length === 1);
    const desk = await w.ok('GET', '/api/agent/desk', w.alice.headers);
    return { caller, offerId: desk.offers[0].id as string };
  };

  it('given a talked call, a rejected offer and one that rang out when Alice asks then 1 handled, 2 missed and the talk time of the stored legs; the same after a restart; nothing of it on the next day', async () => {
    const since = startOfDay(w.cc().centerTimeZone, w.t.clock.now());
    expect(await today()).toEqual({ handled: 0, missed: 0, talkMs: 0, longestTalkMs: 0, since });

    const { caller, callId } = await w.callAlice('+4930111');
    await w.t.clock.advanceAsync(30_000);
    await w.pbx.control.farEndHangup(caller);
    await w.until('the call is stored as ended', async () => (await w.ok('GET', `/api/call-records/${callId}`)).call.state === 'ended');
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
    const leg = (await w.ok('GET', `/api/call-records/${callId}`)).legs.find((l: { role: string }) => l.role === 'agent');
    const talk = leg.endedAt - leg.answeredAt;
    expect(talk).toBeGreaterThanOrEqual(30_000);

    const rejected = await ringAlice('+4930222');
    await w.ok('POST', `/api/agent/offers/${rejected.offerId}/reject`, w.alice.headers);
    await w.pbx.control.farEndHangup(rejected.caller);
    const rangOut = await ringAlice('+4930333');
    await w.until('the offer rings out', async () => (await w.ok('GET', '/api/agent/desk', w.alice.headers)).offers.length === 0, 40);
    await w.pbx.control.farEndHangup(rangOut.caller);
    await w.until('no call is live', () => w.cc().callHandling.calls.service.activeCalls().length === 0);

    const day = { handled: 1, missed: 2, talkMs: talk, longestTalkMs: talk, since };
    expect(await today()).toEqual(day);
    expect(await today(w.bob.headers)).toEqual({ handled: 0, missed: 0, talkMs: 0, longestTalkMs: 0, since });

    await w.restart();
    expect(await today()).toEqual(day);

    // Local midnight of the server's time zone starts a new day.
    const midnight = since + 24 * 3600_000;
    await w.t.clock.advanceAsync(midnight - w.t.clock.now());
    const alice = (await w.t.login('agent', 'alice')).headers;
    expect(await today(alice)).toEqual({ handled: 0, missed: 0, talkMs: 0, longestTalkMs: 0, since: midnight });
  });

  it('given Alice on a call right now then its talk time so far counts, growing with the clock', async () => {
    const before = await today();
    await w.callAlice('+4930444');
    const during = await today();
    await w.t.clock.advanceAsync(10_000);
    const later = await today();
    expect(during.handled).toBe(before.handled + 1);
    expect(later.talkMs - during.talkMs).toBe(10_000);
  });

  it('given Alice consults Bob on a call then a cancelled consultation counts nothing for Bob, and one he takes over by attended transfer is handled by both, once each', async () => {
    await w.ok('POST', '/api/agent/login', w.bob.headers, { state: 'available' });
    const bobBefore = await today(w.bob.headers);
    const aliceBefore = await today();
    const consultBob = async (callId: string) => {
      await w.ok('POST', `/api/calls/${callId}/consult`, w.alice.headers, { target: { kind: 'agent', agentId: w.bob.id } });
      await w.until('Bob talks in the consultation', () => w.cc().callHandling.calls.control.view(callId).state === 'consulting');
    };

    const first = await w.callAlice('+4930555');
    await consultBob(first.callId);
    await w.ok('POST', `/api/calls/${first.callId}/consult/cancel`, w.alice.headers);
    await w.until('Alice has the caller back', () => w.cc().callHandling.calls.control.view(first.callId).state === 'connected');
    await w.pbx.control.farEndHangup(first.caller);
    await w.until('the first call is stored as ended', async () => (await w.ok('GET', `/api/call-records/${first.callId}`)).call.state === 'ended');
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
    expect((await today(w.bob.headers)).handled).toBe(bobBefore.handled);

    const second = await w.callAlice('+4930666');
    await consultBob(second.callId);
    await w.ok('POST', `/api/calls/${second.callId}/consult/complete`, w.alice.headers);
    await w.until('Bob has the caller', () => w.cc().callHandling.calls.control.view(second.callId).agentId === w.bob.id);
    await w.pbx.control.farEndHangup(second.caller);
    await w.until('the second call is stored as ended', async () => (await w.ok('GET', `/api/call-records/${second.callId}`)).call.state === 'ended');
    expect((await today(w.bob.headers)).handled).toBe(bobBefore.handled + 1);
    expect((await today()).handled).toBe(aliceBefore.handled + 2);
  });

  it('given a user who is not an agent then 403 NOT_AN_AGENT', async () => {
    const res = await w.inject('GET', '/api/agent/today', await w.t.loginAs('supervisor'));
    expect([res.statusCode, res.json().code]).toEqual([403, 'NOT_AN_AGENT']);
  });
});
