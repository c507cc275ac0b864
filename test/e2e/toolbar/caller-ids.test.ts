/** SWITCHBOARD_CALLER_IDS, GET /api/agent/caller-ids and the caller id chosen on click-to-dial. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

const MAIN = '+15550001111';
const SALES = '+15550002222';

/** The customer's leg of a click-to-dial, as the media server has it. */
async function customerLeg(world: ToolbarWorld, number: string) {
  await world.until(`the media server dials ${number}`, async () => (await world.pbx.snapshot()).channels.some((c) => c.dialedNumber === number));
  return (await world.pbx.snapshot()).channels.find((c) => c.dialedNumber === number);
}

describe('outbound caller ids, two configured', () => {
  let w: ToolbarWorld;
  beforeAll(async () => {
    w = await makeToolbarWorld({ config: { callerIds: [MAIN, SALES] } });
  });
  afterEach(async () => {
    await w.reset();
  });
  afterAll(async () => {
    await w.close();
  });

  it('given two configured caller ids when Alice asks then both are listed with the first as default, and a dial naming the second shows it to the customer', async () => {
    const world = w;
    expect(await world.ok('GET', '/api/agent/caller-ids', world.alice.headers)).toEqual({ callerIds: [MAIN, SALES], default: MAIN });
    await world.ok('POST', '/api/agent/login', world.alice.headers, { state: 'available' });
    const dialed = await world.inject('POST', '/api/calls/dial', world.alice.headers, { number: '+4930777', callerId: SALES });
    expect(dialed.statusCode, dialed.body).toBe(201);
    expect((await customerLeg(world, '+4930777'))?.callerNumber).toBe(SALES);
    await world.until('the customer answers', () => world.cc().callHandling.calls.control.callOfAgent(world.alice.id)?.state === 'connected');
    const detail = await world.ok('GET', `/api/call-records/${dialed.json().call.id}`);
    expect(detail.call.variables).toMatchObject({ outbound_caller_id: SALES });
  });

  it('given configured caller ids when Alice dials without choosing then the customer sees the default', async () => {
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    await w.ok('POST', '/api/calls/dial', w.alice.headers, { number: '+4930888' });
    expect((await customerLeg(w, '+4930888'))?.callerNumber).toBe(MAIN);
  });

  it("given Alice's click-to-dial when she consults Bob then Bob's phone shows the customer's number, never Alice's agent id", async () => {
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    await w.ok('POST', '/api/agent/login', w.bob.headers, { state: 'not_ready' });
    const dial = await w.ok('POST', '/api/calls/dial', w.alice.headers, { number: '+4930999' });
    await w.until('the customer answers', () => w.cc().callHandling.calls.control.callOfAgent(w.alice.id)?.state === 'connected');
    w.pbx.control.setPhoneBehaviour(w.bob.phone, 'manual');
    await w.ok('POST', `/api/calls/${dial.call.id}/consult`, w.alice.headers, { target: { kind: 'agent', agentId: w.bob.id } });
    await w.until("Bob's phone rings", () => w.pbx.control.ringingAt(w.bob.phone).length === 1);
    const bobLeg = (await w.pbx.snapshot()).channels.find((c) => c.id === w.pbx.control.ringingAt(w.bob.phone)[0]);
    expect(bobLeg?.callerNumber).toBe('+4930999');
  });

  it('given a caller id that is not configured, or not E.164, when Alice dials with it then 400 naming /body/callerId and no call starts', async () => {
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    for (const callerId of ['+15559999999', '5550001111', '+1 555', '']) {
      const res = await w.inject('POST', '/api/calls/dial', w.alice.headers, { number: '+4930777', callerId });
      expect([callerId, res.statusCode, res.json().code]).toEqual([callerId, 400, 'VALIDATION_FAILED']);
      expect(res.json().details.problems.map((p: { where: string }) => p.where)).toEqual(['/body/callerId']);
    }
    expect(w.cc().callHandling.calls.control.callOfAgent(w.alice.id)).toBeUndefined();
    expect((await w.pbx.snapshot()).channels).toEqual([]);
    expect((await w.ok('GET', '/api/agent/desk', w.alice.headers)).state).toBe('available');
  });

});

describe('outbound caller ids, none configured', () => {
  let w: ToolbarWorld;
  beforeAll(async () => {
    w = await makeToolbarWorld();
  });
  afterAll(async () => {
    await w.close();
  });

  it('given no caller ids configured then the list is empty with no default, and any chosen caller id is refused', async () => {
    expect(await w.ok('GET', '/api/agent/caller-ids', w.alice.headers)).toEqual({ callerIds: [], default: null });
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    const res = await w.inject('POST', '/api/calls/dial', w.alice.headers, { number: '+4930777', callerId: MAIN });
    expect(res.statusCode).toBe(400);
  });
});
