/** Wrap-up outcome and note: PUT /api/calls/:id/disposition, stored on the call record and audited. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

describe('the wrap-up of a call', () => {
  let w: ToolbarWorld;
  let sale: { id: string };
  let noSale: { id: string };
  beforeAll(async () => {
    w = await makeToolbarWorld();
    sale = await w.ok('POST', '/api/dispositions', w.admin, { code: 'sale', label: 'Sale' });
    noSale = await w.ok('POST', '/api/dispositions', w.admin, { code: 'no_sale', label: 'No sale' });
  });
  afterEach(async () => {
    await w.reset();
    await w.ok('PUT', `/api/dispositions/${noSale.id}`, w.admin, { code: 'no_sale', label: 'No sale', active: true });
  });
  afterAll(async () => {
    await w.close();
  });

  /** Alice talks with a caller who then hangs up: she is in wrap-up for the call. */
  const wrappingUp = async () => {
    const { caller, callId } = await w.callAlice();
    await w.pbx.control.farEndHangup(caller);
    await w.until('Alice is in wrap-up', async () => (await w.ok('GET', '/api/agent/desk', w.alice.headers)).state === 'wrap_up');
    return callId;
  };
  const put = (callId: string, body: unknown, headers = w.alice.headers) => w.inject('PUT', `/api/calls/${callId}/disposition`, headers, body);
  const stored = async (callId: string, headers = w.admin) => (await w.ok('GET', `/api/call-records/${callId}`, headers)).call.wrapUp;

  it('given Alice in wrap-up when she picks a disposition and writes a note then both are on the call record, with who and when, and the change is audited without the note', async () => {
    const callId = await wrappingUp();
    const res = await put(callId, { disposition: sale.id, note: 'Wants the blue one.\nCall Friday.' });
    expect(res.statusCode, res.body).toBe(200);
    const wrapUp = { disposition: { id: sale.id, code: 'sale', label: 'Sale' }, note: 'Wants the blue one.\nCall Friday.', by: w.alice.id, at: w.t.clock.now() };
    expect(res.json()).toEqual({ callId, wrapUp });
    expect(await stored(callId)).toEqual(wrapUp);
    const [entry] = await w.t.deps.auditReader.query({ action: 'call_record.disposition', limit: 1 });
    expect(entry).toMatchObject({ actorId: w.alice.userId, target: `call:${callId}`, details: { disposition: 'sale', noteChars: wrapUp.note.length } });
    expect(JSON.stringify(entry)).not.toContain('blue');
  });

  it('given a stored wrap-up when Alice sends only a note, then clears the disposition, then the note, then each change keeps the other field', async () => {
    const callId = await wrappingUp();
    await w.ok('PUT', `/api/calls/${callId}/disposition`, w.alice.headers, { disposition: sale.id, note: 'first' });
    expect((await put(callId, { note: 'second' })).json().wrapUp).toMatchObject({ disposition: { code: 'sale' }, note: 'second' });
    expect((await put(callId, { disposition: noSale.id })).json().wrapUp).toMatchObject({ disposition: { code: 'no_sale' }, note: 'second' });
    expect((await put(callId, { disposition: null })).json().wrapUp).toMatchObject({ disposition: null, note: 'second' });
    expect((await put(callId, { note: '' })).json().wrapUp).toMatchObject({ disposition: null, note: null });
  });

  it('given a stored wrap-up when the body is bad then 400 names the field and what was stored is kept', async () => {
    const callId = await wrappingUp();
    await w.ok('PUT', `/api/calls/${callId}/disposition`, w.alice.headers, { disposition: sale.id, note: 'keep me' });
    const before = await stored(callId);
    await w.ok('PUT', `/api/dispositions/${noSale.id}`, w.admin, { code: 'no_sale', label: 'No sale', active: false });
    const cases: [unknown, string][] = [
      [{ disposition: 'no-such-disposition' }, '/body/disposition'],
      [{ disposition: noSale.id }, '/body/disposition'],
      [{ note: 'x'.repeat(2001) }, '/body/note'],
      [{ note: 'bell \u0007 here' }, '/body/note'],
      [{ note: 'nul \u0000 here' }, '/body/note'],
      [{ disposition: 12 }, '/body/disposition'],
      [{ outcome: 'sale' }, '/body/outcome'],
      [{}, '/body'],
    ];
    for (const [body, where] of cases) {
      const res = await put(callId, body);
      expect([JSON.stringify(body).slice(0, 40), res.statusCode, res.json().code]).toEqual([JSON.stringify(body).slice(0, 40), 400, 'VALIDATION_FAILED']);
      expect(res.json().details.problems.map((p: { where: string }) => p.where)).toContain(where);
    }
    expect(await stored(callId)).toEqual(before);
  });

  it("given Alice's call when Bob sets its disposition then 403; an unknown call is 404; nothing is stored", async () => {
    const callId = await wrappingUp();
    const bob = await put(callId, { disposition: sale.id }, w.bob.headers);
    expect([bob.statusCode, bob.json().code]).toEqual([403, 'FORBIDDEN']);
    expect((await put('no-such-call', { disposition: sale.id })).statusCode).toBe(404);
    expect(await stored(callId)).toBeUndefined();
  });

  it('given Alice on a live call when she picks a disposition then it is kept through the rest of the call and its end', async () => {
    const { caller, callId } = await w.callAlice();
    await w.cc().callHandling.calls.service.settle();
    await w.ok('PUT', `/api/calls/${callId}/disposition`, w.alice.headers, { disposition: sale.id });
    await w.ok('POST', `/api/calls/${callId}/hold`, w.alice.headers);
    await w.ok('POST', `/api/calls/${callId}/unhold`, w.alice.headers);
    await w.pbx.control.farEndHangup(caller);
    await w.until('the call is stored as ended', async () => (await w.ok('GET', `/api/call-records/${callId}`)).call.state === 'ended');
    expect(await stored(callId)).toMatchObject({ disposition: { code: 'sale' }, by: w.alice.id });
  });

  it('given a call that ended after wrap-up was finished when 24 hours have not passed then Alice may still change it; a second later than that she may not', async () => {
    const callId = await wrappingUp();
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
    const endedAt = (await w.ok('GET', `/api/call-records/${callId}`)).call.endedAt as number;
    await w.t.clock.advanceAsync(endedAt + 24 * 3600_000 - w.t.clock.now());
    // Sessions do not last a day: Alice and the admin log in again.
    const headers = (await w.t.login('agent', 'alice')).headers;
    const admin = await w.t.loginAs('admin');
    expect((await put(callId, { note: 'just in time' }, headers)).statusCode).toBe(200);
    await w.t.clock.advanceAsync(1_000);
    const late = await put(callId, { note: 'too late' }, headers);
    expect([late.statusCode, late.json().code]).toEqual([409, 'INVALID_TRANSITION']);
    expect((await stored(callId, admin)).note).toBe('just in time');
    // A simulated day fires every timer of the day (heartbeats, sweeps, floor counts) one by one:
    // seconds on a quiet machine, over the default 30 s on a loaded CI runner.
  }, 120_000);
});
