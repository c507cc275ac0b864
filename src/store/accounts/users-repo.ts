import { sql, type Kysely, type Selectable } from 'kysely';
import { AppError } from '../../core/errors.js';
import { isRole, type Role } from '../../accounts/permissions.js';
import type { AuditLog } from '../../accounts/audit.js';
import type { AccountsUnit, NewUser, UserPatch, UserRecord, UserRepository } from '../../accounts/ports.js';
import type { Database } from '../schema.js';
import type { UsersTable } from '../tables/accounts.js';
import { isUniqueViolation } from '../pg-errors.js';
import { KyselySessionRepository } from './sessions-repo.js';
import { transactWithAudit } from './unit-of-work.js';

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    roles: row.roles.filter(isRole),
    passwordHash: row.password_hash,
    disabled: row.disabled,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until ? row.locked_until.getTime() : null,
    createdAt: row.created_at.getTime(),
    updatedAt: row.updated_at.getTime(),
  };
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
          created_at: new Date(user.at),
          updated_at: new Date(user.at),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRecord(row);
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

  async findById(id: string): Promise<UserRecord | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.db
      .selectFrom('users')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', username.toLowerCase())
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async list(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy(sql`lower(username)`).execute();
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
        updated_at: new Date(at),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async recordFailedLogin(id: string, max: number, lockUntil: number, at: number): Promise<{ locked: boolean }> {
    // One statement, so two parallel failures cannot both read the old count.
    const row = await this.db
      .updateTable('users')
      .set({
        failed_logins: sql<number>`case when failed_logins + 1 >= ${max} then 0 else failed_logins + 1 end`,
        locked_until: sql<Date | null>`case when failed_logins + 1 >= ${max} then ${new Date(lockUntil)}::timestamptz else locked_until end`,
        updated_at: new Date(at),
      })
      .where('id', '=', id)
      .returning(['locked_until'])
      .executeTakeFirst();
    return { locked: row?.locked_until != null && row.locked_until.getTime() === lockUntil };
  }

  async clearFailedLogins(id: string, at: number): Promise<void> {
    await this.db.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: new Date(at) }).where('id', '=', id).execute();
  }
}
