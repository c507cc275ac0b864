import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { AuthService, DEFAULT_AUTH_SETTINGS, type AuthSettings } from '../../../src/accounts/auth-service.js';
import type { PrincipalLinks } from '../../../src/accounts/ports.js';
import { SessionCache, type SessionChange } from '../../../src/accounts/session-cache.js';
import { UserService } from '../../../src/accounts/user-service.js';
import { FakeClock } from '../../../src/core/clock.js';
import { AppError } from '../../../src/core/errors.js';
import { KyselyAuditLog } from '../../../src/store/accounts/audit-repo.js';
import { KyselySessionRepository } from '../../../src/store/accounts/sessions-repo.js';
import { KyselyUserRepository } from '../../../src/store/accounts/users-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const PASSWORD = 'correct horse battery staple';
const RECHECK_MS = 10_000;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

/** One daemon's accounts services over the shared database, with its own session cache. */
function daemon(clock: FakeClock, opts: { recheckMs?: number; settings?: Partial<AuthSettings>; links?: PrincipalLinks } = {}) {
  const users = new KyselyUserRepository(t.db);
  const sessions = new KyselySessionRepository(t.db);
  const audit = new KyselyAuditLog(t.db, clock);
  const cache = new SessionCache({ recheckMs: opts.recheckMs ?? RECHECK_MS });
  const links: PrincipalLinks = opts.links ?? { linksFor: async () => ({ ledTeamIds: [] }) };
  const auth = new AuthService(users, sessions, audit, clock, { ...DEFAULT_AUTH_SETTINGS, ...opts.settings }, links, undefined, cache);
  const userService = new UserService(users, sessions, audit, clock, undefined, cache);
  const changes: SessionChange[] = [];
  cache.onChange((c) => changes.push(c));
  return { auth, users: userService, cache, changes, reads: { sessions: vi.spyOn(sessions, 'findByTokenHash'), users: vi.spyOn(users, 'findById'), links: vi.spyOn(links, 'linksFor') } };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof AppError) return err.code;
    throw err;
  }
}

let clock: FakeClock;
let n = 0;
beforeEach(async () => {
  await sql`truncate audit_log, sessions, users cascade`.execute(t.db);
  clock = new FakeClock();
});

async function userAndToken(d: ReturnType<typeof daemon>, roles: ('agent' | 'supervisor' | 'admin')[] = ['agent']) {
  const name = `user-${++n}`;
  const { user } = await d.users.create({ username: name, roles, password: PASSWORD }, {});
  const { token, principal } = await d.auth.login(name, PASSWORD);
  return { user, token, principal, name };
}

