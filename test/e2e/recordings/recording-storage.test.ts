import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

let t: TestApp;
let dir: string;
let admin: AuthHeaders;
let kept30: string;
let forever: string;
const SIZES = { 'call-a.wav': 1000, 'call-b.wav16': 250, 'voicemail-x.wav': 40 };

function call(id: string, queueId: string | undefined, startedAt: number): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+15551230000', to: '+15550001', callerName: '', ivrPath: [], variables: {}, startedAt, endedAt: startedAt + 60_000, recordingIds: [], outcome: 'agent_answered', ...(queueId ? { queueId } : {}) };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sb-storage-'));
  for (const [name, size] of Object.entries(SIZES)) await writeFile(path.join(dir, name), Buffer.alloc(size));
  t = await createTestApp({ config: { recordingsDir: dir } });
  admin = await t.loginAs('admin');
  const post = (payload: object) => t.inject({ method: 'POST', url: '/api/queues', headers: admin, payload: { media: 'voice', strategy: 'random', ...payload } });
  kept30 = (await post({ name: 'Sales', recordingRetentionDays: 30 })).json<{ id: string }>().id;
  forever = (await post({ name: 'Legal' })).json<{ id: string }>().id;
  const empty = (await post({ name: 'Billing', recordingRetentionDays: 7 })).json<{ id: string }>().id;
  expect(empty).toBeTruthy();
  const store = t.deps.contactCenter.callStore;
  const now = t.clock.now();
  await store.saveCall(call('c1', kept30, now));
  await store.saveCall(call('c2', forever, now));
  await store.saveCall(call('c3', undefined, now));
  const rec = (id: string, callId: string, ms: number) => store.saveRecording({ id, callId, name: id, startedAt: now, stoppedAt: now + ms, durationMs: ms, paused: false });
  await rec('call-a', 'c1', 30_000);
  await rec('call-b', 'c1', 15_000);
  await rec('call-c', 'c2', 5_000);
  await rec('call-d', 'c3', 1_000);
  await t.deps.contactCenter.recordings.retentionStore.markPurged(['call-b'], now, 'deleted');
});

afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

describe('recording storage for admins', () => {
  it('given files in the folder and recordings of three queues when an admin asks then the folder totals and per-queue kept, purged and retention', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/recordings/storage', headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ folder: object; queues: { queueId?: string }[] }>();
    expect(body.folder).toEqual({ files: Object.keys(SIZES).length, bytes: Object.values(SIZES).reduce((a, b) => a + b, 0) });
    const byQueue = new Map(body.queues.map((q) => [q.queueId ?? 'none', q]));
    // Files per queue are the kept recordings' only: call-b's file, still there after its row was
    // marked deleted, and the voicemail are the folder's, not a queue's; call-c's and call-d's files are missing.
    expect(byQueue.get(kept30)).toEqual({ queueId: kept30, kept: 1, keptDurationMs: 30_000, keptFiles: 1, keptBytes: 1000, purged: 1, retentionDays: 30 });
    expect(byQueue.get(forever)).toEqual({ queueId: forever, kept: 1, keptDurationMs: 5_000, keptFiles: 0, keptBytes: 0, purged: 0, retentionDays: null });
    expect(byQueue.get('none')).toEqual({ kept: 1, keptDurationMs: 1_000, keptFiles: 0, keptBytes: 0, purged: 0, retentionDays: null });
    // A queue with a retention and no recording yet still shows its setting.
    expect([...byQueue.values()].filter((q) => q.queueId !== undefined && q.queueId !== kept30 && q.queueId !== forever)).toEqual([expect.objectContaining({ kept: 0, retentionDays: 7 })]);
  });

  it('given a second recording of a queue written as .wav16 when an admin asks then its file and bytes add to that queue', async () => {
    const store = t.deps.contactCenter.callStore;
    await store.saveRecording({ id: 'call-e', callId: 'c2', name: 'call-e', startedAt: t.clock.now(), stoppedAt: t.clock.now() + 2_000, durationMs: 2_000, paused: false });
    await writeFile(path.join(dir, 'call-e.wav16'), Buffer.alloc(640));
    const body = (await t.inject({ method: 'GET', url: '/api/recordings/storage', headers: admin })).json<{ queues: { queueId?: string }[] }>();
    expect(body.queues.find((q) => q.queueId === forever)).toMatchObject({ kept: 2, keptFiles: 1, keptBytes: 640 });
  });

  it('given a supervisor, a team lead or an agent (no config.edit) when asking then 403', async () => {
    for (const role of ['supervisor', 'team_lead', 'agent'] as const) {
      const res = await t.inject({ method: 'GET', url: '/api/recordings/storage', headers: await t.loginAs(role) });
      expect({ role, status: res.statusCode, code: res.json().code }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
    }
  });

  it('given no purge ran yet, then one, when an admin asks then the last purge is absent, then its time and counts are shown', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/recordings/storage', headers: admin })).json().lastPurge).toBeUndefined();
    // Nothing is past 30 or 7 days yet: the run deletes nothing.
    await t.deps.contactCenter.recordings.purge.run();
    const res = await t.inject({ method: 'GET', url: '/api/recordings/storage', headers: admin });
    expect(res.json().lastPurge).toMatchObject({ at: t.clock.now(), purged: 0, failed: 0 });
  });
});
