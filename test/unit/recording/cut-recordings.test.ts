import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log.js';
import { finishCutRecordings } from '../../../src/recording/cut-recordings.js';
import { FsRecordingFiles } from '../../../src/recording/fs-recording-files.js';
import { checkWav } from '../../../src/recording/wav-header.js';
import { KyselyCallStore } from '../../../src/store/calls/call-repository.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const RATE = 8000; // 8 kHz, 16-bit mono: 16000 bytes a second

/** A WAV file as the media server leaves it: `riffSize` / `dataSize` as written, then `samples` bytes. */
function wav(samples: number, sizes: { riff: number; data: number }): Buffer {
  const b = Buffer.alloc(44 + samples);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(sizes.riff, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(RATE, 24);
  b.writeUInt32LE(RATE * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(sizes.data, 40);
  for (let i = 44; i < b.length; i++) b[i] = i % 251;
  return b;
}

describe('the WAV header of a cut recording', () => {
  it('given sizes that match the file when checked then it is complete with its duration', () => {
    expect(checkWav(wav(32_000, { riff: 36 + 32_000, data: 32_000 }), 44 + 32_000)).toEqual({ kind: 'complete', durationMs: 2_000 });
  });

  it('given zero sizes and half a sample at the end when checked then the fixed header counts whole samples only', () => {
    const verdict = checkWav(wav(16_001, { riff: 0, data: 0 }), 44 + 16_001);
    expect(verdict.kind).toBe('repairable');
    if (verdict.kind !== 'repairable') return;
    const h = Buffer.from(verdict.header);
    expect(h.readUInt32LE(40)).toBe(16_000);
    expect(h.readUInt32LE(4)).toBe(36 + 16_000);
    expect(verdict.durationMs).toBe(1_000);
  });

  it('given bytes that are not a WAV file when checked then it is damaged, not repaired', () => {
    expect(checkWav(Buffer.from('not a recording at all, only text'), 33)).toMatchObject({ kind: 'damaged' });
  });
});

describe('recordings a crash left open, with real files', () => {
  let db: TestDb;
  let store: KyselyCallStore;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDb();
    store = new KyselyCallStore(db.db);
    await store.saveCall({ id: 'c1', direction: 'inbound', state: 'ended', from: '+1555', to: '+1556', callerName: '', ivrPath: [], variables: {}, startedAt: T0, recordingIds: ['r-cut', 'r-gone', 'r-whole', 'r-junk', 'r-live'] });
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-rec-'));
    return () => rm(dir, { recursive: true, force: true });
  });

  it('given open rows whose files are cut, missing, whole or junk when the daemon starts then each record says what exists and cut headers are repaired', async () => {
    const open = (id: string, name: string) => store.saveRecording({ id, callId: 'c1', name, startedAt: T0, paused: false });
    await open('r-cut', 'call-c1-1');
    await open('r-gone', 'call-c1-2');
    await open('r-whole', 'call-c1-3');
    await open('r-junk', 'call-c1-4');
    await open('r-live', 'call-c1-5');
    await writeFile(path.join(dir, 'call-c1-1.wav'), wav(48_000, { riff: 0, data: 0 }));
    await writeFile(path.join(dir, 'call-c1-3.wav16'), wav(16_000, { riff: 36 + 16_000, data: 16_000 }));
    await writeFile(path.join(dir, 'call-c1-4.wav'), 'garbage');
    await writeFile(path.join(dir, 'call-c1-5.wav'), wav(160, { riff: 0, data: 0 }));

    const done = await finishCutRecordings({ store, files: new FsRecordingFiles(dir), now: T0 + 60_000, log: silentLogger }, new Set(['r-live']));
    expect(done.map((r) => [r.id, r.fileState])).toEqual([
      ['r-cut', 'repaired'],
      ['r-gone', 'missing'],
      ['r-whole', 'complete'],
      ['r-junk', 'damaged'],
    ]);

    const repaired = await readFile(path.join(dir, 'call-c1-1.wav'));
    expect(repaired.readUInt32LE(4)).toBe(36 + 48_000);
    expect(repaired.readUInt32LE(40)).toBe(48_000);
    expect(repaired.subarray(44)).toEqual(wav(48_000, { riff: 0, data: 0 }).subarray(44));
    expect((await readFile(path.join(dir, 'call-c1-4.wav'), 'utf8'))).toBe('garbage');

    const detail = await store.get('c1');
    const byId = new Map(detail?.recordings.map((r) => [r.id, r]));
    expect(byId.get('r-cut')).toMatchObject({ fileState: 'repaired', durationMs: 3_000, stoppedAt: T0 + 60_000 });
    expect(byId.get('r-gone')).toMatchObject({ fileState: 'missing', stoppedAt: T0 + 60_000 });
    expect(byId.get('r-gone')?.durationMs).toBeUndefined();
    expect(byId.get('r-whole')).toMatchObject({ fileState: 'complete', durationMs: 1_000 });
    expect(byId.get('r-junk')).toMatchObject({ fileState: 'damaged' });
    expect(byId.get('r-live')?.stoppedAt).toBeUndefined();
    expect((await store.openRecordings()).map((r) => r.id)).toEqual(['r-live']);
  });
});
