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

  it('given a user who is not an agent then 403 NOT_AN_AGENT', async () => {
    const res = await w.inject('GET', '/api/agent/today', await w.t.loginAs('supervisor'));
    expect([res.statusCode, res.json().code]).toEqual([403, 'NOT_AN_AGENT']);
  });
});
