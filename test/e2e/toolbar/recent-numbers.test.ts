/** GET /api/agent/recent-numbers: the far ends of the agent's calls, newest first, each once, from the store. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

describe("the agent's recent numbers", () => {
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

  const recent = async (headers = w.alice.headers) => (await w.ok('GET', '/api/agent/recent-numbers', headers)).numbers;
  const talkAndEnd = async (from: string) => {
    const { caller, callId } = await w.callAlice(from);
    await w.pbx.control.farEndHangup(caller);
    await w.until('the call is stored as ended', async () => (await w.ok('GET', `/api/call-records/${callId}`)).call.state === 'ended');
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
  };

  it('given calls Alice took and a number she dialed then they are listed newest first, a caller calling again moves up instead of repeating, and Bob sees none of them', async () => {
    await talkAndEnd('+4930111');
    await w.t.clock.advanceAsync(60_000);
    await talkAndEnd('+4930222');
    await w.t.clock.advanceAsync(60_000);
    const dial = await w.ok('POST', '/api/calls/dial', w.alice.headers, { number: '+4930333' });
    await w.until('the customer answers', () => w.cc().callHandling.calls.control.callOfAgent(w.alice.id)?.state === 'connected');
    await w.ok('POST', `/api/calls/${dial.call.id}/hangup`, w.alice.headers);
    await w.until('the dial is over', () => w.cc().callHandling.calls.control.callOfAgent(w.alice.id) === undefined);
    expect(await recent()).toEqual(['+4930333', '+4930222', '+4930111']);

    await w.t.clock.advanceAsync(60_000);
    await talkAndEnd('+4930111');
    expect(await recent()).toEqual(['+4930111', '+4930333', '+4930222']);
    expect(await recent(w.bob.headers)).toEqual([]);
  });

  it('given more than ten different numbers in the store then the ten newest are listed; calls Alice was only rung for are not hers', async () => {
    const store = w.cc().callStore;
    const base = w.t.clock.now() + 3_600_000;
    for (let i = 0; i < 12; i++) {
      const id = `seeded-${i}`;
      const at = base + i * 60_000;
      const number = `+4940${String(i).padStart(4, '0')}`;
      await store.saveCall({ id, direction: 'inbound', state: 'ended', from: number, to: '100', callerName: '', agentId: w.alice.id, ivrPath: [], variables: {}, startedAt: at, endedAt: at + 30_000, outcome: 'agent_answered', recordingIds: [] });
      // The last call only rang Alice: her leg was never answered.
      const answered = i === 11 ? {} : { answeredAt: at + 5_000 };
      await store.saveLeg({ id: `${id}-a`, callId: id, role: 'agent', agentId: w.alice.id, endpoint: w.alice.phone, createdAt: at, ...answered, endedAt: at + 30_000 });
    }
    const numbers = await recent();
    expect(numbers).toHaveLength(10);
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, k) => `+4940${String(10 - k).padStart(4, '0')}`));
  });

  it('given a user who is not an agent then 403 NOT_AN_AGENT', async () => {
    const res = await w.inject('GET', '/api/agent/recent-numbers', await w.t.loginAs('supervisor'));
    expect([res.statusCode, res.json().code]).toEqual([403, 'NOT_AN_AGENT']);
  });
});
