/**
 * Issue 14: deleting a call record (records.delete, audited) deletes its recordings' files too;
 * before, the rows went and the files stayed in the folder for ever, counted in the storage used
 * and out of every retention. A purged recording's file is already gone; a row naming a path out
 * of the folder never reaches outside it; a call still going keeps everything.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import { permissionsOf } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
import { registerCallRecordRoutes } from '../../../src/api/http/calls/call-record-routes.js';
import { buildServer } from '../../../src/api/server.js';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { AppError } from '../../../src/core/errors.js';
import { FsRecordingDisk } from '../../../src/recording/fs-recording-disk.js';
import { KyselyCallStore } from '../../../src/store/calls/call-repository.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const SECRET = 'outside the recordings folder';

describe('deleting a call record', () => {
  let db: TestDb;
  let app: FastifyInstance;
  let root: string;
  let dir: string;
  let store: KyselyCallStore;
  const audit: AuditEntry[] = [];

  const call = (id: string, state: CallRecord['state'] = 'ended'): CallRecord => ({
    id,
    direction: 'inbound',
    state,
    from: '+15551230000',
    to: '+15550001',
    callerName: '',
    ivrPath: [],
    variables: {},
    startedAt: T0,
    ...(state === 'ended' ? { endedAt: T0 + 60_000, outcome: 'agent_answered' as const } : {}),
    agentId: 'a1',
    recordingIds: [],
  });
  const exists = (name: string) => stat(path.join(dir, name)).then(
    () => true,
    () => false,
  );

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'sb-recdel-'));
    dir = path.join(root, 'recordings');
    await mkdir(dir);
    for (const name of ['call-c1-1.wav', 'call-c1-2.wav', 'call-c2-1.wav', 'call-c3-1.wav']) await writeFile(path.join(dir, name), 'RIFF');
    await writeFile(path.join(root, 'secret.wav'), SECRET);
    db = await createTestDb();
    store = new KyselyCallStore(db.db);
    await store.saveCall(call('c1'));
    await store.saveCall(call('c2'));
    await store.saveCall(call('c3', 'connected'));
    const rec = (id: string, callId: string, name: string) => store.saveRecording({ id, callId, name, startedAt: T0, stoppedAt: T0 + 30_000, durationMs: 30_000, paused: false });
    await rec('r1', 'c1', 'call-c1-1');
    await rec('r2', 'c1', 'call-c1-2');
    await rec('r-forged', 'c1', '../secret');
    await rec('r3', 'c2', 'call-c2-1');
    await rec('r4', 'c3', 'call-c3-1');
    app = buildServer({
      authenticate: (token): Promise<Principal> => {
        if (token !== 'tok-sup') return Promise.reject(new AppError('UNAUTHENTICATED'));
        return Promise.resolve({ userId: 'u-sup', username: 'sue', roles: ['supervisor'], permissions: permissionsOf(['supervisor']), ledTeamIds: [], sessionId: token });
      },
      routes: [(a) => registerCallRecordRoutes(a, { records: store, audit: { record: (e) => (audit.push(e), Promise.resolve()) }, teamsOfAgent: () => [], recordingFiles: new FsRecordingDisk(dir) })],
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });

  const del = (id: string) => app.inject({ method: 'DELETE', url: `/api/call-records/${id}`, headers: { authorization: 'Bearer tok-sup' } });

  it('given an ended call with two recordings and a forged row when its record is deleted then 204, both files gone, the file outside untouched, the other call kept, audited with the count', async () => {
    const res = await del('c1');
    expect(res.statusCode, res.body).toBe(204);
    expect(await exists('call-c1-1.wav')).toBe(false);
    expect(await exists('call-c1-2.wav')).toBe(false);
    expect(await readFile(path.join(root, 'secret.wav'), 'utf8')).toBe(SECRET);
    expect(await exists('call-c2-1.wav')).toBe(true);
    expect(await store.get('c1')).toBeUndefined();
    expect(audit).toEqual([expect.objectContaining({ action: 'call_record.delete', target: 'call:c1', details: { recordingFilesRemoved: 2 } })]);
  });

  it('given a call still going when its record is deleted then 409 CONFLICT and its file and record stay', async () => {
    const res = await del('c3');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT', details: { callId: 'c3' } });
    expect(await exists('call-c3-1.wav')).toBe(true);
    expect(await store.get('c3')).toBeDefined();
  });

  it('given an unknown call when deleted then 404 NOT_FOUND and nothing else changes', async () => {
    const res = await del('nope');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', details: { callId: 'nope' } });
    expect(await exists('call-c2-1.wav')).toBe(true);
  });
});
