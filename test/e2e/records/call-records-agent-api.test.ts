/**
 * Call records over HTTP for an agent (records.own, no records.view; issue 14): their own calls
 * only whatever the filters, the detail of one of them and no other (a colleague's reads as not
 * there), and nothing the records page does not offer them (export, deletion). And for everyone: each listed call says whether its recordings can still be played
 * (present, purged by retention or by hand, none). The reach counts every leg one's agent
 * answered: an agent who transferred a call away still opens it, and a team lead sees the calls
 * they handled themselves outside the teams they lead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import type { Principal } from '../../../src/accounts/principal.js';
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
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const PURGED_AT = T0 + 40 * 86_400_000;
// a-lead: the lead's own agent, in a team they do not lead.
const TEAMS: Record<string, string[]> = { a1: ['t-sales'], a2: ['t-sales'], a3: ['t-other'], 'a-lead': ['t-other'] };

const USERS: Record<string, { roles: Role[]; agentId?: string; ledTeamIds?: string[] }> = {
  'tok-a1': { roles: ['agent'], agentId: 'a1' },
  // Holds the agent role but is not linked to an agent (yet): no call is theirs.
  'tok-unlinked': { roles: ['agent'] },
  'tok-lead': { roles: ['team_lead'], ledTeamIds: ['t-sales'] },
  // A lead of t-sales who also takes calls, as agent a-lead of t-other.
  'tok-lead-agent': { roles: ['team_lead'], ledTeamIds: ['t-sales'], agentId: 'a-lead' },
  'tok-sup': { roles: ['supervisor'] },
  'tok-nobody': { roles: [] },
};
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function call(id: string, at: number, agentId: string | undefined, recordingIds: string[] = []): CallRecord {
  return { id, direction: 'inbound', state: 'ended', from: '+8613800138000', to: '+86105550001', callerName: '', ivrPath: [], variables: {}, startedAt: at, endedAt: at + 60_000, outcome: 'agent_answered', queueId: 'sales', recordingIds, ...(agentId ? { agentId } : {}) };
}

beforeAll(async () => {
  db = await createTestDb();
  const records = new KyselyCallStore(db.db);
  const purges = new KyselyRecordingRetentionStore(db.db);
  // a1: one call kept, one purged by retention, one deleted by hand, one never recorded; a2 and a3 one each.
  await records.saveCall(call('c-kept', T0, 'a1', ['r-kept']));
  await records.saveCall(call('c-retained', T0 + 60_000, 'a1', ['r-old-1', 'r-old-2']));
  await records.saveCall(call('c-deleted', T0 + 120_000, 'a1', ['r-gone']));
  await records.saveCall(call('c-none', T0 + 180_000, 'a1'));
  await records.saveCall(call('c-a2', T0 + 240_000, 'a2', ['r-a2']));
  await records.saveCall(call('c-a3', T0 + 300_000, 'a3'));
  const rec = (id: string, callId: string) => records.saveRecording({ id, callId, name: id, startedAt: T0, stoppedAt: T0 + 5_000, durationMs: 5_000, paused: false });
  for (const [id, callId] of [['r-kept', 'c-kept'], ['r-old-1', 'c-retained'], ['r-old-2', 'c-retained'], ['r-gone', 'c-deleted'], ['r-a2', 'c-a2']] as const) await rec(id, callId);
  await purges.markPurged(['r-old-1'], PURGED_AT - 1_000, 'retention');
  await purges.markPurged(['r-old-2'], PURGED_AT, 'retention');
  await purges.markPurged(['r-gone'], PURGED_AT + 5_000, 'deleted');
  // a1 answered c-passed and transferred it to a3; on c-rang a1's phone rang unanswered before a3
  // took it; c-lead-own was the lead's own call as agent a-lead.
  await records.saveCall(call('c-passed', T0 + 360_000, 'a3'));
  await records.saveCall(call('c-rang', T0 + 420_000, 'a3'));
  await records.saveCall(call('c-lead-own', T0 + 480_000, 'a-lead'));
  const leg = (id: string, callId: string, agentId: string, at: number, answered: boolean) =>
    records.saveLeg({ id, callId, role: 'agent', agentId, endpoint: `PJSIP/${agentId}`, createdAt: at, ringingAt: at + 1_000, ...(answered ? { answeredAt: at + 3_000 } : {}), endedAt: at + 30_000 });
  await leg('l-passed-a1', 'c-passed', 'a1', T0 + 360_000, true);
  await leg('l-passed-a3', 'c-passed', 'a3', T0 + 390_000, true);
  await leg('l-rang-a1', 'c-rang', 'a1', T0 + 420_000, false);
  await leg('l-rang-a3', 'c-rang', 'a3', T0 + 425_000, true);
  app = buildServer({
    authenticate: (token): Promise<Principal> => {
      const u = USERS[token];
      if (!u) return Promise.reject(new AppError('UNAUTHENTICATED'));
      return Promise.resolve({ userId: `u-${token}`, username: token, roles: u.roles, permissions: permissionsOf(u.roles), ledTeamIds: u.ledTeamIds ?? [], sessionId: token, ...(u.agentId ? { agentId: u.agentId } : {}) });
    },
    routes: [
      async (a) => {
        const deps = {
          records,
          audit: { record: () => Promise.resolve() },
          teamsOfAgent: (agentId: string) => TEAMS[agentId] ?? [],
          agentsInTeams: (teamIds: string[]) => Object.keys(TEAMS).filter((x) => TEAMS[x]?.some((t) => teamIds.includes(t))),
        };
        await registerCallRecordRoutes(a, deps);
        await registerCallRecordExportRoutes(a, deps);
      },
    ],
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

const list = (token: string, qs = '') => app.inject({ method: 'GET', url: `/api/call-records${qs ? `?${qs}` : ''}`, headers: auth(token) });
const ids = async (token: string, qs = '') => {
  const res = await list(token, qs);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { calls: { id: string }[] }).calls.map((c) => c.id);
};

describe('call records for an agent', () => {
  it('given an agent when listing then only the calls they handled come, whatever agent or team they name', async () => {
    expect(await ids('tok-a1')).toEqual(['c-passed', 'c-none', 'c-deleted', 'c-retained', 'c-kept']);
    expect(await ids('tok-a1', 'agentId=a2')).toEqual([]);
    // The team filter matches the call's agent: the call a1 passed to a3 of t-other.
    expect(await ids('tok-a1', 'teamId=t-other')).toEqual(['c-passed']);
    expect(await ids('tok-a1', 'teamId=t-sales')).toEqual(['c-none', 'c-deleted', 'c-retained', 'c-kept']);
    expect(await ids('tok-a1', 'recording=true')).toEqual(['c-kept']);
  });

  it('given a user with the agent role but no agent link when listing then no call comes', async () => {
    expect(await ids('tok-unlinked')).toEqual([]);
  });

  it('given a team lead and a supervisor when listing then their reach is as before: the team (also a call a member passed on), every call', async () => {
    expect(await ids('tok-lead')).toEqual(['c-passed', 'c-a2', 'c-none', 'c-deleted', 'c-retained', 'c-kept']);
    expect(await ids('tok-sup')).toHaveLength(9);
  });

  const detail = (token: string, id: string) => app.inject({ method: 'GET', url: `/api/call-records/${id}`, headers: auth(token) });

  it("given an agent when they open the detail of a call they handled then 200 with the call and its recordings", async () => {
    const res = await detail('tok-a1', 'c-kept');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ call: { id: string; agentId: string }; recordings: { id: string }[] }>();
    expect([body.call.id, body.call.agentId, body.recordings.map((r) => r.id)]).toEqual(['c-kept', 'a1', ['r-kept']]);
  });

  it("given an agent when they open a colleague's call, another team's or one that does not exist then 404 NOT_FOUND alike; unlinked to an agent, even the agent's call", async () => {
    const asks = [['tok-a1', 'c-a2'], ['tok-a1', 'c-a3'], ['tok-a1', 'c-nope'], ['tok-unlinked', 'c-kept']] as const;
    for (const [token, id] of asks) {
      const res = await detail(token, id);
      expect({ token, id, status: res.statusCode, body: res.json() }).toEqual({ token, id, status: 404, body: { code: 'NOT_FOUND', message: `No call record ${id}`, details: { callId: id } } });
    }
  });

  it('given a team lead and a supervisor when they open a detail then their reach is as before: the team, every call', async () => {
    expect((await detail('tok-lead', 'c-a2')).statusCode).toBe(200);
    expect((await detail('tok-lead', 'c-a3')).statusCode).toBe(404);
    expect((await detail('tok-sup', 'c-a3')).statusCode).toBe(200);
  });

  it('given an agent when they export or delete (even their own call) then 403: those need records.view, records.delete', async () => {
    const refused = [
      await app.inject({ method: 'GET', url: '/api/call-records/export', headers: auth('tok-a1') }),
      await app.inject({ method: 'DELETE', url: '/api/call-records/c-kept', headers: auth('tok-a1') }),
    ];
    expect(refused.map((r) => [r.statusCode, r.json().code])).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ]);
    expect((await detail('tok-a1', 'c-kept')).statusCode).toBe(200);
  });

  it('given a user holding no role when opening a detail then 403', async () => {
    expect((await detail('tok-nobody', 'c-kept')).statusCode).toBe(403);
  });

  it('given a user holding no role when listing then 403', async () => {
    expect((await list('tok-nobody')).statusCode).toBe(403);
  });
});

describe('calls one handled oneself', () => {
  const detail = (token: string, id: string) => app.inject({ method: 'GET', url: `/api/call-records/${id}`, headers: auth(token) });

  it('given a team lead who took a call as an agent outside the teams they lead when listing then it comes beside their teams\' calls, and not the other team\'s other calls', async () => {
    const listed = await ids('tok-lead-agent');
    expect(listed).toEqual(['c-lead-own', 'c-passed', 'c-a2', 'c-none', 'c-deleted', 'c-retained', 'c-kept']);
    expect(listed).not.toContain('c-a3');
    expect(await ids('tok-lead-agent', 'teamId=t-other')).toEqual(['c-lead-own', 'c-passed']);
  });

  it("given a team lead when they open their own call outside their teams then 200; another team's call still 404", async () => {
    expect((await detail('tok-lead-agent', 'c-lead-own')).statusCode).toBe(200);
    expect((await detail('tok-lead-agent', 'c-a3')).statusCode).toBe(404);
    // Without an agent of their own the same lead does not reach it.
    expect((await detail('tok-lead', 'c-lead-own')).statusCode).toBe(404);
  });

  it('given an agent who answered a call and transferred it away when they open it then 200 with both legs', async () => {
    const res = await detail('tok-a1', 'c-passed');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ legs: { agentId: string }[] }>().legs.map((l) => l.agentId)).toEqual(['a1', 'a3']);
  });

  it("given an agent whose phone only rang on a colleague's call when they open it or list then 404 and not listed", async () => {
    expect((await detail('tok-a1', 'c-rang')).statusCode).toBe(404);
    expect(await ids('tok-a1')).not.toContain('c-rang');
    expect((await detail('tok-a1', 'c-lead-own')).statusCode).toBe(404);
  });
});

describe('whether a listed call can still be played', () => {
  it('given recordings kept, all purged by retention, deleted by hand and none then present, purged with the last purge and why, and none', async () => {
    const res = await list('tok-a1');
    const rows = (res.json() as { calls: { id: string; recording: string; recordingPurge?: object }[] }).calls;
    expect(Object.fromEntries(rows.map((r) => [r.id, { recording: r.recording, purge: r.recordingPurge }]))).toEqual({
      'c-kept': { recording: 'present', purge: undefined },
      'c-retained': { recording: 'purged', purge: { at: PURGED_AT, reason: 'retention' } },
      'c-deleted': { recording: 'purged', purge: { at: PURGED_AT + 5_000, reason: 'deleted' } },
      'c-none': { recording: 'none', purge: undefined },
      'c-passed': { recording: 'none', purge: undefined },
    });
  });
});
