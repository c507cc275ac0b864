import { hash } from 'node:crypto';
import { AppError, validationError, type FieldProblem } from '../core/errors.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { silentLogger, type Logger } from '../core/log.js';
import { newId, newSecret } from '../core/ids.js';
import type { AuditLog } from './audit.js';
import { HashQueue } from './hash-queue.js';
import { decoyHash, hashPassword, PASSWORD_MIN_LENGTH, verifyPassword } from './password.js';
import { permissionsOf } from './permissions.js';
import { DEFAULT_GRANTS, grantedTo, type RoleGrants } from './role-grants.js';
import type { Principal } from './principal.js';
import { SessionCache, type CachedSession } from './session-cache.js';
import type { LoginAttemptClaim, PrincipalLinks, SessionCheck, SessionRepository, UserRecord, UserRepository } from './ports.js';

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
  // The one-shot form: a fraction of createHash's cost, and it runs on every request.
  return hash('sha256', token, 'base64url');
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
    private readonly hashes: HashQueue = new HashQueue(),
    /** Resolved sessions (see session-cache.ts); the default caches nothing. */
    readonly cache: SessionCache = new SessionCache({ recheckMs: 0 }),
    private readonly log: Logger = silentLogger,
    /** Permissions granted per role at run time (role-grants.ts); the defaults without it. */
    private readonly grants: () => RoleGrants = () => DEFAULT_GRANTS,
  ) {}

  private recheckTimer: TimerHandle | undefined;
  /** The re-check the timer started last (it settles, never rejects), for rechecked(). */
  private rechecking: Promise<void> = Promise.resolve();
  private stopped = false;

  /** Resolves once the re-check under way (if any) has finished: tests and shutdown wait on it. */
  rechecked(): Promise<void> {
    return this.rechecking;
  }

  async login(username: string, password: string, client: ClientInfo = {}): Promise<LoginResult> {
    const now = this.clock.now();
    const max = this.settings.lockoutAttempts;
    // The whole check runs in a hash-queue slot, so a refused LOGIN_BUSY has counted nothing.
    const attempt = await this.hashes.run(() => this.checkCredentials(username, password, now));
    if (!attempt.claim.allowed) {
      await this.audit.record({ action: 'auth.login_failed', details: { username, reason: 'locked' }, ...ip(client) });
      const until = attempt.claim.lockedUntil ?? now;
      throw new AppError('ACCOUNT_LOCKED', undefined, { retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)) });
    }
    const user = attempt.user;
    if (!user || !attempt.ok || user.disabled) {
      // A disabled account answers like a wrong password: the caller learns nothing about it.
      const actor = user ? { actorId: user.id } : {};
      const reason = !user ? 'unknown_user' : attempt.ok ? 'disabled' : 'wrong_password';
      await this.audit.record({ ...actor, action: 'auth.login_failed', details: { username, reason }, ...ip(client) });
      if (attempt.claim.attempt === max) await this.audit.record({ ...actor, action: 'auth.locked', target: `login:${username.toLowerCase()}`, ...ip(client) });
      throw new AppError('INVALID_CREDENTIALS');
    }
    await this.users.clearLoginFailures(username);
    // Sessions dead for a day are of no use even to the audit trail (which has its own entries).
    await this.sessions.purgeDead(user.id, now - 86_400_000);

    const token = newSecret(32);
    const sessionId = newId();
    const expiresAt = now + this.settings.sessionTtlMs;
    await this.sessions.insert({ id: sessionId, userId: user.id, tokenHash: hashToken(token), at: now, expiresAt, ...client });
    await this.audit.record({ actorId: user.id, action: 'auth.login', target: `session:${sessionId}`, ...ip(client) });
    return { token, expiresAt, principal: await this.principalOf(user, sessionId) };
  }

  /**
   * Counts the attempt before the slow hash, for known and unknown names alike, so the answers
   * (401, then 423 once locked) never tell whether a name exists. An unknown name is verified
   * against a decoy hash: it costs the same time as a wrong password.
   */
  private async checkCredentials(username: string, password: string, now: number): Promise<{ claim: LoginAttemptClaim; user?: UserRecord; ok: boolean }> {
    const claim = await this.users.claimLoginAttempt(username, this.settings.lockoutAttempts, now + this.settings.lockoutMs, now);
    if (!claim.allowed) return { claim, ok: false };
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
    return user ? { claim, user, ok } : { claim, ok };
  }

  /**
   * Resolves a presented token into the caller; UNAUTHENTICATED or SESSION_EXPIRED otherwise.
   * Served from the session cache while its entry is fresh (no database round trip), else read
   * from the database (once for concurrent callers of the same token) and cached.
   */
  async authenticate(token: string): Promise<Principal> {
    const now = this.clock.now();
    const key = hashToken(token);
    const hit = this.cache.get(key);
    if (!hit || !this.cache.isFresh(hit, now)) {
      const principal = await this.cache.load(key, () => this.loadSession(key, now, hit?.lastSeenAt));
      this.scheduleRecheck();
      return principal;
    }
    if (now >= hit.expiresAt || now - hit.lastSeenAt >= this.settings.sessionIdleMs) {
      this.cache.forget(key);
      throw new AppError('SESSION_EXPIRED');
    }
    hit.lastSeenAt = Math.max(hit.lastSeenAt, now);
    this.cache.used(key, hit);
    return hit.principal;
  }

  /** Stops the periodic re-check (shutdown). */
  stop(): void {
    this.stopped = true;
    this.clock.clearTimeout(this.recheckTimer);
    this.recheckTimer = undefined;
  }

  /**
   * `lastSeenHere`: the last use this process saw of the session (a stale cache entry), which may
   * be newer than the stored one (stored at most once a minute).
   */
  private async loadSession(tokenHash: string, now: number, lastSeenHere?: number): Promise<CachedSession> {
    const session = await this.sessions.findByTokenHash(tokenHash);
    if (!session || session.revokedAt !== null) throw new AppError('UNAUTHENTICATED');
    const lastSeen = Math.max(session.lastSeenAt, lastSeenHere ?? 0);
    if (now >= session.expiresAt || now - lastSeen >= this.settings.sessionIdleMs) {
      throw new AppError('SESSION_EXPIRED');
    }
    const user = await this.users.findById(session.userId);
    if (!user || user.disabled) throw new AppError('UNAUTHENTICATED');
    let stored = session.lastSeenAt;
    if (now - stored >= TOUCH_EVERY_MS) {
      await this.sessions.touch(session.id, now);
      stored = now;
    }
    const principal = await this.principalOf(user, session.id);
    return { principal, sessionId: session.id, userId: user.id, expiresAt: session.expiresAt, lastSeenAt: now, storedLastSeenAt: stored, checkedAt: now };
  }

  private scheduleRecheck(): void {
    if (this.recheckTimer || this.stopped || this.cache.recheckMs === 0 || this.cache.size === 0) return;
    this.recheckTimer = this.clock.setTimeout(() => {
      this.rechecking = this.recheck()
        .catch((err: unknown) => this.log.warn({ err }, 'session re-check failed; the cached sessions are checked again at the next round'))
        .finally(() => {
          this.recheckTimer = undefined;
          this.scheduleRecheck();
        });
    }, Math.max(1, Math.floor(this.cache.recheckMs / 2)));
  }

  /**
   * The cache's re-check (see session-cache.ts): every entry not checked for half the re-check
   * time, in one batched read of sessions and users and one of links. What another process
   * changed takes effect: a session revoked, expired or idle, or a user gone or disabled, ends
   * (its sockets close); a principal changed (roles, agent, led teams) is replaced (its sockets
   * re-check). Uses seen here are written to last_seen_at. A failed read changes nothing: the
   * entries go stale and are read again on their next use.
   */
  async recheck(): Promise<void> {
    const now = this.clock.now();
    const due = this.cache.checkedBefore(now - this.cache.recheckMs / 2);
    if (due.length === 0) return;
    let checks: Map<string, SessionCheck>;
    let links: Map<string, { agentId?: string; ledTeamIds: string[] }>;
    try {
      checks = new Map((await this.sessions.checkMany(due.map(([, e]) => e.sessionId))).map((c) => [c.id, c]));
      const userIds = [...new Set([...checks.values()].filter((c) => c.user && !c.user.disabled && c.revokedAt === null).map((c) => c.userId))];
      links = await this.linksOfMany(userIds);
    } catch {
      return;
    }
    const changed = new Set<string>();
    const touches: { id: string; at: number }[] = [];
    const touched: [CachedSession, number][] = [];
    for (const [key, e] of due) {
      if (!this.cache.holds(key, e)) continue;
      const c = checks.get(e.sessionId);
      const lastSeen = Math.max(e.lastSeenAt, c?.lastSeenAt ?? 0);
      if (!c || c.revokedAt !== null || !c.user || c.user.disabled || now >= c.expiresAt || now - lastSeen >= this.settings.sessionIdleMs) {
        this.cache.ended(key, e);
        continue;
      }
      const principal = principalFrom({ id: c.userId, username: c.user.username, roles: c.user.roles }, e.sessionId, links.get(c.userId) ?? { ledTeamIds: [] }, this.grants());
      if (!samePrincipal(principal, e.principal)) {
        e.principal = principal;
        changed.add(c.userId);
      }
      e.expiresAt = c.expiresAt;
      e.checkedAt = now;
      e.storedLastSeenAt = Math.max(e.storedLastSeenAt, c.lastSeenAt);
      if (e.lastSeenAt - e.storedLastSeenAt >= TOUCH_EVERY_MS) {
        touches.push({ id: e.sessionId, at: e.lastSeenAt });
        touched.push([e, e.storedLastSeenAt]);
        e.storedLastSeenAt = e.lastSeenAt;
      }
    }
    for (const userId of changed) this.cache.principalChanged(userId);
    if (touches.length === 0) return;
    try {
      await this.sessions.touchMany(touches);
    } catch (err) {
      // Not stored: the next round writes these uses again (an idle session must not expire
      // because one write failed), and the re-check's caller logs the failure.
      for (const [e, stored] of touched) e.storedLastSeenAt = stored;
      throw err;
    }
  }

  private async linksOfMany(userIds: string[]): Promise<Map<string, { agentId?: string; ledTeamIds: string[] }>> {
    if (!this.links || userIds.length === 0) return new Map();
    if (this.links.linksForMany) return this.links.linksForMany(userIds);
    const links = this.links;
    return new Map(await Promise.all(userIds.map(async (id) => [id, await links.linksFor(id)] as const)));
  }

  async logout(principal: Principal, client: ClientInfo = {}): Promise<void> {
    await this.sessions.revoke(principal.sessionId, this.clock.now());
    this.cache.sessionEnded(principal.sessionId);
    await this.audit.record({ actorId: principal.userId, action: 'auth.logout', target: `session:${principal.sessionId}`, ...ip(client) });
  }

  /** The user changes their own password: the current one is required; other sessions end. */
  async changePassword(principal: Principal, current: string, next: string, client: ClientInfo = {}): Promise<void> {
    const problems: FieldProblem[] = [];
    if (next.length < PASSWORD_MIN_LENGTH) problems.push({ where: '/body/newPassword', reason: `at least ${PASSWORD_MIN_LENGTH} characters` });
    if (next === current) problems.push({ where: '/body/newPassword', reason: 'must differ from the current password' });
    if (problems.length > 0) throw validationError(problems);
    const user = await this.users.findById(principal.userId);
    if (!user || !(await this.hashes.run(() => verifyPassword(current, user.passwordHash)))) {
      await this.audit.record({ actorId: principal.userId, action: 'auth.password_change_failed', ...ip(client) });
      throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong', {
        problems: [{ where: '/body/currentPassword', reason: 'does not match' }],
      });
    }
    const passwordHash = await this.hashes.run(() => hashPassword(next));
    const now = this.clock.now();
    await this.users.transact(this.audit, async ({ users, sessions, audit }) => {
      await users.update(user.id, { passwordHash }, now);
      await sessions.revokeOthers(user.id, principal.sessionId, now);
      await audit.record({ actorId: user.id, action: 'auth.password_changed', target: `user:${user.id}`, ...ip(client) });
    });
    this.cache.userSessionsEnded(user.id, principal.sessionId);
  }

  /**
   * What another user may do, as their sessions would see it, for a question about them (may this
   * user evaluate that agent?): no session behind it. undefined for an unknown or disabled user.
   */
  async principalOfUser(userId: string): Promise<Principal | undefined> {
    const user = await this.users.findById(userId);
    if (!user || user.disabled) return undefined;
    return this.principalOf(user, '');
  }

  private async principalOf(user: UserRecord, sessionId: string): Promise<Principal> {
    const links = this.links ? await this.links.linksFor(user.id) : { ledTeamIds: [] };
    return principalFrom(user, sessionId, links, this.grants());
  }
}

function principalFrom(user: { id: string; username: string; roles: UserRecord['roles'] }, sessionId: string, links: { agentId?: string; ledTeamIds: string[] }, grants: RoleGrants): Principal {
  return {
    userId: user.id,
    username: user.username,
    roles: [...user.roles],
    permissions: permissionsOf(user.roles, grantedTo(user.roles, grants)),
    ...(links.agentId ? { agentId: links.agentId } : {}),
    ledTeamIds: links.ledTeamIds,
    sessionId,
  };
}

function samePrincipal(a: Principal, b: Principal): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.username === b.username && a.agentId === b.agentId && same(a.roles, b.roles) && same(a.ledTeamIds, b.ledTeamIds);
}

function ip(client: ClientInfo): { ip?: string } {
  return client.ip ? { ip: client.ip } : {};
}
