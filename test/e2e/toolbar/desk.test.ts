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
