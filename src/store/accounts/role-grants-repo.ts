/** Permissions granted per role (sql/071_role_grants.sql), written with their audit entry. */
import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import { isRole, type Role } from '../../accounts/permissions.js';
import { isGrantable, type GrantablePermission, type RoleGrantStore } from '../../accounts/role-grants.js';
import { json } from '../config/repo-deps.js';
import type { Database } from '../schema.js';
import { transactWithAudit } from './unit-of-work.js';

export class KyselyRoleGrantStore implements RoleGrantStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
  ) {}

  async load(): Promise<Partial<Record<GrantablePermission, Role[]>>> {
    const out: Partial<Record<GrantablePermission, Role[]>> = {};
    for (const row of await this.db.selectFrom('role_grants').select(['permission', 'roles']).execute()) {
      // A permission no longer grantable, or a role no longer known, is left out rather than trusted.
      if (isGrantable(row.permission)) out[row.permission] = row.roles.filter(isRole);
    }
    return out;
  }

  async save(permission: GrantablePermission, roles: Role[], at: number, entry: AuditEntry): Promise<void> {
    await transactWithAudit(this.db, this.audit, async (trx, audit) => {
      await trx
        .insertInto('role_grants')
        .values({ permission, roles: json(roles), updated_at: new Date(at) })
        .onConflict((oc) => oc.column('permission').doUpdateSet({ roles: json(roles), updated_at: new Date(at) }))
        .execute();
      await audit.record(entry);
    });
  }
}
