import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { FakeClock } from '../../../src/core/clock.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { FsRecordingDisk } from '../../../src/recording/fs-recording-disk.js';
import { RecordingRetentionPurge } from '../../../src/recording/retention-purge.js';
import { KyselyCallStore } from '../../../src/store/calls/call-repository.js';
import { KyselyRecordingRetentionStore } from '../../../src/store/calls/recording-retention-repo.js';
import { QueuesRepo } from '../../../src/store/config/queues-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';

// The center is in Shanghai (UTC+8): its quiet hour 03:30 is 19:30 UTC the day before.
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
// 23 Nov 17:00 Shanghai.
const START = Date.UTC(2026, 10, 23, 9, 0, 0);
const QUIET_24 = Date.UTC(2026, 10, 23, 19, 30, 0);
const OLD = Date.UTC(2026, 10, 20, 2, 0, 0);
const AUDIO = Buffer.alloc(100, 7);
const OUTSIDE = 'not a recording, outside the folder';

let db: TestDb;
let root: string;
let dir: string;
let store: KyselyRecordingRetentionStore;
let calls: KyselyCallStore;
const clock = new FakeClock(START);
const audit: AuditEntry[] = [];
const lines: LogLine[] = [];
// One id source across restarts, like random ids in production.
const runIds = sequentialIds('run');

function call(id: string, queueId: string | undefined): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+15551230000', to: '+15550001', callerName: '', ivrPath: [], variables: {}, startedAt: OLD, endedAt: OLD + 60_000, recordingIds: [], outcome: 'agent_answered', ...(queueId ? { queueId } : {}) };
}

const purgeJob = () =>
  new RecordingRetentionPurge({ store, disk: new FsRecordingDisk(dir), audit: { record: (e) => (audit.push(e), Promise.resolve()) }, clock, log: recordingLogger(lines), timeZone: TZ, newId: runIds, batchSize: 2 });

const exists = (name: string) => stat(path.join(dir, name)).then(
  () => true,
  (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? false : Promise.reject(err)),
);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sb-purge-'));
  dir = path.join(root, 'recordings');
  await mkdir(dir);
  for (const name of ['old-1', 'old-2', 'today', 'forever', 'no-queue']) await writeFile(path.join(dir, `${name}.wav`), AUDIO);
  await writeFile(path.join(root, 'outside.wav'), OUTSIDE);
  db = await createTestDb();
  calls = new KyselyCallStore(db.db);
  store = new KyselyRecordingRetentionStore(db.db);
  const queues = new QueuesRepo({ db: db.db });
  const kept1 = (await queues.create({ name: 'Sales', media: 'voice', strategy: 'random', recordingRetentionDays: 1 })).id;
  const forever = (await queues.create({ name: 'Legal', media: 'voice', strategy: 'random' })).id;
  await calls.saveCall(call('c-kept', kept1));
  await calls.saveCall(call('c-forever', forever));
  await calls.saveCall(call('c-none', undefined));
  const rec = (id: string, callId: string, name: string, stoppedAt: number | undefined) =>
    calls.saveRecording({ id, callId, name, startedAt: (stoppedAt ?? START) - 60_000, paused: false, ...(stoppedAt ? { stoppedAt, durationMs: 60_000 } : {}) });
  await rec('r-old-1', 'c-kept', 'old-1', OLD);
  await rec('r-old-2', 'c-kept', 'old-2', OLD);
  await rec('r-gone', 'c-kept', 'never-written', OLD);
  // A forged row: its name leaves the folder. The purge must refuse it and go on with the rest.
  await rec('r-forged', 'c-kept', '../outside', OLD);
  await rec('r-today', 'c-kept', 'today', START - 3_600_000);
  await rec('r-open', 'c-kept', 'open', undefined);
  await rec('r-forever', 'c-forever', 'forever', OLD);
  await rec('r-no-queue', 'c-none', 'no-queue', OLD);
});

afterAll(async () => {
  await db.close();
  await rm(root, { recursive: true, force: true });
});

