import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import { registerCallRecordExportRoutes } from '../../../src/api/http/calls/call-record-export-routes.js';
import { registerCallRecordRoutes } from '../../../src/api/http/calls/call-record-routes.js';
import { buildServer } from '../../../src/api/server.js';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { AppError } from '../../../src/core/errors.js';
import { KyselyCallStore } from '../../../src/store/calls/call-repository.js';
import { KyselyRecordingRetentionStore } from '../../../src/store/calls/recording-retention-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

let db: TestDb;
let app: FastifyInstance;
const audit: AuditEntry[] = [];
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const TEAMS: Record<string, string[]> = { a1: ['t-sales'], a2: ['t-sales'], a3: ['t-other'] };

const USERS: Record<string, { roles: Role[]; ledTeamIds?: string[] }> = {
  'tok-a1': { roles: ['agent'] },
  'tok-lead': { roles: ['team_lead'], ledTeamIds: ['t-sales'] },
  'tok-sup': { roles: ['supervisor'] },
};
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function call(id: string, at: number, over: Partial<CallRecord> = {}): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+8613800138000', to: '+86105550001', callerName: '王小明', ivrPath: [], variables: {}, startedAt: at, recordingIds: [], ...over };
}

beforeAll(async () => {
  db = await createTestDb();
  const records = new KyselyCallStore(db.db);
  await records.saveCall(call('c1', T0, { agentId: 'a1', queueId: 'sales', answeredAt: T0 + 5_000, endedAt: T0 + 65_000, outcome: 'agent_answered', recordingIds: ['r1'] }));
  await records.saveWrapUp('c1', { disposition: { id: 'd1', code: 'sale', label: '已成交' }, note: '客户说："下周,再联系"\n第二行', by: 'a1', at: T0 + 70_000 });
  await records.saveCall(call('c2', T0 + 60_000, { agentId: 'a3', queueId: 'support', endedAt: T0 + 70_000, outcome: 'queue_abandon', from: '+15551230000', recordingIds: ['r2'] }));
  await records.saveCall(call('c3', T0 + 120_000, { agentId: 'a2', direction: 'outbound', from: '+86105550001', to: '13900139000', answeredAt: T0 + 125_000, endedAt: T0 + 140_000, outcome: 'outbound_answered', recordingIds: ['r3a', 'r3b'] }));
  await records.saveWrapUp('c3', { disposition: null, note: '=HYPERLINK("http://x")', by: 'a2', at: T0 + 150_000 });
  // c1's recording is kept; c2's went by its queue's retention, c3's two were deleted by hand.
  const purges = new KyselyRecordingRetentionStore(db.db);
  const rec = (id: string, callId: string) => records.saveRecording({ id, callId, name: id, startedAt: T0, stoppedAt: T0 + 5_000, durationMs: 5_000, paused: false });
  for (const [id, callId] of [['r1', 'c1'], ['r2', 'c2'], ['r3a', 'c3'], ['r3b', 'c3']] as const) await rec(id, callId);
  await purges.markPurged(['r2'], T0 + 86_400_000, 'retention');
  await purges.markPurged(['r3a', 'r3b'], T0 + 86_400_000, 'deleted');
  app = buildServer({
    authenticate: (token): Promise<Principal> => {
      const u = USERS[token];
      if (!u) return Promise.reject(new AppError('UNAUTHENTICATED'));
      return Promise.resolve({ userId: `u-${token}`, username: token, roles: u.roles, permissions: permissionsOf(u.roles), ledTeamIds: u.ledTeamIds ?? [], sessionId: token });
    },
    routes: [
      async (a) => {
        const deps = {
          records,
          audit: { record: (e: AuditEntry) => (audit.push(e), Promise.resolve()) },
          teamsOfAgent: (agentId: string) => TEAMS[agentId] ?? [],
          agentsInTeams: (teamIds: string[]) => Object.keys(TEAMS).filter((a) => TEAMS[a]?.some((t) => teamIds.includes(t))),
          exportRowCaps: { team_lead: 2, supervisor: 3 },
          // Names as the directory has them; a2's agent was removed since (no name, the id stays).
          exportNames: async () => ({ queue: (id: string) => ({ sales: '销售 Sales' })[id], agent: (id: string) => ({ a1: 'Alice Wang', a3: '=cmd' })[id] }),
        };
        await registerCallRecordRoutes(a, deps);
        await registerCallRecordExportRoutes(a, deps);
      },
    ],
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await db.close();
});

const list = (token: string, qs: string) => app.inject({ method: 'GET', url: `/api/call-records?${qs}`, headers: auth(token) });
const exp = (token: string, qs: string) => app.inject({ method: 'GET', url: `/api/call-records/export?${qs}`, headers: auth(token) });
const idsOf = (res: { json: () => { calls: { id: string }[] } }) => res.json().calls.map((c) => c.id);

describe('call record search over HTTP', () => {
  it('given an inverted time or duration range when searched then 400 INVALID_RANGE names both fields', async () => {
    const time = await list('tok-sup', `from=${T0 + 1}&to=${T0}`);
    expect(time.statusCode).toBe(400);
    expect(time.json()).toMatchObject({ code: 'INVALID_RANGE', details: { fields: ['from', 'to'] } });
    const duration = await list('tok-sup', 'minDuration=60&maxDuration=10');
    expect(duration.json()).toMatchObject({ code: 'INVALID_RANGE', details: { fields: ['minDuration', 'maxDuration'] } });
  });

  it('given an unknown filter or a number that is not one when searched then 400 VALIDATION_FAILED', async () => {
    const unknown = await list('tok-sup', 'tag=vip');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('VALIDATION_FAILED');
    const number = await list('tok-sup', 'number=hello');
    expect(number.statusCode).toBe(400);
    expect(number.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/number' }] } });
  });

  it('given a customer number written differently when searched then calls from and to it match', async () => {
    expect(idsOf(await list('tok-sup', `number=${encodeURIComponent('0086 10 555 0001')}`))).toEqual(['c3', 'c2', 'c1']);
    expect(idsOf(await list('tok-sup', `number=${encodeURIComponent('+86 138-0013-8000')}`))).toEqual(['c1']);
  });

  it('given repeated outcomes, a team and a direction when searched then filters combine', async () => {
    expect(idsOf(await list('tok-sup', 'outcome=agent_answered&outcome=queue_abandon'))).toEqual(['c2', 'c1']);
    expect(idsOf(await list('tok-sup', 'teamId=t-sales'))).toEqual(['c3', 'c1']);
    expect(idsOf(await list('tok-sup', 'teamId=t-sales&direction=inbound'))).toEqual(['c1']);
    expect(idsOf(await list('tok-sup', 'recording=true'))).toEqual(['c1']);
  });

  it('given a team lead when they search another team then nothing comes, and their own team only without a team', async () => {
    expect(idsOf(await list('tok-lead', 'teamId=t-other'))).toEqual([]);
    expect(idsOf(await list('tok-lead', ''))).toEqual(['c3', 'c1']);
  });
});

describe('call record export', () => {
  it('given calls with Chinese text, quotes, commas and line breaks when exported as CSV then each field reads back exactly', async () => {
    const res = await exp('tok-sup', 'format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="call-records-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.rawPayload[0]).not.toBe(0xef);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('call_id,started_at,direction,caller_number,called_number,queue_id,queue_name,agent_id,agent_name,outcome,duration_seconds,talk_seconds,recording,recordings,recording_state,disposition,note');
    expect(lines[1]).toBe(`c3,${new Date(T0 + 120_000).toISOString()},outbound,+86105550001,13900139000,,,a2,,outbound_answered,20,15,yes,2,deleted,,"'=HYPERLINK(""http://x"")"`);
    expect(res.body).toContain(`c1,${new Date(T0).toISOString()},inbound,+8613800138000,+86105550001,sales,销售 Sales,a1,Alice Wang,agent_answered,65,60,yes,1,kept,已成交,"客户说：""下周,再联系""\n第二行"\r\n`);
    expect(res.body).not.toContain('王小明');
    // A name that looks like a formula is defused like any free text.
    expect(res.body).toContain(`,support,,a3,'=cmd,queue_abandon,10,,yes,1,purged,,\r\n`);
    expect(res.body.endsWith('\r\n')).toBe(true);
  });

  it('given format xlsx-csv when exported then the file starts with the UTF-8 byte-order mark and the Chinese bytes follow as UTF-8', async () => {
    const res = await exp('tok-sup', 'format=xlsx-csv&outcome=agent_answered');
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.rawPayload.includes(Buffer.from('已成交', 'utf8'))).toBe(true);
    expect(res.body.replace('\uFEFF', '').split('\r\n').filter(Boolean)).toHaveLength(2);
  });

  it('given a team lead when they export then only their teams calls are in it and the export is audited', async () => {
    const before = audit.length;
    const res = await exp('tok-lead', '');
    expect(res.body.split('\r\n').slice(1, -1).map((l) => l.split(',')[0])).toEqual(['c3', 'c1']);
    expect(audit.slice(before)).toEqual([expect.objectContaining({ actorId: 'u-tok-lead', action: 'call_record.export', details: expect.objectContaining({ format: 'csv', rows: 2 }) })]);
  });

  it('given more matching rows than the cap when exported then 400 EXPORT_TOO_LARGE with the cap and nothing audited', async () => {
    const db2 = new KyselyCallStore(db.db);
    await db2.saveCall(call('c4', T0 + 180_000, { agentId: 'a1', endedAt: T0 + 181_000, outcome: 'ring_no_answer' }));
    const before = audit.length;
    const res = await exp('tok-sup', '');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { cap: 3 } });
    expect(audit.length).toBe(before);
    expect((await exp('tok-sup', 'direction=inbound')).statusCode).toBe(200);
    // The same three calls are more than a team lead may export at once.
    const lead = await exp('tok-lead', '');
    expect(lead.statusCode).toBe(400);
    expect(lead.json()).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { cap: 2 } });
    expect(lead.json().message).toContain('your role');
  });

  it('given an agent without records.view or an inverted range when exporting then 403 and 400', async () => {
    expect((await exp('tok-a1', '')).statusCode).toBe(403);
    expect((await exp('tok-sup', `from=${T0 + 1}&to=${T0}`)).json().code).toBe('INVALID_RANGE');
    expect((await exp('tok-sup', 'format=xlsx')).statusCode).toBe(400);
  });
});
