import { createHash } from 'node:crypto';
import { AppError, validationError, type FieldProblem } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import { newId, newSecret } from '../core/ids.js';
import type { AuditLog } from './audit.js';
import { decoyHash, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './password.js';
import { permissionsOf } from './permissions.js';
import type { Principal } from './principal.js';
import type { PrincipalLinks, SessionRepository, UserRecord, UserRepository } from './ports.js';

export interface AuthSettings {
  /** Absolute lifetime of a session. */
  sessionTtlMs: number;
  /** A session unused for this long expires (sliding). */
  sessionIdleMs: number;
  /** Failed logins in a row that lock the account. */
  lockoutAttempts: number;
  lockoutMs: number;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  sessionTtlMs: 12 * 3600_000,
  sessionIdleMs: 60 * 60_000,
  lockoutAttempts: 5,
  lockoutMs: 15 * 60_000,
};

/** Last-seen is written at most this often, so a busy client does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export interface LoginResult {
  token: string;
  expiresAt: number;
  principal: Principal;
}

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Logins, sessions and logouts. Sessions are opaque tokens; only their sha256 is stored. */
export class AuthService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly settings: AuthSettings = DEFAULT_AUTH_SETTINGS,
    private readonly links?: PrincipalLinks,
  ) {}

  async login(username: string, password: string, client: ClientInfo = {}): Promise<LoginResult> {
    const now = this.clock.now();
    const user = await this.users.findByUsername(username);
    if (!user) {
      await verifyPassword(password, await decoyHash());
      await this.audit.record({ action: 'auth.login_failed', details: { username, reason: 'unknown_user' }, ...ip(client) });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.lockedUntil !== null && user.lockedUntil > now) {
      await this.audit.record({ actorId: user.id, action: 'auth.login_failed', details: { username, reason: 'locked' }, ...ip(client) });
      throw new AppError('ACCOUNT_LOCKED', undefined, { retryAfterSeconds: Math.ceil((user.lockedUntil - now) / 1000) });
    }
    const ok = await verifyPassword(password, user.passwordHash);
    if (!ok || user.disabled) {
      // A disabled account answers like a wrong password: the caller learns nothing about it.
      const reason = ok ? 'disabled' : 'wrong_password';
      const { locked } = ok
        ? { locked: false }
        : await this.users.recordFailedLogin(user.id, this.settings.lockoutAttempts, now + this.settings.lockoutMs, now);
      await this.audit.record({ actorId: user.id, action: 'auth.login_failed', details: { username, reason }, ...ip(client) });
      if (locked) await this.audit.record({ actorId: user.id, action: 'auth.locked', target: `user:${user.id}`, ...ip(client) });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.failedLogins > 0 || user.lockedUntil !== null) await this.users.clearFailedLogins(user.id, now);
    // Sessions dead for a day are of no use even to the audit trail (which has its own entries).
    await this.sessions.purgeDead(user.id, now - 86_400_000);

    const token = newSecret(32);
    const sessionId = newId();
    const expiresAt = now + this.settings.sessionTtlMs;
    await this.sessions.insert({ id: sessionId, userId: user.id, tokenHash: hashToken(token), at: now, expiresAt, ...client });
    await this.audit.record({ actorId: user.id, action: 'auth.login', target: `session:${sessionId}`, ...ip(client) });
    return { token, expiresAt, principal: await this.principalOf(user, sessionId) };
  }

  /** Resolves a presented token into the caller; UNAUTHENTICATED or SESSION_EXPIRED otherwise. */
  async authenticate(token: string): Promise<Principal> {
    const now = this.clock.now();
    const session = await this.sessions.findByTokenHash(hashToken(token));
    if (!session || session.revokedAt !== null) throw new AppError('UNAUTHENTICATED');
    if (now >= session.expiresAt || now - session.lastSeenAt >= this.settings.sessionIdleMs) {
      throw new AppError('SESSION_EXPIRED');
    }
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED');
    if (now - session.lastSeenAt >= TOUCH_EVERY_MS) await this.sessions.touch(session.id, now);
    return this.principalOf(user, session.id);
  }

  async logout(principal: Principal, client: ClientInfo = {}): Promise<void> {
    await this.sessions.revoke(principal.sessionId, this.clock.now());
    await this.audit.record({ actorId: principal.userId, action: 'auth.logout', target: `session:${principal.sessionId}`, ...ip(client) });
  }

  /** The user changes their own password: the current one is required; other sessions end. */
  async changePassword(principal: Principal, current: string, next: string, client: ClientInfo = {}): Promise<void> {
    const problems: FieldProblem[] = [];
    if (next.length < PASSWORD_MIN_LENGTH) problems.push({ where: '/body/newPassword', reason: `at least ${PASSWORD_MIN_LENGTH} characters` });
    if (next === current) problems.push({ where: '/body/newPassword', reason: 'must differ from the current password' });
    if (problems.length > 0) throw validationError(problems);
    const user = await this.users.findById(principal.userId);
    if (!user || !(await verifyPassword(current, user.passwordHash))) {
      await this.audit.record({ actorId: principal.userId, action: 'auth.password_change_failed', ...ip(client) });
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong', {
        problems: [{ where: '/body/currentPassword', reason: 'does not match' }],
      });
    }
    const passwordHash = await hashPassword(next);
    const now = this.clock.now();
    await this.users.transact(this.audit, async ({ users, sessions, audit }) => {
      await users.update(user.id, { passwordHash }, now);
      await sessions.revokeOthers(user.id, principal.sessionId, now);
      await audit.record({ actorId: user.id, action: 'auth.password_changed', target: `user:${user.id}`, ...ip(client) });
    });
  }

  private async principalOf(user: UserRecord, sessionId: string): Promise<Principal> {
    const links = this.links ? await this.links.linksFor(user.id) : { ledTeamIds: [] };
    return {
      userId: user.id,
      username: user.username,
      roles: [...user.roles],
      permissions: permissionsOf(user.roles),
      ...(links.agentId ? { agentId: links.agentId } : {}),
      ledTeamIds: links.ledTeamIds,
      sessionId,
    };
  }
}

function ip(client: ClientInfo): { ip?: string } {
  return client.ip ? { ip: client.ip } : {};
}
