import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import { registerRecordingRoutes } from '../../../src/api/http/recordings/recording-routes.js';
import { buildServer } from '../../../src/api/server.js';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { AppError } from '../../../src/core/errors.js';
import { FsRecordingAudio } from '../../../src/recording/fs-recording-audio.js';
import { KyselyCallStore } from '../../../src/store/calls/call-repository.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

let db: TestDb;
let app: FastifyInstance;
let root: string;
const audit: AuditEntry[] = [];
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const TEAMS: Record<string, string[]> = { a1: ['t-sales'], a3: ['t-other'] };
// 100 bytes, each its own index: any part served can be checked against the offsets asked.
const AUDIO = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
const SECRET = 'outside the recordings folder';

const USERS: Record<string, { roles: Role[]; ledTeamIds?: string[] }> = {
  'tok-a1': { roles: ['agent'] },
  'tok-lead': { roles: ['team_lead'], ledTeamIds: ['t-sales'] },
  'tok-sup': { roles: ['supervisor'] },
};
const auth = (token: string, range?: string) => ({ authorization: `Bearer ${token}`, ...(range ? { range } : {}) });

function call(id: string, agentId: string): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+15551230000', to: '+15550001', callerName: '', ivrPath: [], variables: {}, startedAt: T0, endedAt: T0 + 60_000, agentId, recordingIds: [], outcome: 'agent_answered' };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'sb-rec-'));
  const dir = path.join(root, 'recordings');
  await mkdir(dir);
  await writeFile(path.join(dir, 'call-c1-1.wav'), AUDIO);
  await writeFile(path.join(dir, 'call-c2-1.wav'), AUDIO);
  await writeFile(path.join(root, 'secret.wav'), SECRET);
  await symlink(path.join(root, 'secret.wav'), path.join(dir, 'linked.wav'));
  db = await createTestDb();
  const store = new KyselyCallStore(db.db);
  await store.saveCall(call('c1', 'a1'));
  await store.saveCall(call('c2', 'a3'));
  const rec = (id: string, callId: string, name: string) => store.saveRecording({ id, callId, name, startedAt: T0, stoppedAt: T0 + 60_000, durationMs: 60_000, paused: false });
  await rec('rec-1', 'c1', 'call-c1-1');
  await rec('rec-2', 'c2', 'call-c2-1');
  // Rows a bug or a tampered database could hold: the folder must still not be left.
  await rec('rec-forged', 'c1', '../secret');
  await rec('rec-link', 'c1', 'linked');
  await rec('rec-gone', 'c1', 'call-c1-9');
  app = buildServer({
    authenticate: (token): Promise<Principal> => {
      const u = USERS[token];
      if (!u) return Promise.reject(new AppError('UNAUTHENTICATED'));
      return Promise.resolve({ userId: `u-${token}`, username: token, roles: u.roles, permissions: permissionsOf(u.roles), ledTeamIds: u.ledTeamIds ?? [], sessionId: token });
    },
    routes: [
      (a) =>
        registerRecordingRoutes(a, {
          recordings: store,
          records: store,
          audio: new FsRecordingAudio(dir),
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

  it('given a team lead and a recording of another team, or an agent, when asked then 404 and 403', async () => {
    expect((await audio('rec-2', 'tok-lead')).statusCode).toBe(404);
    expect((await audio('rec-2', 'tok-sup')).statusCode).toBe(200);
    expect((await audio('rec-1', 'tok-a1')).statusCode).toBe(403);
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
