import { mkdtemp, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import { permissionsOf, type Permission, type Role } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import { registerRecordingRoutes } from '../../../src/api/http/recordings/recording-routes.js';
import { buildServer } from '../../../src/api/server.js';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { AppError } from '../../../src/core/errors.js';
import { wavBytes } from '../../../src/pbx/shared/wav.js';
import { FsRecordingAudio } from '../../../src/recording/fs-recording-audio.js';
import { FsRecordingDisk } from '../../../src/recording/fs-recording-disk.js';
import { KyselyCallStore } from '../../../src/store/calls/call-repository.js';
import { KyselyRecordingRetentionStore } from '../../../src/store/calls/recording-retention-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

let db: TestDb;
let app: FastifyInstance;
let root: string;
let dir: string;
let store: KyselyCallStore;
const audit: AuditEntry[] = [];
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const TEAMS: Record<string, string[]> = { a1: ['t-sales'], a3: ['t-other'] };
// 100 bytes, each its own index: any part served can be checked against the offsets asked.
const AUDIO = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
const SECRET = 'outside the recordings folder';
// A second of a loud tone: peaks near 0.8 all along. The same length of silence: peaks of 0.
const TONE = wavBytes({ durationMs: 1_000, toneHz: 400, amplitude: 0.8 });
const SILENCE = wavBytes({ durationMs: 1_000 });
/** A-law (format 6): a WAV the browser may play, but not PCM. */
const ALAW = Buffer.from(TONE.subarray(0, 44 + 8000));
ALAW.writeUInt16LE(6, 20);
ALAW.writeUInt32LE(8000, 28);
ALAW.writeUInt16LE(1, 32);
ALAW.writeUInt16LE(8, 34);
ALAW.writeUInt32LE(8000, 40);
ALAW.writeUInt32LE(36 + 8000, 4);

const USERS: Record<string, { roles: Role[]; agentId?: string; ledTeamIds?: string[]; granted?: Permission[] }> = {
  // Agent a1 (records.own, no records.view): handled call c1; c2 is a colleague's (a3).
  'tok-a1': { roles: ['agent'], agentId: 'a1' },
  // The agent role but linked to no agent: no call is theirs.
  'tok-unlinked': { roles: ['agent'] },
  'tok-nobody': { roles: [] },
  'tok-lead': { roles: ['team_lead'], ledTeamIds: ['t-sales'] },
  // A lead an admin let delete records: still only their team's.
  'tok-lead-del': { roles: ['team_lead'], ledTeamIds: ['t-sales'], granted: ['records.delete'] },
  'tok-sup': { roles: ['supervisor'] },
};
const auth = (token: string, range?: string) => ({ authorization: `Bearer ${token}`, ...(range ? { range } : {}) });

function call(id: string, agentId: string): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+15551230000', to: '+15550001', callerName: '', ivrPath: [], variables: {}, startedAt: T0, endedAt: T0 + 60_000, agentId, recordingIds: [], outcome: 'agent_answered' };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sb-rec-'));
  dir = path.join(root, 'recordings');
  await mkdir(dir);
  await writeFile(path.join(dir, 'call-c1-1.wav'), AUDIO);
  await writeFile(path.join(dir, 'call-c2-1.wav'), AUDIO);
  await writeFile(path.join(dir, 'call-c1-del.wav'), AUDIO);
  await writeFile(path.join(dir, 'call-c1-open.wav'), AUDIO);
  await writeFile(path.join(dir, 'call-c2-del.wav'), AUDIO);
  await writeFile(path.join(root, 'secret.wav'), SECRET);
  await writeFile(path.join(dir, 'call-c1-tone.wav'), TONE);
  await writeFile(path.join(dir, 'call-c1-alaw.wav'), ALAW);
  await writeFile(path.join(dir, 'call-c1-cache.wav'), TONE);
  await writeFile(path.join(dir, 'call-c2-tone.wav'), TONE);
  await writeFile(path.join(dir, 'call-c3-1.wav'), TONE);
  await symlink(path.join(root, 'secret.wav'), path.join(dir, 'linked.wav'));
  db = await createTestDb();
  store = new KyselyCallStore(db.db);
  await store.saveCall(call('c1', 'a1'));
  await store.saveCall(call('c2', 'a3'));
  // c3: a1 answered it and transferred it to a3, whose call it ended as.
  await store.saveCall(call('c3', 'a3'));
  await store.saveLeg({ id: 'l-c3-a1', callId: 'c3', role: 'agent', agentId: 'a1', endpoint: 'PJSIP/a1', createdAt: T0, answeredAt: T0 + 2_000, endedAt: T0 + 20_000 });
  await store.saveLeg({ id: 'l-c3-a3', callId: 'c3', role: 'agent', agentId: 'a3', endpoint: 'PJSIP/a3', createdAt: T0 + 20_000, answeredAt: T0 + 22_000, endedAt: T0 + 60_000 });
  const rec = (id: string, callId: string, name: string) => store.saveRecording({ id, callId, name, startedAt: T0, stoppedAt: T0 + 60_000, durationMs: 60_000, paused: false });
  await rec('rec-1', 'c1', 'call-c1-1');
  await rec('rec-2', 'c2', 'call-c2-1');
  // Rows a bug or a tampered database could hold: the folder must still not be left.
  await rec('rec-forged', 'c1', '../secret');
  await rec('rec-link', 'c1', 'linked');
  await rec('rec-gone', 'c1', 'call-c1-9');
  await rec('rec-del', 'c1', 'call-c1-del');
  await rec('rec-2-del', 'c2', 'call-c2-del');
  await store.saveRecording({ id: 'rec-open', callId: 'c1', name: 'call-c1-open', startedAt: T0, paused: false });
  await rec('rec-tone', 'c1', 'call-c1-tone');
  await rec('rec-alaw', 'c1', 'call-c1-alaw');
  await rec('rec-cache', 'c1', 'call-c1-cache');
  await rec('rec-2-tone', 'c2', 'call-c2-tone');
  await rec('rec-3', 'c3', 'call-c3-1');
  await rec('rec-tone-purged', 'c1', 'call-c1-tone-purged');
  await new KyselyRecordingRetentionStore(db.db).markPurged(['rec-tone-purged'], T0 + 3_600_000, 'retention');
  app = buildServer({
    authenticate: (token): Promise<Principal> => {
      const u = USERS[token];
      if (!u) return Promise.reject(new AppError('UNAUTHENTICATED'));
      return Promise.resolve({ userId: `u-${token}`, username: token, roles: u.roles, permissions: permissionsOf(u.roles, u.granted), ledTeamIds: u.ledTeamIds ?? [], sessionId: token, ...(u.agentId ? { agentId: u.agentId } : {}) });
    },
    routes: [
      (a) =>
        registerRecordingRoutes(a, {
          recordings: store,
          records: store,
          audio: new FsRecordingAudio(dir),
          disk: new FsRecordingDisk(dir),
          purges: new KyselyRecordingRetentionStore(db.db),
          now: () => T0 + 86_400_000,
          audit: { record: (e) => (audit.push(e), Promise.resolve()) },
          teamsOfAgent: (agentId) => TEAMS[agentId] ?? [],
        }),
    ],
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await db.close();
  await rm(root, { recursive: true, force: true });
});

