/** Click-to-dial and the agent's 'outbound' presence: chosen by hand, taken by the call, kept across a daemon restart. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

describe("click-to-dial and the agent's outbound presence", () => {
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

  it('given Alice chose "outbound" herself when she clicks to dial then the call is placed, and after it she is still outbound as she chose', async () => {
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    await w.ok('POST', '/api/agent/state', w.alice.headers, { state: 'outbound' });
    const { call } = await w.ok('POST', '/api/calls/dial', w.alice.headers, { number: '+4930777222' });
    await w.until('the customer answers', () => w.cc().callHandling.calls.control.view(call.id).state === 'connected');
    const customer = w.cc().callHandling.calls.control.view(call.id).legs.find((l) => l.role === 'customer')?.id as string;
    await w.pbx.control.farEndHangup(customer);
    await w.until('the call ends', () => w.cc().callHandling.calls.service.activeCalls().length === 0);
    expect((await w.ok('GET', '/api/agent/desk', w.alice.headers)).state).toBe('outbound');
  });

  it('given Alice talking on a click-to-dial call when the daemon restarts and the customer then hangs up then Alice is available again, as without a restart', async () => {
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    const { call } = await w.ok('POST', '/api/calls/dial', w.alice.headers, { number: '+4930777111' });
    await w.until('the customer answers', () => w.cc().callHandling.calls.control.view(call.id).state === 'connected');
    expect((await w.ok('GET', '/api/agent/desk', w.alice.headers)).state).toBe('outbound');
    await w.restart();
    const customer = w.cc().callHandling.calls.control.view(call.id).legs.find((l) => l.role === 'customer')?.id as string;
    await w.pbx.control.farEndHangup(customer);
    await w.until('the call ends', () => w.cc().callHandling.calls.service.activeCalls().length === 0);
    await w.until('Alice is available again', async () => (await w.ok('GET', '/api/agent/desk', w.alice.headers)).state === 'available');
  });
});
