import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_OUTCOMES, type CallRecord } from '../../../../src/calls/call-model.js';
import { KyselyCallStore } from '../../../../src/store/calls/call-repository.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

let t: TestDb;
let store: KyselyCallStore;
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

beforeAll(async () => {
  t = await createTestDb();
  store = new KyselyCallStore(t.db);
});
afterAll(async () => {
  await t.close();
});

function call(id: string, over: Partial<CallRecord> = {}): CallRecord {
  return {
    id,
    direction: 'inbound',
    state: 'ended',
    from: '+15551234567',
    to: '+15550001',
    callerName: 'Ada',
    ivrPath: ['main', 'sales'],
    variables: { did: '+15550001', crm: 'gold' },
    startedAt: T0,
    recordingIds: [],
    ...over,
  };
}

describe('call records repository', () => {
  it('given every outcome call handling can give when a call ends with it then the database stores it (its check constraint lists them all)', async () => {
    for (const outcome of CALL_OUTCOMES) {
      await store.saveCall(call(`o-${outcome}`, { endedAt: T0 + 1_000, outcome }));
      expect((await store.get(`o-${outcome}`))?.call.outcome).toBe(outcome);
    }
  });

  it('given a call written in steps when read back then the record, legs, timeline and recordings are exactly what was written', async () => {
    await store.saveCall(call('r1', { state: 'ivr' }));
    await store.saveLeg({ id: 'leg-c', callId: 'r1', role: 'customer', endpoint: '+15551234567', createdAt: T0 });
    await store.appendTransition({ callId: 'r1', seq: 1, at: T0 + 1_000, from: 'ivr', event: 'queue_entered', to: 'queued', details: { queue: 'sales' } });
    await store.saveLeg({ id: 'leg-a', callId: 'r1', role: 'agent', agentId: 'a1', endpoint: 'agent1', createdAt: T0 + 2_000, ringingAt: T0 + 2_010 });
    await store.saveLeg({ id: 'leg-a', callId: 'r1', role: 'agent', agentId: 'a1', endpoint: 'agent1', createdAt: T0 + 2_000, ringingAt: T0 + 2_010, answeredAt: T0 + 5_000, endedAt: T0 + 65_000, hangupCause: 'normal', endedBy: 'local' });
    await store.saveRecording({ id: 'rec1', callId: 'r1', name: 'call-r1-1', startedAt: T0 + 5_000, paused: false });
    await store.saveRecording({ id: 'rec1', callId: 'r1', name: 'call-r1-1', startedAt: T0 + 5_000, stoppedAt: T0 + 65_000, durationMs: 60_000, paused: false });
    await store.saveCall(call('r1', { queueId: 'sales', agentId: 'a1', answeredAt: T0 + 5_000, endedAt: T0 + 65_000, outcome: 'agent_answered', hungUpBy: 'caller', recordingIds: ['rec1'] }));

    const detail = await store.get('r1');
    expect(detail?.call).toEqual(call('r1', { queueId: 'sales', agentId: 'a1', answeredAt: T0 + 5_000, endedAt: T0 + 65_000, outcome: 'agent_answered', hungUpBy: 'caller', recordingIds: ['rec1'] }));
    expect(detail?.legs).toEqual([
      { id: 'leg-c', callId: 'r1', role: 'customer', endpoint: '+15551234567', createdAt: T0 },
      { id: 'leg-a', callId: 'r1', role: 'agent', agentId: 'a1', endpoint: 'agent1', createdAt: T0 + 2_000, ringingAt: T0 + 2_010, answeredAt: T0 + 5_000, endedAt: T0 + 65_000, hangupCause: 'normal', endedBy: 'local' },
    ]);
    expect(detail?.timeline).toEqual([{ callId: 'r1', seq: 1, at: T0 + 1_000, from: 'ivr', event: 'queue_entered', to: 'queued', details: { queue: 'sales' } }]);
    expect(detail?.recordings).toEqual([{ id: 'rec1', name: 'call-r1-1', startedAt: T0 + 5_000, stoppedAt: T0 + 65_000, durationMs: 60_000 }]);
  });

  it('given several calls when listed with filters then newest come first and pages continue after the cursor', async () => {
    for (let i = 0; i < 5; i++) {
      await store.saveCall(call(`p${i}`, { startedAt: T0 + 100_000 + i * 1_000, agentId: i % 2 ? 'a2' : 'a3', outcome: i % 2 ? 'queue_abandon' : 'agent_answered' }));
    }
    const a3 = await store.list({ agentId: 'a3' });
    expect(a3.map((c) => c.id)).toEqual(['p4', 'p2', 'p0']);
    const abandoned = await store.list({ outcomes: ['queue_abandon'], from: T0 + 100_000 });
    expect(abandoned.map((c) => c.id)).toEqual(['p3', 'p1']);
    const page1 = await store.list({ from: T0 + 100_000, limit: 2 });
    const page2 = await store.list({ from: T0 + 100_000, limit: 2, before: page1.at(-1)?.id });
    expect([...page1, ...page2].map((c) => c.id)).toEqual(['p4', 'p3', 'p2', 'p1']);
  });

  it('given an ended call when deleted then its legs, timeline and recordings go with it', async () => {
    expect(await store.delete('r1')).toBe(true);
    expect(await store.get('r1')).toBeUndefined();
    const legs = await t.db.selectFrom('call_legs').select('id').where('call_id', '=', 'r1').execute();
    expect(legs).toEqual([]);
    expect(await store.delete('r1')).toBe(false);
  });

  it('given a call in progress when deletion is asked then it is refused and the call stays', async () => {
    await store.saveCall(call('live', { state: 'connected' }));
    await expect(store.delete('live')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await store.get('live')).toBeDefined();
  });

  it('given an unknown outcome when written then the database refuses it', async () => {
    await expect(store.saveCall(call('bad', { outcome: 'nonsense' as never }))).rejects.toThrow();
    expect(await store.get('bad')).toBeUndefined();
  });

  it('given calls a previous run left open when the daemon starts then they are closed with a restart step and their open legs are lost', async () => {
    await store.saveCall(call('open1', { state: 'connected', answeredAt: T0 + 1_000, agentId: 'a1' }));
    await store.saveLeg({ id: 'open1-c', callId: 'open1', role: 'customer', endpoint: '+1555', createdAt: T0 });
    await store.appendTransition({ callId: 'open1', seq: 1, at: T0, from: 'ivr', event: 'queue_entered', to: 'queued', details: {} });
    await store.saveCall(call('open2', { state: 'queued' }));
    const closed = await store.closeUnfinished(T0 + 500_000);
    expect(closed).toBeGreaterThanOrEqual(2);
    const one = await store.get('open1');
    expect(one?.call).toMatchObject({ state: 'ended', outcome: 'agent_answered', hungUpBy: 'unknown', endedAt: T0 + 500_000 });
    expect(one?.timeline.at(-1)).toMatchObject({ seq: 2, from: 'connected', event: 'daemon_restart', to: 'ended' });
    expect(one?.legs[0]).toMatchObject({ endedAt: T0 + 500_000, hangupCause: 'lost', endedBy: 'unknown' });
    const two = await store.get('open2');
    expect(two?.call.state).toBe('ended');
    expect(two?.call.outcome).toBe('lost_on_restart');
    expect(await store.closeUnfinished(T0 + 600_000)).toBe(0);
  });
});
