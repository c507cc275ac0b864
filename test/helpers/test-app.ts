/**
 * test-app: the full Switchboard HTTP app (every route of allRouteRegistrars, global auth, error
 * handler) over an isolated database from createTestDb, with a FakeClock, for `inject` tests.
 *
 *   import { createTestApp, type TestApp } from '../../helpers/test-app.js';
 *   let t: TestApp;
 *   beforeAll(async () => { t = await createTestApp(); });
 *   afterAll(async () => { await t.close(); });
 *
 *   const headers = await t.loginAs('supervisor');          // { authorization: 'Bearer ...' }
 *   const res = await t.inject({ method: 'GET', url: '/api/queues', headers });
 *   const admin = await t.login(['admin', 'agent']);        // { headers, token, userId, username, principal }
 *   const nobody = await t.loginAs([]);                     // a user holding no role at all
 *   const { ws } = await t.listen();                        // real socket: new WebSocket(`${ws}/api/ws?token=...`)
 *   t.clock.advance(60_000);                                // t.clock is a FakeClock
 *
 * Each login creates a fresh user (`<role>-<n>`) through the real UserService and logs in through
 * the real AuthService, so sessions, audit entries and permissions are the production ones.
 * `t.deps` exposes every service main.ts built (clock, bus, audit, auth, users, directory, metrics...);
 * `t.db` and `t.configRepos` the store behind them, to set up or inspect data directly.
 * Options: `clock` (a FakeClock; default a new one), `config` (partial AppConfig over the defaults),
 * `links` (PrincipalLinks: agent / led teams of a user), `pbxConnected`.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { defaultConfig, type AppConfig } from '../../src/config.js';
import type { Role } from '../../src/accounts/permissions.js';
import type { Principal } from '../../src/accounts/principal.js';
import type { PrincipalLinks } from '../../src/accounts/ports.js';
import type { HashQueue } from '../../src/accounts/hash-queue.js';
import { FakeClock } from '../../src/core/clock.js';
import type { RouteDeps } from '../../src/api/routes.js';
import type { App, AppOptions } from '../../src/main.js';
import { buildApp } from '../../src/main.js';
import { hashPassword } from '../../src/accounts/password.js';
import { createTestDb } from './test-db.js';

/** A type alias (not an interface) so it is assignable to inject's header record. */
export type AuthHeaders = { authorization: string };

export interface TestLogin {
  headers: AuthHeaders;
  token: string;
  userId: string;
  username: string;
  principal: Principal;
}

export interface TestAppOptions {
  /** Default: a new FakeClock (advance it to expire sessions, fire heartbeats, ...). */
  clock?: FakeClock;
  config?: Partial<AppConfig>;
  links?: PrincipalLinks;
  pbxConnected?: () => boolean;
  /** The login hash queue (default: the production limits). */
  hashQueue?: HashQueue;
  /** A real pino logger (tests that read what operators would see); silent when omitted. */
  pino?: AppOptions['pino'];
}

export interface TestApp {
  app: FastifyInstance;
  deps: RouteDeps;
  /** The database behind the services. */
  db: App['store']['db'];
  /** The directory's repositories, bypassing the service (no audit entry, no change event). */
  configRepos: App['store']['configRepos'];
  clock: FakeClock;
  /** Creates a user with these roles (one role or several; [] for none), logs in, returns the bearer headers. */
  loginAs(roles: Role | Role[]): Promise<AuthHeaders>;
  /** Same as loginAs with everything about the session. */
  login(roles: Role | Role[], username?: string): Promise<TestLogin>;
  /** The password every user created by login/loginAs has. */
  readonly password: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Listens on 127.0.0.1, port 0 (once) for real HTTP / WebSocket clients; returns the base URLs. */
  listen(): Promise<{ http: string; ws: string }>;
  close(): Promise<void>;
}

const PASSWORD = 'correct horse battery staple';
const TEST_HASH_COST = { N: 1024, r: 8, p: 1 };

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDb = await createTestDb();
  const clock = options.clock ?? new FakeClock();
  const config: AppConfig = { ...defaultConfig(), ...options.config };
  const { server, deps, store } = buildApp({
    config,
    db: testDb.db,
    clock,
    ...(options.links ? { links: options.links } : {}),
    ...(options.pbxConnected ? { pbxConnected: options.pbxConnected } : {}),
    ...(options.hashQueue ? { hashQueue: options.hashQueue } : {}),
    // Test users are made by the hundred: every user this app makes (also through its API) gets
    // scrypt at 1/16 of the production cost. The parameters are stored with each hash, so a login
    // checks it at that cost too; test/unit/accounts covers the production cost itself.
    hashPassword: (password) => hashPassword(password, TEST_HASH_COST),
    ...(options.pino ? { pino: options.pino } : {}),
  });
  try {
    await server.ready();
  } catch (err) {
    await testDb.close();
    throw err;
  }
  let n = 0;
  const login = async (roles: Role | Role[], username?: string): Promise<TestLogin> => {
    const list = Array.isArray(roles) ? roles : [roles];
    const name = username ?? `${list.join('-') || 'norole'}-${++n}`;
    const existing = await deps.users.findByUsername(name);
    if (!existing) await deps.users.create({ username: name, roles: list, password: PASSWORD }, {});
    const result = await deps.auth.login(name, PASSWORD);
    return {
      headers: { authorization: `Bearer ${result.token}` },
      token: result.token,
      userId: result.principal.userId,
      username: name,
      principal: result.principal,
    };
  };
  let listening: Promise<{ http: string; ws: string }> | undefined;
  const listen = () =>
    (listening ??= server.listen({ host: '127.0.0.1', port: 0 }).then(() => {
      const addr = server.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      return { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}` };
    }));
  let closed = false;
  return {
    listen,
    app: server,
    deps,
    db: store.db,
    configRepos: store.configRepos,
    clock,
    password: PASSWORD,
    login,
    loginAs: async (roles) => (await login(roles)).headers,
    inject: (opts) => server.inject(opts),
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await testDb.close();
    },
  };
}
