/**
 * A Switchboard HTTP server with the real auth routes and the IVR routes over an isolated test
 * database and a temporary copy of ivr-flows/, for the IVR route and admin-page tests (the IVR
 * routes join allRouteRegistrars through main.ts; until then this wires them the same way).
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../../src/accounts/permissions.js';
import { AuthService } from '../../../src/accounts/auth-service.js';
import { UserService } from '../../../src/accounts/user-service.js';
import { registerAuthRoutes } from '../../../src/api/http/auth/auth-routes.js';
import { registerIvrRoutes } from '../../../src/api/http/ivr/ivr-routes.js';
import { buildServer } from '../../../src/api/server.js';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import { FsFlowFiles } from '../../../src/ivr/files/fs-flow-files.js';
import { FlowRegistry } from '../../../src/ivr/flow-registry.js';
import { KyselyAuditLog } from '../../../src/store/accounts/audit-repo.js';
import { KyselySessionRepository } from '../../../src/store/accounts/sessions-repo.js';
import { KyselyUserRepository } from '../../../src/store/accounts/users-repo.js';
import { FlowVersionsRepo, IvrTracesRepo } from '../../../src/store/ivr/index.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

export const PASSWORD = 'correct horse battery staple';

export interface IvrApp {
  server: FastifyInstance;
  db: TestDb;
  registry: FlowRegistry;
  flowsDir: string;
  events: DomainEvent[];
  traces: IvrTracesRepo;
  /** Creates a user and returns bearer headers. */
  loginAs(roles: Role[], username?: string): Promise<{ authorization: string }>;
  close(): Promise<void>;
}

export async function createIvrApp(): Promise<IvrApp> {
  const db = await createTestDb();
  const clock = new FakeClock(Date.now());
  const bus = new InProcessEventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const audit = new KyselyAuditLog(db.db, clock, bus);
  const userRepo = new KyselyUserRepository(db.db);
  const sessionRepo = new KyselySessionRepository(db.db);
  const auth = new AuthService(userRepo, sessionRepo, audit, clock, { sessionTtlMs: 3_600_000, sessionIdleMs: 3_600_000, lockoutAttempts: 5, lockoutMs: 60_000 });
  const users = new UserService(userRepo, sessionRepo, audit, clock);

  const flowsDir = mkdtempSync(join(tmpdir(), 'ivr-flows-'));
  cpSync(fileURLToPath(new URL('../../../ivr-flows', import.meta.url)), flowsDir, { recursive: true });
  const versions = new FlowVersionsRepo(db.db);
  const traces = new IvrTracesRepo(db.db);
  const registry = new FlowRegistry({
    files: new FsFlowFiles(flowsDir),
    versions,
    references: { queueExists: async (q) => ['sales', 'support', 'billing', 'vip'].includes(q), calendarExists: async (c) => c === 'office-hours' },
    clock,
    events: bus,
    log: silentLogger,
  });
  await registry.loadAll();

  const server = buildServer({
    authenticate: (token) => auth.authenticate(token),
    routes: [
      (app) => registerAuthRoutes(app, { auth, now: () => clock.now(), cookieSecure: false }),
      (app) =>
        registerIvrRoutes(app, {
          registry,
          versions,
          traces,
          audit,
          userName: async (id) => {
            const u = await users.find(id);
            return u && (u.displayName || u.username);
          },
        }),
    ],
  });
  await server.ready();
  return {
    server,
    db,
    registry,
    flowsDir,
    events,
    traces,
    async loginAs(roles, username) {
      const name = username ?? `${roles.join('-') || 'none'}-${Math.random().toString(36).slice(2, 8)}`;
      await users.create({ username: name, roles, password: PASSWORD }, {});
      const r = await auth.login(name, PASSWORD);
      return { authorization: `Bearer ${r.token}` };
    },
    async close() {
      await server.close();
      await db.close();
    },
  };
}
