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
  return { auth, users: userService, cache, changes, sessionRepo: sessions, reads: { sessions: vi.spyOn(sessions, 'findByTokenHash'), users: vi.spyOn(users, 'findById'), links: vi.spyOn(links, 'linksFor') } };
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
  it('given cached sessions used again and again then no request reads the database; one batched re-check reads them all every half re-check time', async () => {
    const d = daemon(clock);
    const checkMany = vi.spyOn(d.sessionRepo, 'checkMany');
    const sessions = [await userAndToken(d), await userAndToken(d), await userAndToken(d)];
    for (const s of sessions) await d.auth.authenticate(s.token);
    d.reads.sessions.mockClear();
    d.reads.users.mockClear();
    for (let i = 0; i < 20; i++) {
      await clock.advanceAsync(1_000);
      // A re-check the timer started reads the database at its own pace (slower on PostgreSQL):
      // let it finish before the next simulated second, as real time would.
      await d.auth.rechecked();
      for (const s of sessions) await d.auth.authenticate(s.token);
    }
    expect(d.reads.sessions).not.toHaveBeenCalled();
    expect(d.reads.users).not.toHaveBeenCalled();
    expect(checkMany.mock.calls.map(([ids]) => ids.length)).toEqual([3, 3, 3, 3]);
  });

  it('given the re-check cannot read the database then an entry older than the re-check time is read again on its next use', async () => {
    const d = daemon(clock);
    vi.spyOn(d.sessionRepo, 'checkMany').mockRejectedValue(new Error('database away'));
    const { token } = await userAndToken(d);
    await d.auth.authenticate(token);
    d.reads.sessions.mockClear();
    await clock.advanceAsync(RECHECK_MS - 1);
    await d.auth.rechecked();
    await d.auth.authenticate(token);
    expect(d.reads.sessions).not.toHaveBeenCalled();
    await clock.advanceAsync(1);
    await d.auth.authenticate(token);
    expect(d.reads.sessions).toHaveBeenCalledTimes(1);
  });

  it('given a session in use for minutes then its uses reach the stored last-seen, at most once a minute', async () => {
    const d = daemon(clock);
    const { token } = await userAndToken(d);
    const { sessionId } = await d.auth.authenticate(token);
    const stored = async () => (await t.db.selectFrom('sessions').select('last_seen_at').where('id', '=', sessionId).executeTakeFirstOrThrow()).last_seen_at.getTime();
    const start = clock.now();
    for (let i = 0; i < 30; i++) {
      await clock.advanceAsync(5_000);
      await d.auth.rechecked();
      await d.auth.authenticate(token);
    }
    // Used up to start + 150 s; written by the re-checks once a minute or so.
    expect(await stored()).toBeGreaterThanOrEqual(start + 120_000);
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

  it('given a session revoked by another daemon on the same database then it stops working here within the re-check time, and its sockets are told', async () => {
    const here = daemon(clock);
    const other = daemon(clock);
    const x = await userAndToken(here);
    const principal = await here.auth.authenticate(x.token);
    await other.auth.logout(principal);
    await clock.advanceAsync(RECHECK_MS);
    expect(await codeOf(here.auth.authenticate(x.token))).toBe('UNAUTHENTICATED');
    expect(here.changes).toContainEqual({ kind: 'ended', sessionId: principal.sessionId });
  });

  it('given a user disabled or demoted by another daemon then this daemon follows within the re-check time', async () => {
    const here = daemon(clock);
    const other = daemon(clock);
    const x = await userAndToken(here, ['supervisor']);
    const y = await userAndToken(here);
    await here.auth.authenticate(x.token);
    const yp = await here.auth.authenticate(y.token);
    await other.users.update(x.user.id, { roles: ['agent'] }, {});
    await other.users.update(y.user.id, { disabled: true }, {});
    await clock.advanceAsync(RECHECK_MS);
    expect((await here.auth.authenticate(x.token)).roles).toEqual(['agent']);
    expect(await codeOf(here.auth.authenticate(y.token))).toBe('UNAUTHENTICATED');
    expect(here.changes).toEqual(expect.arrayContaining([{ kind: 'changed', userId: x.user.id }, { kind: 'ended', sessionId: yp.sessionId }]));
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
