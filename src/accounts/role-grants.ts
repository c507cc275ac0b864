/**
 * Permissions an admin grants per role at run time, on top of the fixed bundles of
 * permissions.ts. Only the ones listed in GRANTABLE can be granted: tickets.close, kb.edit, and
 * chat.supervise (a team lead holding it assigns and force-transfers chats of their own teams only;
 * src/api/http/chat/transfer-routes.ts). tickets.close is issue 13's "closing a ticket needs its
 * own permission, which an admin grants per role".
 * Admins hold every permission whatever is granted: an admin cannot lock every admin out.
 *
 * The grants live in memory (read once at start, replaced on every change) so that building a
 * session's permissions costs no query; a change drops the cached sessions so the next request
 * of every user is resolved with it.
 */
import type { AuditEntry } from './audit.js';
import { AppError } from '../core/errors.js';
import { ROLES, type Permission, type Role } from './permissions.js';

export const GRANTABLE = ['tickets.close', 'kb.edit', 'chat.supervise'] as const;
export type GrantablePermission = (typeof GRANTABLE)[number];
export type RoleGrants = Readonly<Record<GrantablePermission, readonly Role[]>>;

/** Until an admin changes them: supervisors (and admins) close tickets, edit the knowledge base and supervise chats (which they hold anyway). */
export const DEFAULT_GRANTS: RoleGrants = { 'tickets.close': ['supervisor', 'admin'], 'kb.edit': ['supervisor', 'admin'], 'chat.supervise': ['supervisor', 'admin'] };

export function isGrantable(p: string): p is GrantablePermission {
  return (GRANTABLE as readonly string[]).includes(p);
}

/** The grantable permissions the given roles hold under `grants`. */
export function grantedTo(roles: readonly Role[], grants: RoleGrants): Permission[] {
  return GRANTABLE.filter((p) => roles.includes('admin') || grants[p].some((r) => roles.includes(r)));
}

export interface RoleGrantStore {
  /** Only the permissions an admin has set; the others keep their default. */
  load(): Promise<Partial<Record<GrantablePermission, Role[]>>>;
  /** Stores the roles of one permission with its audit entry, in one unit of work. */
  save(permission: GrantablePermission, roles: Role[], at: number, audit: AuditEntry): Promise<void>;
}

export class RoleGrantsService {
  private grants: RoleGrants = DEFAULT_GRANTS;

  constructor(
    private readonly deps: {
      store: RoleGrantStore;
      now: () => number;
      /** Called after a change is stored (the session cache drops what it resolved). */
      changed: () => void;
    },
  ) {}

  current(): RoleGrants {
    return this.grants;
  }

  async load(): Promise<void> {
    this.grants = { ...DEFAULT_GRANTS, ...(await this.deps.store.load()) };
  }

  async set(permission: string, roles: readonly string[], actor: { userId: string; ip?: string }): Promise<RoleGrants> {
    if (!isGrantable(permission)) {
      throw new AppError('NOT_FOUND', `${permission} is not a permission granted per role`, { problems: [{ where: '/permission', reason: `must be one of ${GRANTABLE.join(', ')}` }] });
    }
    const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
    if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `/roles: unknown role ${unknown[0]}`, { problems: [{ where: '/roles', reason: `unknown role ${unknown[0]}` }] });
    const next = ROLES.filter((r) => roles.includes(r));
    const before = this.grants[permission];
    await this.deps.store.save(permission, [...next], this.deps.now(), {
      actorId: actor.userId,
      action: 'role_grants.changed',
      target: `permission:${permission}`,
      details: { from: before, to: next },
      ...(actor.ip ? { ip: actor.ip } : {}),
    });
    this.grants = { ...this.grants, [permission]: next };
    this.deps.changed();
    return this.grants;
  }
}