const audio = (id: string, token: string, range?: string) => app.inject({ method: 'GET', url: `/api/recordings/${id}/audio`, headers: auth(token, range) });

describe('recording audio', () => {
  it('given a recording of the lead team when listened to whole then 200 with every byte, Accept-Ranges and one audited listen', async () => {
    const before = audit.length;
    const res = await audio('rec-1', 'tok-lead');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['content-length']).toBe('100');
    expect(res.rawPayload.equals(AUDIO)).toBe(true);
    expect(audit.slice(before)).toEqual([{ actorId: 'u-tok-lead', action: 'recording.listen', target: 'recording:rec-1', details: { callId: 'c1' }, ip: '127.0.0.1' }]);
  });

  it('given a range when asked then 206 with exactly those bytes and Content-Range; a seek is not audited again', async () => {
    const before = audit.length;
    const mid = await audio('rec-1', 'tok-sup', 'bytes=10-19');
    expect(mid.statusCode).toBe(206);
    expect(mid.headers['content-range']).toBe('bytes 10-19/100');
    expect([...mid.rawPayload]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const open = await audio('rec-1', 'tok-sup', 'bytes=95-');
    expect(open.headers['content-range']).toBe('bytes 95-99/100');
    expect([...open.rawPayload]).toEqual([95, 96, 97, 98, 99]);
    const suffix = await audio('rec-1', 'tok-sup', 'bytes=-3');
    expect([...suffix.rawPayload]).toEqual([97, 98, 99]);
    const past = await audio('rec-1', 'tok-sup', 'bytes=90-500');
    expect(past.headers['content-range']).toBe('bytes 90-99/100');
    expect(audit.length).toBe(before);
    const fromStart = await audio('rec-1', 'tok-sup', 'bytes=0-1');
    expect(fromStart.statusCode).toBe(206);
    expect(audit.slice(before).map((a) => a.action)).toEqual(['recording.listen']);
  });

  it('given a range outside the file or malformed when asked then 416 with the size in Content-Range', async () => {
    for (const range of ['bytes=100-', 'bytes=20-10', 'bytes=0-1,5-6', 'items=0-1', 'bytes=-0']) {
      const res = await audio('rec-1', 'tok-sup', range);
      expect({ range, status: res.statusCode }).toEqual({ range, status: 416 });
      expect(res.headers['content-range']).toBe('bytes */100');
      expect(res.json().code).toBe('RANGE_NOT_SATISFIABLE');
    }
  });

  it('given a crafted id that walks out of the folder when asked then 404 and nothing of the file outside', async () => {
    for (const url of ['/api/recordings/..%2F..%2F..%2Fetc%2Fpasswd/audio', '/api/recordings/..%2Fsecret/audio', '/api/recordings/%2E%2E/audio', '/api/recordings/../../etc/passwd/audio']) {
      const res = await app.inject({ method: 'GET', url, headers: auth('tok-sup') });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 404 });
      expect(res.body).not.toContain(SECRET);
      expect(res.body).not.toContain('root:');
    }
  });

  it('given rows naming a path outside the folder, a link out of it or a missing file when asked then 404', async () => {
    for (const id of ['rec-forged', 'rec-link', 'rec-gone']) {
      const res = await audio(id, 'tok-sup');
      expect({ id, status: res.statusCode }).toEqual({ id, status: 404 });
      expect(res.body).not.toContain(SECRET);
    }
  });

  it('given a team lead and a recording of another team, or a user holding no role, when asked then 404 and 403', async () => {
    expect((await audio('rec-2', 'tok-lead')).statusCode).toBe(404);
    expect((await audio('rec-2', 'tok-sup')).statusCode).toBe(200);
    expect((await audio('rec-1', 'tok-nobody')).statusCode).toBe(403);
  });

  it('given an agent and a recording of a call they handled when played from the start and then sought then 200 and 206 with those bytes, one listen audited as for a supervisor', async () => {
    const before = audit.length;
    const whole = await audio('rec-1', 'tok-a1');
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(AUDIO)).toBe(true);
    const seek = await audio('rec-1', 'tok-a1', 'bytes=10-19');
    expect(seek.statusCode).toBe(206);
    expect(seek.headers['content-range']).toBe('bytes 10-19/100');
    expect([...seek.rawPayload]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const replay = await audio('rec-1', 'tok-a1', 'bytes=0-');
    expect(replay.statusCode).toBe(206);
    const listen = { actorId: 'u-tok-a1', action: 'recording.listen', target: 'recording:rec-1', details: { callId: 'c1' }, ip: '127.0.0.1' };
    expect(audit.slice(before)).toEqual([listen, listen]);
  });

  it('given an agent who answered a call and transferred it away when they listen to its recording and ask its peaks then 200 for both, the listen audited; a colleague\'s call still 404', async () => {
    const before = audit.length;
    const listen = await audio('rec-3', 'tok-a1');
    expect(listen.statusCode).toBe(200);
    expect(listen.rawPayload.equals(TONE)).toBe(true);
    const shape = await peaks('rec-3', 'tok-a1', '?buckets=100');
    expect(shape.statusCode).toBe(200);
    expect(shape.json<{ peaks: number[] }>().peaks).toHaveLength(100);
    expect(audit.slice(before)).toEqual([{ actorId: 'u-tok-a1', action: 'recording.listen', target: 'recording:rec-3', details: { callId: 'c3' }, ip: '127.0.0.1' }]);
    expect((await audio('rec-2', 'tok-a1')).statusCode).toBe(404);
    expect((await peaks('rec-2-tone', 'tok-a1')).statusCode).toBe(404);
  });

  it("given an agent and a colleague's recording, or a user linked to no agent, when asked then 404 NOT_FOUND as for a recording that does not exist, and nothing audited", async () => {
    const before = audit.length;
    const asks = [['rec-2', 'tok-a1', undefined], ['rec-2', 'tok-a1', 'bytes=0-9'], ['rec-1', 'tok-unlinked', undefined], ['rec-nope', 'tok-a1', undefined]] as const;
    for (const [id, token, range] of asks) {
      const res = await audio(id, token, range);
      expect({ id, token, status: res.statusCode, body: res.json() }).toEqual({ id, token, status: 404, body: { code: 'NOT_FOUND', message: `No recording ${id}`, details: { recordingId: id } } });
    }
    expect(audit.length).toBe(before);
  });

  it('given an agent when they download or delete even a recording of their own call then 403: those need recordings.download and records.delete', async () => {
    const download = await app.inject({ method: 'GET', url: '/api/recordings/rec-1/download', headers: auth('tok-a1') });
    const deleted = await app.inject({ method: 'DELETE', url: '/api/recordings/rec-1', headers: auth('tok-a1') });
    expect([download, deleted].map((r) => [r.statusCode, r.json().code])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ]);
    expect(await there('call-c1-1.wav')).toBe(true);
  });

  it('given a download when asked by a lead then 403 (recordings.download); by a supervisor the file as an attachment, audited', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/recordings/rec-1/download', headers: auth('tok-lead') })).statusCode).toBe(403);
    const before = audit.length;
    const res = await app.inject({ method: 'GET', url: '/api/recordings/rec-1/download', headers: auth('tok-sup') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="call-c1-1.wav"');
    expect(res.rawPayload.equals(AUDIO)).toBe(true);
    expect(audit.slice(before)).toEqual([expect.objectContaining({ actorId: 'u-tok-sup', action: 'recording.download', target: 'recording:rec-1' })]);
  });
});

