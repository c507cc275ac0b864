import { sql, type Kysely, type Selectable } from 'kysely';
import { AppError } from '../../core/errors.js';
import { isRole, type Role } from '../../accounts/permissions.js';
import type { AuditLog } from '../../accounts/audit.js';
import type { UserPhone } from '../../accounts/user-phones.js';
import type { AccountsUnit, LoginAttemptClaim, NewUser, UserPatch, UserRecord, UserRepository } from '../../accounts/ports.js';
import type { Database } from '../schema.js';
import type { UsersTable } from '../tables/accounts.js';
import { isUniqueViolation } from '../pg-errors.js';
import { KyselySessionRepository } from './sessions-repo.js';
import { transactWithAudit } from './unit-of-work.js';

type UserRow = Selectable<UsersTable> & { throttle_failures: number | null; throttle_locked_until: Date | null };

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles.filter(isRole),
    passwordHash: row.password_hash,
    disabled: row.disabled,
    failedLogins: row.throttle_failures ?? 0,
    lockedUntil: row.throttle_locked_until ? row.throttle_locked_until.getTime() : null,
    phone: phoneOf(row.phone_mode, row.phone_extension),
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
  };
}

function phoneOf(mode: string, extension: string | null): UserPhone {
  if ((mode === 'fixed' || mode === 'browser') && extension) return { mode, extension };
  return mode === 'at_login' ? { mode: 'at_login' } : { mode: 'none' };
}

function phoneColumns(phone: UserPhone): { phone_mode: string; phone_extension: string | null } {
  return { phone_mode: phone.mode, phone_extension: phone.mode === 'fixed' || phone.mode === 'browser' ? phone.extension : null };
}

export class KyselyUserRepository implements UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(user: NewUser): Promise<UserRecord> {
    try {
      const row = await this.db
        .insertInto('users')
        .values({
          id: user.id,
          username: user.username,
          display_name: user.displayName,
          roles: user.roles,
          password_hash: user.passwordHash,
          locked_until: null,
          ...phoneColumns(user.phone ?? { mode: 'none' }),
          created_at: new Date(user.at),
          updated_at: new Date(user.at),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord({ ...row, throttle_failures: null, throttle_locked_until: null });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new AppError('CONFLICT', `The username ${user.username} is taken`, {
          problems: [{ where: '/body/username', reason: 'already taken' }],
        });
      }
      throw err;
    }
  }

  async transact<T>(audit: AuditLog, fn: (unit: AccountsUnit) => Promise<T>): Promise<T> {
    return transactWithAudit(this.db, audit, (trx, log) =>
      fn({ users: new KyselyUserRepository(trx), sessions: new KyselySessionRepository(trx), audit: log }),
    );
  }

  /** Users with their failed-login count and lock, which live per name in login_throttle. */
  private selectUsers() {
    return this.db
      .selectFrom('users')
      .leftJoin('login_throttle', (join) => join.on('login_throttle.name_key', '=', sql<string>`lower(users.username)`))
      .selectAll('users')
      .select(['login_throttle.failures as throttle_failures', 'login_throttle.locked_until as throttle_locked_until']);
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.selectUsers().where('users.id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.selectUsers().where(sql<string>`lower(users.username)`, '=', username.toLowerCase()).executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.selectUsers().orderBy(sql`lower(users.username)`).execute();
    return rows.map(toRecord);
  }

  async count(role?: Role): Promise<number> {
    let q = this.db.selectFrom('users').select(sql<number>`count(*)::int`.as('n'));
    if (role) q = q.where(sql<boolean>`${role} = any(roles)`);
    const row = await q.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async update(id: string, patch: UserPatch, at: number): Promise<UserRecord | undefined> {
    const row = await this.db
      .updateTable('users')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
        ...(patch.phone !== undefined ? phoneColumns(patch.phone) : {}),
        updated_at: new Date(at),
      })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    return row && this.findById(row.id);
  }

  async claimLoginAttempt(username: string, max: number, lockUntil: number, at: number): Promise<LoginAttemptClaim> {
    const now = new Date(at);
    const until = new Date(lockUntil);
    // One statement (insert ... on conflict do update) so N parallel attempts get the counts
    // 1..N: the check and the count cannot be separated by another attempt. A lock that has run
    // out starts the count afresh; while locked the count still grows (the refused attempts).
    const expired = sql<boolean>`(login_throttle.locked_until is not null and login_throttle.locked_until <= ${now}::timestamptz)`;
    const next = sql<number>`case when ${expired} then 1 else login_throttle.failures + 1 end`;
    const row = await this.db
      .insertInto('login_throttle')
      .values({ name_key: username.toLowerCase(), failures: 1, locked_until: 1 >= max ? until : null, updated_at: now })
      .onConflict((oc) =>
        oc.column('name_key').doUpdateSet({
          failures: next,
          locked_until: sql<Date | null>`case
            when login_throttle.locked_until is not null and login_throttle.locked_until > ${now}::timestamptz then login_throttle.locked_until
            when ${next} >= ${max} then ${until}::timestamptz
            else null end`,
          updated_at: now,
        }),
      )
      .returning(['failures', 'locked_until'])
      .executeTakeFirstOrThrow();
    return { allowed: row.failures <= max, attempt: row.failures, lockedUntil: row.locked_until ? row.locked_until.getTime() : null };
  }

  async clearLoginFailures(username: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('name_key', '=', username.toLowerCase()).execute();
  }

  async clearFailedLogins(id: string, at: number): Promise<void> {
    await this.db
      .deleteFrom('login_throttle')
      .where('name_key', '=', (eb) => eb.selectFrom('users').select(sql<string>`lower(username)`.as('k')).where('id', '=', id))
      .execute();
    await this.db.updateTable('users').set({ updated_at: new Date(at) }).where('id', '=', id).execute();
  }
}