describe('the daily recording purge', () => {
  let job: RecordingRetentionPurge;
  beforeAll(() => {
    job = purgeJob();
  });

  it('given no purge ever ran when the daemon starts then one runs at once: files past retention deleted, rows marked, the forged row refused and the others still done', async () => {
    await job.start();
    const run = await job.lastRun();
    expect(run).toMatchObject({ purged: 3, failed: 1, missingFiles: 1, bytesFreed: 2 * AUDIO.length, failedIds: ['r-forged'] });
    expect(await exists('old-1.wav')).toBe(false);
    expect(await exists('old-2.wav')).toBe(false);
    for (const kept of ['today.wav', 'forever.wav', 'no-queue.wav']) expect({ kept, there: await exists(kept) }).toEqual({ kept, there: true });
    expect(await readFile(path.join(root, 'outside.wav'), 'utf8')).toBe(OUTSIDE);
    for (const id of ['r-old-1', 'r-old-2', 'r-gone']) expect(await calls.recording(id)).toMatchObject({ purgedAt: START, purgeReason: 'retention' });
    for (const id of ['r-forged', 'r-today', 'r-open', 'r-forever', 'r-no-queue']) expect({ id, purgedAt: (await calls.recording(id))?.purgedAt }).toEqual({ id, purgedAt: undefined });
  });

  it('given that run then it is logged with counts and bytes, the refused file with its id, and audited in one entry naming the recordings', () => {
    expect(lines.filter((l) => l.msg === 'recording purge done').map((l) => l.obj)).toEqual([expect.objectContaining({ purged: 3, failed: 1, missingFiles: 1, bytesFreed: 200 })]);
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.obj)).toEqual([expect.objectContaining({ recordingId: 'r-forged', callId: 'c-kept', code: 'RECORDING_NAME_REFUSED' })]);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'recording.purge', details: expect.objectContaining({ purged: 3, failed: 1, bytesFreed: 200, recordingIds: ['r-gone', 'r-old-1', 'r-old-2'], failedIds: ['r-forged'] }) }),
    ]);
    expect(audit[0]?.actorId).toBeUndefined();
  });

  it('given the next quiet hour (24 Nov 03:30 local) when it comes then a run finds only the refused row again; today\'s recording is kept', async () => {
    await clock.advanceAsync(QUIET_24 - clock.now() - 1);
    expect(audit).toHaveLength(1);
    await clock.advanceAsync(1);
    expect(await job.lastRun()).toMatchObject({ startedAt: QUIET_24, purged: 0, failed: 1 });
    expect(audit).toHaveLength(2);
    expect(await exists('today.wav')).toBe(true);
  });

  it('given one more day (25 Nov 03:30 local) when the quiet hour comes then the recording of 23 Nov goes', async () => {
    await clock.advanceAsync(DAY);
    expect(await job.lastRun()).toMatchObject({ startedAt: QUIET_24 + DAY, purged: 1, bytesFreed: 100 });
    expect(await exists('today.wav')).toBe(false);
    expect(await calls.recording('r-today')).toMatchObject({ purgeReason: 'retention' });
    expect(audit).toHaveLength(3);
  });

  it('given the daemon restarts later the same day when it starts then no purge is owed and none runs until the next quiet hour', async () => {
    await job.stop();
    // Meanwhile an admin dealt with the forged row by hand.
    await store.markPurged(['r-forged'], clock.now(), 'deleted');
    await clock.advanceAsync(6 * 3_600_000);
    expect(audit).toHaveLength(3);
    const again = purgeJob();
    await again.start();
    expect(again.lastRun()).toBeUndefined();
    await clock.advanceAsync(QUIET_24 + 2 * DAY - clock.now());
    expect(await again.lastRun()).toMatchObject({ startedAt: QUIET_24 + 2 * DAY, purged: 0, failed: 0 });
    await again.stop();
    // It deleted nothing and failed nothing (the forged row is marked now): stored, not audited.
    expect(audit).toHaveLength(3);
    expect((await store.lastPurgeRun())?.startedAt).toBe(QUIET_24 + 2 * DAY);
  });
});
