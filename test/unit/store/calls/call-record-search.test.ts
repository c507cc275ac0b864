import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../../src/calls/call-model.js';
import type { CallRecordQuery } from '../../../../src/calls/ports.js';
import { KyselyCallStore } from '../../../../src/store/calls/call-repository.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

let t: TestDb;
let store: KyselyCallStore;
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function call(id: string, at: number, over: Partial<CallRecord> = {}): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+15551230000', to: '+15550001', callerName: '', ivrPath: [], variables: {}, startedAt: at, recordingIds: [], ...over };
}

// Ten calls a minute apart (s0 oldest); each property varies on its own rhythm so that every
// filter selects a different subset, computed below from the same table.
const CALLS: CallRecord[] = Array.from({ length: 10 }, (_, i) =>
  call(`s${i}`, T0 + i * 60_000, {
    direction: i % 3 === 0 ? 'outbound' : 'inbound',
    from: i % 3 === 0 ? '+15550001' : i % 2 ? '+8613800138000' : '+15551230000',
    to: i % 3 === 0 ? (i === 6 ? '8613800138000' : '+15559990000') : '+15550001',
    queueId: i % 2 ? 'sales' : 'support',
    agentId: `a${i % 4}`,
    endedAt: T0 + i * 60_000 + i * 10_000,
    outcome: i % 3 === 0 ? 'outbound_answered' : i % 2 ? 'agent_answered' : 'queue_abandon',
  }),
);
const WITH_RECORDING = new Set(['s1', 's4', 's7']);

beforeAll(async () => {
  t = await createTestDb();
  store = new KyselyCallStore(t.db);
  for (const c of CALLS) await store.saveCall(c);
  for (const id of WITH_RECORDING) await store.saveRecording({ id: `rec-${id}`, callId: id, name: `call-${id}-1`, startedAt: T0, paused: false });
  // A call not ended yet has no duration: duration filters never match it.
  await store.saveCall(call('open', T0 + 30_000, { state: 'queued' }));
});
afterAll(async () => {
  await t.close();
});

const ids = async (q: CallRecordQuery) => (await store.list({ from: T0, ...q })).map((c) => c.id);
const expected = (keep: (c: CallRecord, i: number) => boolean) => CALLS.filter(keep).map((c) => c.id).reverse();

describe('call record search', () => {
  it('given calls of both directions when filtered by direction then only that direction comes, newest first', async () => {
    expect(await ids({ direction: 'outbound' })).toEqual(expected((c) => c.direction === 'outbound'));
    expect(await ids({ direction: 'inbound' })).toEqual([...expected((c) => c.direction === 'inbound')].flatMap((id) => (id === 's1' ? ['s1', 'open'] : [id])));
  });

  it('given a customer number in several stored forms when searched then calls from it and to it both match', async () => {
    const forms = ['+8613800138000', '8613800138000'];
    expect(await ids({ numberForms: forms })).toEqual(expected((c) => forms.includes(c.from) || forms.includes(c.to)));
    expect(await ids({ numberForms: forms })).toContain('s6');
    expect(await ids({ numberForms: [] })).toEqual([]);
  });

  it('given a list of outcomes when filtered then any of them matches and an empty list matches nothing', async () => {
    expect(await ids({ outcomes: ['queue_abandon', 'outbound_answered'] })).toEqual(expected((c) => c.outcome !== 'agent_answered'));
    expect(await ids({ outcomes: [] })).toEqual([]);
  });

  it('given calls of different lengths when filtered by duration bounds then the bounds are inclusive and open calls never match', async () => {
    const secs = (c: CallRecord) => ((c.endedAt ?? 0) - c.startedAt) / 1000;
    expect(await ids({ minDurationSeconds: 30, maxDurationSeconds: 60 })).toEqual(expected((c) => secs(c) >= 30 && secs(c) <= 60));
    expect(await ids({ minDurationSeconds: 30, maxDurationSeconds: 60 })).toEqual(['s6', 's5', 's4', 's3']);
    expect(await ids({ maxDurationSeconds: 0 })).toEqual(['s0']);
  });

  it('given calls with and without recordings when filtered by recording present then each side gets its own', async () => {
    expect(await ids({ hasRecording: true })).toEqual(expected((c) => WITH_RECORDING.has(c.id)));
    expect(await ids({ hasRecording: false, direction: 'outbound' })).toEqual(expected((c) => !WITH_RECORDING.has(c.id) && c.direction === 'outbound'));
  });

  it('given a recording whose file was purged when filtered by recording present then its call counts as without (nothing to listen to)', async () => {
    await store.saveCall(call('purged', T0 + 45_000));
    await store.saveRecording({ id: 'rec-purged', callId: 'purged', name: 'call-purged-1', startedAt: T0, paused: false });
    expect(await ids({ hasRecording: true })).toContain('purged');
    await t.db.updateTable('call_recordings').set({ purged_at: new Date(T0 + 86_400_000), purge_reason: 'retention' }).where('id', '=', 'rec-purged').execute();
    expect(await ids({ hasRecording: true })).not.toContain('purged');
    expect(await ids({ hasRecording: false })).toContain('purged');
    await t.db.deleteFrom('calls').where('id', '=', 'purged').execute();
  });

  it('given filters combined with agents and a queue when paged two at a time then the pages join to the unpaged answer', async () => {
    const q: CallRecordQuery = { agentIds: ['a1', 'a2', 'a3'], queueId: 'sales', direction: 'inbound' };
    const all = await ids(q);
    expect(all).toEqual(expected((c) => ['a1', 'a2', 'a3'].includes(c.agentId ?? '') && c.queueId === 'sales' && c.direction === 'inbound'));
    const paged: string[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await store.list({ from: T0, ...q, limit: 2, ...(before ? { before } : {}) });
      paged.push(...page.map((c) => c.id));
      if (page.length < 2) break;
      before = page.at(-1)?.id;
    }
    expect(paged).toEqual(all);
  });

  it('given calls starting in the same millisecond when paged one at a time then none is skipped or repeated (the id breaks the tie)', async () => {
    const at = T0 + 3_600_000;
    for (const id of ['tie-a', 'tie-b', 'tie-c']) await store.saveCall(call(id, at, { endedAt: at + 1_000, outcome: 'agent_answered' }));
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 4; i++) {
      const page = await store.list({ from: at, limit: 1, ...(before ? { before } : {}) });
      if (page.length === 0) break;
      seen.push(page[0]?.id ?? '');
      before = page[0]?.id;
    }
    expect(seen).toEqual(['tie-c', 'tie-b', 'tie-a']);
  });

  it('given a filter when counted up to a cap then the count stops at the cap', async () => {
    expect(await store.count({ from: T0, to: T0 + 600_000 }, 100)).toBe(11);
    expect(await store.count({ from: T0, to: T0 + 600_000 }, 4)).toBe(4);
    expect(await store.count({ outcomes: [] }, 100)).toBe(0);
  });
});