describe('session cache: authentication without a database round trip, invalidated at once here and within the re-check time elsewhere', () => {
  it('given a session resolved once when it is used again within the re-check time then nothing is read; after it, the stored session is read again', async () => {
    const d = daemon(clock);
    const { token } = await userAndToken(d);
    await d.auth.authenticate(token);
    const reads = () => [d.reads.sessions.mock.calls.length, d.reads.users.mock.calls.length, d.reads.links.mock.calls.length];
    const before = reads();
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      await d.auth.authenticate(token);
    }
    expect(reads()).toEqual(before);
    clock.advance(RECHECK_MS);
    await d.auth.authenticate(token);
    expect(reads()).toEqual(before.map((x) => x + 1));
  });

  it('given concurrent requests with the same token when nothing is cached then the database is read once for all of them', async () => {
    const d = daemon(clock);
    const { token } = await userAndToken(d);
    d.reads.sessions.mockClear();
    const principals = await Promise.all(Array.from({ length: 5 }, () => d.auth.authenticate(token)));
    expect(new Set(principals.map((p) => p.sessionId)).size).toBe(1);
    expect(d.reads.sessions).toHaveBeenCalledTimes(1);
  });

  it('given a logout on this daemon then the session stops working at once and listeners hear it', async () => {
    const d = daemon(clock);
    const { token } = await userAndToken(d);
    const principal = await d.auth.authenticate(token);
    await d.auth.logout(principal);
    expect(await codeOf(d.auth.authenticate(token))).toBe('UNAUTHENTICATED');
    expect(d.changes).toContainEqual({ kind: 'ended', sessionId: principal.sessionId });
  });

  it('given a password change on this daemon then the other sessions stop at once and the current one goes on', async () => {
    const d = daemon(clock);
    const a = await userAndToken(d);
    const b = await d.auth.login(a.name, PASSWORD);
    await d.auth.authenticate(b.token);
    await d.auth.changePassword(a.principal, PASSWORD, 'a brand new password');
    expect(await codeOf(d.auth.authenticate(b.token))).toBe('UNAUTHENTICATED');
    expect(await codeOf(d.auth.authenticate(a.token))).toBe('ok');
  });

  it('given a user disabled or their roles changed on this daemon then it takes effect at once', async () => {
    const d = daemon(clock);
    const x = await userAndToken(d);
    const y = await userAndToken(d);
    await d.auth.authenticate(x.token);
    await d.auth.authenticate(y.token);
    await d.users.update(x.user.id, { roles: ['supervisor'] }, {});
    expect((await d.auth.authenticate(x.token)).roles).toEqual(['supervisor']);
    await d.users.update(y.user.id, { disabled: true }, {});
    expect(await codeOf(d.auth.authenticate(y.token))).toBe('UNAUTHENTICATED');
    expect(d.changes).toEqual([
      { kind: 'changed', userId: x.user.id },
      { kind: 'ended', userId: y.user.id },
    ]);
  });

  it('given a password reset on this daemon then every session of the user stops at once', async () => {
    const d = daemon(clock);
    const x = await userAndToken(d);
    await d.auth.authenticate(x.token);
    await d.users.resetPassword(x.user.id, 'another long password', {});
    expect(await codeOf(d.auth.authenticate(x.token))).toBe('UNAUTHENTICATED');
  });

  it('given a session revoked by another daemon on the same database then it keeps working here only until the re-check time', async () => {
    const here = daemon(clock);
    const other = daemon(clock);
    const x = await userAndToken(here);
    const principal = await here.auth.authenticate(x.token);
    await other.auth.logout(principal);
    clock.advance(RECHECK_MS - 1);
    expect(await codeOf(here.auth.authenticate(x.token))).toBe('ok');
    clock.advance(1);
    expect(await codeOf(here.auth.authenticate(x.token))).toBe('UNAUTHENTICATED');
  });

  it('given a user disabled or demoted by another daemon then this daemon follows within the re-check time', async () => {
    const here = daemon(clock);
    const other = daemon(clock);
    const x = await userAndToken(here, ['supervisor']);
    const y = await userAndToken(here);
    await here.auth.authenticate(x.token);
    await here.auth.authenticate(y.token);
    await other.users.update(x.user.id, { roles: ['agent'] }, {});
    await other.users.update(y.user.id, { disabled: true }, {});
    expect((await here.auth.authenticate(x.token)).roles).toEqual(['supervisor']);
    clock.advance(RECHECK_MS);
    expect((await here.auth.authenticate(x.token)).roles).toEqual(['agent']);
    expect(await codeOf(here.auth.authenticate(y.token))).toBe('UNAUTHENTICATED');
  });

  it('given a cached session when it idles out or reaches its lifetime then it expires from the cache without a read', async () => {
    const d = daemon(clock, { recheckMs: 300_000, settings: { sessionIdleMs: 60_000, sessionTtlMs: 200_000 } });
    const idle = await userAndToken(d);
    const busy = await userAndToken(d);
    await d.auth.authenticate(idle.token);
    await d.auth.authenticate(busy.token);
    d.reads.sessions.mockClear();
    for (let i = 0; i < 4; i++) {
      clock.advance(50_000);
      expect(await codeOf(d.auth.authenticate(busy.token))).toBe(i < 3 ? 'ok' : 'SESSION_EXPIRED');
    }
    expect(await codeOf(d.auth.authenticate(idle.token))).toBe('SESSION_EXPIRED');
    expect(d.reads.sessions).not.toHaveBeenCalled();
  });

  it('given who is an agent or leads a team changed then the links are read again', async () => {
    let led: string[] = [];
    const d = daemon(clock, { links: { linksFor: async () => ({ ledTeamIds: led }) } });
    const x = await userAndToken(d);
    expect((await d.auth.authenticate(x.token)).ledTeamIds).toEqual([]);
    led = ['t1'];
    d.cache.linksChanged();
    expect((await d.auth.authenticate(x.token)).ledTeamIds).toEqual(['t1']);
  });

  it('given a re-check time of 0 then every use reads the stored session', async () => {
    const d = daemon(clock, { recheckMs: 0 });
    const x = await userAndToken(d);
    d.reads.sessions.mockClear();
    await d.auth.authenticate(x.token);
    await d.auth.authenticate(x.token);
    expect(d.reads.sessions).toHaveBeenCalledTimes(2);
  });
});
