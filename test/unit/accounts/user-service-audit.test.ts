import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../../../src/accounts/audit.js';
import { AuthService } from '../../../src/accounts/auth-service.js';
import { verifyPassword } from '../../../src/accounts/password.js';
import { UserService } from '../../../src/accounts/user-service.js';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { KyselyAuditLog } from '../../../src/store/accounts/audit-repo.js';
import { KyselySessionRepository } from '../../../src/store/accounts/sessions-repo.js';
import { KyselyUserRepository } from '../../../src/store/accounts/users-repo.js';
import type { Database } from '../../../src/store/schema.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

/** Writes the entry on the unit's transaction, then fails: the row must roll back with the rest. */
class AuditFailingAfterWrite extends KyselyAuditLog {
  override inTransaction(trx: Kysely<Database>): { log: AuditLog; afterCommit(): void } {
    const inner = super.inTransaction(trx);
    return {
      log: {
        record: async (entry: AuditEntry) => {
          await inner.log.record(entry);
          throw new Error('audit store down');
        },
      },
      afterCommit: () => inner.afterCommit(),
    };
  }
}

const refusingAudit: AuditLog = {
  record: async () => {
    throw new Error('audit store down');
  },
};

let t: TestDb;
let clock: FakeClock;
let bus: InProcessEventBus;
let events: DomainEvent[];
let users: KyselyUserRepository;
let sessions: KyselySessionRepository;
let good: UserService;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  await sql`truncate audit_log, sessions, users cascade`.execute(t.db);
  clock = new FakeClock();
  bus = new InProcessEventBus();
  events = [];
  bus.subscribe((e) => events.push(e));
  users = new KyselyUserRepository(t.db);
  sessions = new KyselySessionRepository(t.db);
  good = new UserService(users, sessions, new KyselyAuditLog(t.db, clock, bus), clock);
});

const auditRows = async () => t.db.selectFrom('audit_log').selectAll().execute();
const failing = (audit: AuditLog) => new UserService(users, sessions, audit, clock);

describe('user changes and their audit entries are one unit of work', () => {
  it('given a working audit log when a user is created then the user and its entry are stored and announced after', async () => {
    const { user } = await good.create({ username: 'ada', roles: ['agent'], password: 'correct horse battery' }, { userId: 'boss' });
    expect((await users.findById(user.id))?.username).toBe('ada');
    const rows = await auditRows();
    expect(rows.map((r) => [r.action, r.target])).toEqual([['user.create', `user:${user.id}`]]);
    expect(events).toEqual([expect.objectContaining({ type: 'audit.recorded', action: 'user.create', target: `user:${user.id}` })]);
  });

  it('given an audit log that fails after writing when a user is created then neither the user nor the entry is stored and nothing is announced', async () => {
    const svc = failing(new AuditFailingAfterWrite(t.db, clock, bus));
    await expect(svc.create({ username: 'bob', roles: ['agent'] }, { userId: 'boss' })).rejects.toThrow('audit store down');
    expect(await users.findByUsername('bob')).toBeUndefined();
    expect(await auditRows()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('given an audit log that refuses when roles change or the user is disabled then the user is unchanged and keeps their sessions', async () => {
    const { user } = await good.create({ username: 'cy', roles: ['agent'] }, {});
    await sessions.insert({ id: 's1', userId: user.id, tokenHash: 'h1', at: clock.now(), expiresAt: clock.now() + 60_000 });
    const svc = failing(refusingAudit);
    await expect(svc.update(user.id, { roles: ['admin'], disabled: true }, { userId: 'boss' })).rejects.toThrow('audit store down');
    const after = await users.findById(user.id);
    expect(after).toMatchObject({ roles: ['agent'], disabled: false });
    expect((await sessions.findByTokenHash('h1'))?.revokedAt).toBeNull();
    expect((await auditRows()).map((r) => r.action)).toEqual(['user.create']);
  });

  it('given an audit log that fails after writing when a password is reset then the old password still works and the lockout stays', async () => {
    const { user } = await good.create({ username: 'dee', roles: ['agent'], password: 'old password here' }, {});
    await users.claimLoginAttempt(user.username, 1, clock.now() + 60_000, clock.now());
    const svc = failing(new AuditFailingAfterWrite(t.db, clock, bus));
    await expect(svc.resetPassword(user.id, 'brand new password', { userId: 'boss' })).rejects.toThrow('audit store down');
    const after = await users.findById(user.id);
    expect(await verifyPassword('old password here', after?.passwordHash ?? '')).toBe(true);
    expect(after?.lockedUntil).not.toBeNull();
    expect((await auditRows()).map((r) => r.action)).toEqual(['user.create']);
  });

  it('given a working audit log when a password is reset then the new hash and the entry are both stored', async () => {
    const { user } = await good.create({ username: 'eve', roles: ['agent'], password: 'old password here' }, {});
    await good.resetPassword(user.id, 'brand new password', { userId: 'boss' });
    expect(await verifyPassword('brand new password', (await users.findById(user.id))?.passwordHash ?? '')).toBe(true);
    expect((await auditRows()).map((r) => r.action).sort()).toEqual(['user.create', 'user.reset_password']);
  });

  it('given an audit log that refuses when a user changes their own password then the old password still works and other sessions live', async () => {
    await good.create({ username: 'fay', roles: ['agent'], password: 'old password here' }, {});
    const loginAuth = new AuthService(users, sessions, new KyselyAuditLog(t.db, clock, bus), clock);
    const first = await loginAuth.login('fay', 'old password here');
    const second = await loginAuth.login('fay', 'old password here');
    const auth = new AuthService(users, sessions, refusingAudit, clock);
    await expect(auth.changePassword(first.principal, 'old password here', 'a different one')).rejects.toThrow('audit store down');
    expect(await verifyPassword('old password here', (await users.findByUsername('fay'))?.passwordHash ?? '')).toBe(true);
    await expect(loginAuth.authenticate(second.token)).resolves.toMatchObject({ sessionId: second.principal.sessionId });
    expect((await auditRows()).map((r) => r.action)).not.toContain('auth.password_changed');
  });
});
