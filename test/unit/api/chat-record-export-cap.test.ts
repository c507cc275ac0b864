import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import type { AuditEntry } from '../../../src/accounts/audit.js';
import type { Principal } from '../../../src/accounts/principal.js';
import { registerChatRecordRoutes } from '../../../src/api/http/chat/chat-record-routes.js';
import { EXPORT_ROW_CAPS } from '../../../src/api/http/export-caps.js';
import { buildServer } from '../../../src/api/server.js';
import type { ChatRecordQuery, ChatRecordReader } from '../../../src/chat/ports.js';
import { AppError } from '../../../src/core/errors.js';

/** A store holding more chats than anybody may export: count answers "at least upTo", list nothing. */
const counted: ChatRecordQuery[] = [];
const huge: ChatRecordReader = {
  list: () => Promise.resolve([]),
  count: (q, upTo) => (counted.push(q), Promise.resolve(upTo)),
  get: () => Promise.resolve(undefined),
};

const ROLES: Record<string, Role[]> = { lead: ['team_lead'], sup: ['supervisor'] };
let app: FastifyInstance;
const audit: AuditEntry[] = [];

beforeAll(async () => {
  app = buildServer({
    authenticate: (token): Promise<Principal> => {
      const roles = ROLES[token];
      if (!roles) return Promise.reject(new AppError('UNAUTHENTICATED'));
      return Promise.resolve({ userId: `u-${token}`, username: token, roles, permissions: permissionsOf(roles), ledTeamIds: ['tA'], sessionId: token });
    },
    routes: [
      (a) =>
        registerChatRecordRoutes(a, {
          records: huge,
          chat: { messages: () => Promise.reject(new Error('not read')) },
          audit: { record: (e: AuditEntry) => (audit.push(e), Promise.resolve()) },
          agentsInTeams: (teams) => (teams.includes('tA') ? ['a1'] : []),
        }),
    ],
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

describe('chat record export caps', () => {
  it("given more matching chats than the role's cap when exported then 400 EXPORT_TOO_LARGE naming the cap, counted no further, nothing audited", async () => {
    for (const [token, cap] of [
      ['lead', EXPORT_ROW_CAPS.team_lead],
      ['sup', EXPORT_ROW_CAPS.supervisor],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/api/chat-records/export?from=0&to=1000', headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { cap } });
    }
    // The lead's count was scoped to their agents before it was counted.
    expect(counted[0]?.agentIds).toEqual(['a1']);
    expect(counted[1]?.agentIds).toBeUndefined();
    expect(audit).toEqual([]);
  });
});