const remove = (id: string, token: string) => app.inject({ method: 'DELETE', url: `/api/recordings/${id}`, headers: auth(token) });
const there = (name: string) => stat(path.join(dir, name)).then(
  () => true,
  (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? false : Promise.reject(err)),
);

describe('deleting a recording', () => {
  it('given a lead without records.delete when deleting then 403 and the file stays', async () => {
    const res = await remove('rec-del', 'tok-lead');
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
    expect(await there('call-c1-del.wav')).toBe(true);
  });

  it('given a lead granted records.delete when deleting another team\'s recording then 404 and its file stays', async () => {
    const res = await remove('rec-2-del', 'tok-lead-del');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', details: { recordingId: 'rec-2-del' } });
    expect(await there('call-c2-del.wav')).toBe(true);
    expect((await store.recording('rec-2-del'))?.purgedAt).toBeUndefined();
  });

  it('given an unknown id when deleting then 404 NOT_FOUND naming it', async () => {
    const res = await remove('rec-nope', 'tok-sup');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', details: { recordingId: 'rec-nope' } });
  });

  it('given a recording of the lead\'s team when the granted lead deletes it then 204, the file gone, the row kept and marked deleted, one audit entry', async () => {
    const before = audit.length;
    const res = await remove('rec-del', 'tok-lead-del');
    expect(res.statusCode).toBe(204);
    expect(await there('call-c1-del.wav')).toBe(false);
    expect(await store.recording('rec-del')).toMatchObject({ id: 'rec-del', purgedAt: T0 + 86_400_000, purgeReason: 'deleted' });
    expect((await store.get('c1'))?.recordings.find((r) => r.id === 'rec-del')).toMatchObject({ purgeReason: 'deleted' });
    expect(audit.slice(before)).toEqual([
      { actorId: 'u-tok-lead-del', action: 'recording.delete', target: 'recording:rec-del', details: { callId: 'c1', fileFound: true, bytesFreed: AUDIO.length }, ip: '127.0.0.1' },
    ]);
  });

  it('given a deleted recording when listened to, downloaded or deleted again then 410 RECORDING_PURGED and nothing more is audited', async () => {
    const before = audit.length;
    for (const res of [await audio('rec-del', 'tok-sup'), await app.inject({ method: 'GET', url: '/api/recordings/rec-del/download', headers: auth('tok-sup') }), await remove('rec-del', 'tok-sup')]) {
      expect(res.statusCode).toBe(410);
      expect(res.json()).toMatchObject({ code: 'RECORDING_PURGED', details: { recordingId: 'rec-del', reason: 'deleted' } });
    }
    expect(audit.length).toBe(before);
  });

  it('given a recording still being recorded when deleted then 409 RECORDING_IN_PROGRESS and the file stays', async () => {
    const res = await remove('rec-open', 'tok-sup');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('RECORDING_IN_PROGRESS');
    expect(await there('call-c1-open.wav')).toBe(true);
  });

  it('given a row naming a file outside the folder when deleted then 409 RECORDING_NAME_REFUSED and the file outside is untouched', async () => {
    const res = await remove('rec-forged', 'tok-sup');
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('RECORDING_NAME_REFUSED');
    expect(await readFile(path.join(root, 'secret.wav'), 'utf8')).toBe(SECRET);
    expect((await store.recording('rec-forged'))?.purgedAt).toBeUndefined();
  });

  it('given a row naming a link out of the folder when deleted then the link goes and its target stays', async () => {
    const res = await remove('rec-link', 'tok-sup');
    expect(res.statusCode).toBe(204);
    expect(await there('linked.wav')).toBe(false);
    expect(await readFile(path.join(root, 'secret.wav'), 'utf8')).toBe(SECRET);
  });
});

