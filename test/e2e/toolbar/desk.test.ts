/** GET /api/agent/desk after a page reload: time in state, the wrap-up countdown and the call to wrap up. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DID, makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

describe("the agent's desk for a reloaded toolbar", () => {
  let w: ToolbarWorld;
  beforeAll(async () => {
    w = await makeToolbarWorld({ queue: { wrapUpSeconds: 60 } });
  });
  afterEach(async () => {
    await w.reset();
  });
  afterAll(async () => {
    await w.close();
  });

  const desk = async () => w.ok('GET', '/api/agent/desk', w.alice.headers);

  it('given Alice available for a while when the toolbar reloads then the desk says since when and the server time to count from, and no wrap-up end', async () => {
    const loggedInAt = w.t.clock.now();
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    await w.t.clock.advanceAsync(95_000);
    expect(await desk()).toMatchObject({ state: 'available', stateSince: loggedInAt, serverTime: loggedInAt + 95_000, wrapUpEndsAt: null });
  });

  it("given Alice's phone ringing for a caller then the offered contact names its call", async () => {
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    w.pbx.control.setPhoneBehaviour(w.alice.phone, 'manual');
    await w.pbx.control.placeInboundCall({ from: '+4930555', to: DID });
    await w.until("Alice's phone rings", () => w.pbx.control.ringingAt(w.alice.phone).length === 1);
    const callId = w.cc().callHandling.calls.service.activeCalls()[0]?.id;
    expect(await desk()).toMatchObject({ state: 'offered', work: [{ phase: 'offered', callId }] });
  });

  it("given Alice's phone ringing when she rejects the offer from the desk then her phone stops ringing, the caller keeps waiting and Bob is offered the call", async () => {
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    w.pbx.control.setPhoneBehaviour(w.alice.phone, 'manual');
    w.pbx.control.setPhoneBehaviour(w.bob.phone, 'manual');
    const caller = await w.pbx.control.placeInboundCall({ from: '+4930556', to: DID });
    await w.until("Alice's phone rings", () => w.pbx.control.ringingAt(w.alice.phone).length === 1);
    const offerId = (await desk()).offers[0].id as string;
    await w.ok('POST', '/api/agent/login', w.bob.headers, { state: 'not_ready', reason: 'meeting' });

    await w.ok('POST', `/api/agent/offers/${offerId}/reject`, w.alice.headers);
    // At once: not when the ring would have timed out anyway (no simulated time passes here).
    await w.until("Alice's phone stops ringing", () => w.pbx.control.ringingAt(w.alice.phone).length === 0, 1);
    expect(w.pbx.control.liveChannelIds()).toContain(caller);
    expect(w.cc().acd.liveForRealtime().waiting).toHaveLength(1);

    await w.ok('POST', '/api/agent/state', w.bob.headers, { state: 'available' });
    await w.until("Bob's phone rings", () => w.pbx.control.ringingAt(w.bob.phone).length === 1);
    expect(w.pbx.control.ringingAt(w.alice.phone)).toEqual([]);
  });

  it('given Alice in wrap-up when the toolbar reloads, also after a daemon restart, then it has when wrap-up began and ends and which call it is for; extending moves the end', async () => {
    const { caller, callId } = await w.callAlice('+4930666');
    await w.pbx.control.farEndHangup(caller);
    await w.until('Alice is in wrap-up', async () => (await desk()).state === 'wrap_up');
    const wrapping = await desk();
    const began = wrapping.stateSince as number;
    expect(wrapping).toMatchObject({ state: 'wrap_up', wrapUpEndsAt: began + 60_000, work: [{ phase: 'wrap_up', callId, wrapUpEndsAt: began + 60_000 }] });
    await w.t.clock.advanceAsync(10_000);
    expect(await desk()).toMatchObject({ stateSince: began, wrapUpEndsAt: began + 60_000, serverTime: w.t.clock.now() });

    await w.restart();
    expect(await desk()).toMatchObject({ state: 'wrap_up', stateSince: began, wrapUpEndsAt: began + 60_000, work: [{ callId }] });
    const extended = await w.ok('POST', '/api/agent/wrap-up/extend', w.alice.headers, { ms: 30_000 });
    expect(extended.wrapUpEndsAt).toBe(began + 90_000);
  });
});
