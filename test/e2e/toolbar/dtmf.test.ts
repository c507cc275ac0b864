/** POST /api/calls/:id/dtmf: the agent's keypad during a call, toward the party they talk with. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

describe('sending keypad tones from the toolbar', () => {
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

  it('given Alice talking with a caller when she sends 12#*A then the caller receives exactly those tones and the timeline notes how many, not which', async () => {
    const { caller, callId } = await w.callAlice();
    const res = await w.inject('POST', `/api/calls/${callId}/dtmf`, w.alice.headers, { digits: '12#*A' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().call).toMatchObject({ id: callId, state: 'connected' });
    expect(w.pbx.control.farSide(caller).receivedDtmf).toBe('12#*A');
    await w.cc().callHandling.calls.service.settle();
    const detail = await w.ok('GET', `/api/call-records/${callId}`);
    const step = detail.timeline.find((s: { event: string }) => s.event === 'dtmf_sent');
    expect(step.details).toEqual({ by: w.alice.id, count: '5' });
  });

  it('given anything but 1 to 32 keys of 0-9 * # A-D when sent then 400 VALIDATION_FAILED naming /body/digits, and nothing reaches the caller', async () => {
    const { caller, callId } = await w.callAlice();
    for (const digits of ['', '12x', 'a', '1 2', '1'.repeat(33), '\u0007']) {
      const res = await w.inject('POST', `/api/calls/${callId}/dtmf`, w.alice.headers, { digits });
      expect([digits, res.statusCode, res.json().code]).toEqual([digits, 400, 'VALIDATION_FAILED']);
      expect(res.json().details.problems.map((p: { where: string }) => p.where)).toContain('/body/digits');
    }
    const missing = await w.inject('POST', `/api/calls/${callId}/dtmf`, w.alice.headers, {});
    expect(missing.json().details.problems).toEqual([{ where: '/body/digits', reason: 'is required' }]);
    expect(w.pbx.control.farSide(caller).receivedDtmf).toBe('');
  });

  it('given the caller on hold when Alice sends tones then 409 INVALID_TRANSITION; after unhold they go through', async () => {
    const { caller, callId } = await w.callAlice();
    await w.ok('POST', `/api/calls/${callId}/hold`, w.alice.headers);
    const held = await w.inject('POST', `/api/calls/${callId}/dtmf`, w.alice.headers, { digits: '1' });
    expect(held.statusCode).toBe(409);
    expect(held.json().code).toBe('INVALID_TRANSITION');
    await w.ok('POST', `/api/calls/${callId}/unhold`, w.alice.headers);
    await w.ok('POST', `/api/calls/${callId}/dtmf`, w.alice.headers, { digits: '9' });
    expect(w.pbx.control.farSide(caller).receivedDtmf).toBe('9');
  });

  it("given Alice's call when Bob sends tones on it then 403; an unknown call is 404; a user who is no agent gets NOT_AN_AGENT", async () => {
    const { caller, callId } = await w.callAlice();
    const bob = await w.inject('POST', `/api/calls/${callId}/dtmf`, w.bob.headers, { digits: '1' });
    expect([bob.statusCode, bob.json().code]).toEqual([403, 'FORBIDDEN']);
    const unknown = await w.inject('POST', '/api/calls/no-such-call/dtmf', w.alice.headers, { digits: '1' });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'NOT_FOUND']);
    const supervisor = await w.inject('POST', `/api/calls/${callId}/dtmf`, await w.t.loginAs('supervisor'), { digits: '1' });
    expect([supervisor.statusCode, supervisor.json().code]).toEqual([403, 'NOT_AN_AGENT']);
    expect(w.pbx.control.farSide(caller).receivedDtmf).toBe('');
  });
});