const peaks = (id: string, token: string, query = '') => app.inject({ method: 'GET', url: `/api/recordings/${id}/peaks${query}`, headers: auth(token) });

describe('a recording\'s waveform', () => {
  it('given a recording of the lead\'s team when its peaks are asked then 200 with that many peaks of the tone and its length, and no listen is audited', async () => {
    const before = audit.length;
    const res = await peaks('rec-tone', 'tok-lead', '?buckets=100');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ recordingId: string; buckets: number; durationMs: number; sampleRate: number; channels: number; bitsPerSample: number; peaks: number[] }>();
    expect(body).toMatchObject({ recordingId: 'rec-tone', buckets: 100, durationMs: 1_000, sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    expect(body.peaks).toHaveLength(100);
    expect(Math.min(...body.peaks)).toBeGreaterThan(0.75);
    expect(Math.max(...body.peaks)).toBeLessThanOrEqual(0.8);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(audit.length).toBe(before);
  });

  it('given no bucket count when asked then 800 peaks', async () => {
    const res = await peaks('rec-tone', 'tok-sup');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ peaks: number[] }>().peaks).toHaveLength(800);
  });

  it('given a bucket count outside 50..2000 or not a whole number when asked then 400 VALIDATION_FAILED at /query/buckets', async () => {
    for (const q of ['?buckets=49', '?buckets=2001', '?buckets=0', '?buckets=12.5', '?buckets=many']) {
      const res = await peaks('rec-tone', 'tok-sup', q);
      expect({ q, status: res.statusCode }).toEqual({ q, status: 400 });
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [expect.objectContaining({ where: '/query/buckets' })] } });
    }
    expect((await peaks('rec-tone', 'tok-sup', '?buckets=50')).statusCode).toBe(200);
    expect((await peaks('rec-tone', 'tok-sup', '?buckets=2000')).statusCode).toBe(200);
  });

  it('given an agent when the peaks of a recording of their own call are asked then 200, not audited; a colleague\'s then 404 as for the audio', async () => {
    const before = audit.length;
    const own = await peaks('rec-tone', 'tok-a1', '?buckets=100');
    expect(own.statusCode).toBe(200);
    expect(own.json<{ recordingId: string; peaks: number[] }>()).toMatchObject({ recordingId: 'rec-tone', peaks: expect.any(Array) });
    expect(own.json<{ peaks: number[] }>().peaks).toHaveLength(100);
    const other = await peaks('rec-2-tone', 'tok-a1');
    expect([other.statusCode, other.json().code]).toEqual([404, 'NOT_FOUND']);
    expect((await peaks('rec-tone', 'tok-unlinked')).statusCode).toBe(404);
    expect((await peaks('rec-tone-purged', 'tok-a1')).json().code).toBe('RECORDING_PURGED');
    expect(audit.length).toBe(before);
  });

  it('given someone who may not listen (no role) or a lead asking for another team\'s recording when the peaks are asked then 403 and 404, as for the audio', async () => {
    expect((await peaks('rec-tone', 'tok-nobody')).json().code).toBe('FORBIDDEN');
    const other = await peaks('rec-2-tone', 'tok-lead');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'NOT_FOUND', details: { recordingId: 'rec-2-tone' } });
    expect((await peaks('rec-2-tone', 'tok-sup')).statusCode).toBe(200);
    expect((await peaks('rec-nope', 'tok-sup')).statusCode).toBe(404);
    expect((await peaks('rec-gone', 'tok-sup')).statusCode).toBe(404);
  });

  it('given a purged recording when its peaks are asked then 410 RECORDING_PURGED like its audio', async () => {
    for (const res of [await peaks('rec-tone-purged', 'tok-sup'), await audio('rec-tone-purged', 'tok-sup')]) {
      expect(res.statusCode).toBe(410);
      expect(res.json()).toMatchObject({ code: 'RECORDING_PURGED', details: { recordingId: 'rec-tone-purged', reason: 'retention' } });
    }
  });

  it('given a file that is not PCM (A-law) when its peaks are asked then 422 RECORDING_UNREADABLE with the reason, and the audio still plays', async () => {
    const res = await peaks('rec-alaw', 'tok-sup');
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'RECORDING_UNREADABLE', details: { recordingId: 'rec-alaw', callId: 'c1', reason: 'audio format 6 is not PCM' } });
    expect((await audio('rec-alaw', 'tok-sup')).statusCode).toBe(200);
  });

  it('given peaks computed once when the file is replaced keeping its size and time then the kept peaks answer; when its time changes then they are computed again', async () => {
    const file = path.join(dir, 'call-c1-cache.wav');
    // A whole second, so that setting it again gives exactly the same time.
    const mtime = new Date(T0);
    await utimes(file, mtime, mtime);
    const first = (await peaks('rec-cache', 'tok-sup', '?buckets=50')).json<{ peaks: number[] }>().peaks;
    expect(Math.min(...first)).toBeGreaterThan(0.75);
    await writeFile(file, SILENCE);
    await utimes(file, mtime, mtime);
    expect((await peaks('rec-cache', 'tok-sup', '?buckets=50')).json<{ peaks: number[] }>().peaks).toEqual(first);
    await utimes(file, mtime, new Date(mtime.getTime() + 60_000));
    expect((await peaks('rec-cache', 'tok-sup', '?buckets=50')).json<{ peaks: number[] }>().peaks).toEqual(new Array(50).fill(0));
  });
});
