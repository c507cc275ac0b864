import type { AuditLog } from './audit.js';
import type { Role } from './permissions.js';
import type { UserPhone } from './user-phones.js';

/** Ports of the accounts domain; src/store/accounts implements them over kysely. */

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  passwordHash: string;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: number | null;
  /** The user's own phone for supervision. */
  phone: UserPhone;
  createdAt: number;
  updatedAt: number;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  passwordHash: string;
  phone?: UserPhone;
  at: number;
}

export interface UserPatch {
  displayName?: string;
  roles?: Role[];
  disabled?: boolean;
  passwordHash?: string;
  phone?: UserPhone;
}

export interface LoginAttemptClaim {
  /** False: the name is locked; the password must not even be checked. */
  allowed: boolean;
  /** Attempts counted since the last success or lock expiry, this one included. */
  attempt: number;
  lockedUntil: number | null;
}

export interface UserRepository {
  /** Throws AppError CONFLICT when the username (case-insensitive) is taken. */
  insert(user: NewUser): Promise<UserRecord>;
  findById(id: string): Promise<UserRecord | undefined>;
  findByUsername(username: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  /** Users in all, or those holding `role`. */
  count(role?: Role): Promise<number>;
  update(id: string, patch: UserPatch, at: number): Promise<UserRecord | undefined>;
  /**
   * Counts one login attempt on `username` (known or not) BEFORE its password is checked, in one
   * statement: whatever the concurrency, attempt `max + 1` and later are refused until the lock
   * ends. The attempt reaching `max` locks the name until `lockUntil` (a success then unlocks).
   */
  claimLoginAttempt(username: string, max: number, lockUntil: number, at: number): Promise<LoginAttemptClaim>;
  /** Forgets the failures counted on the name (a successful login). */
  clearLoginFailures(username: string): Promise<void>;
  /** Forgets the failures and lock of the user (password reset, admin unlock). */
  clearFailedLogins(id: string, at: number): Promise<void>;
  /**
   * One unit of work: the repositories and the audit log handed to `fn` share one transaction, so
   * a change and its audit entry are both stored or, when `fn` throws, neither. Audit events are
   * announced only after the commit.
   */
  transact<T>(audit: AuditLog, fn: (unit: AccountsUnit) => Promise<T>): Promise<T>;
}

/** What a unit of work may touch; valid only until the `transact` callback returns. */
export interface AccountsUnit {
  users: Omit<UserRepository, 'transact'>;
  sessions: SessionRepository;
  audit: AuditLog;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  revokedAt: number | null;
}

/** A session with what its user is now (the session cache's re-check). */
export interface SessionCheck extends SessionRecord {
  /** Absent when the user no longer exists. */
  user?: { username: string; roles: Role[]; disabled: boolean };
}

export interface SessionRepository {
  insert(s: { id: string; userId: string; tokenHash: string; at: number; expiresAt: number; ip?: string; userAgent?: string }): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  touch(id: string, at: number): Promise<void>;
  /** These sessions (those that still exist) and their users, a few hundred per statement. */
  checkMany(ids: string[]): Promise<SessionCheck[]>;
  /** Records uses: each session's last_seen_at moves forward to its `at`, never back. */
  touchMany(uses: { id: string; at: number }[]): Promise<void>;
  revoke(id: string, at: number): Promise<void>;
  revokeAllOf(userId: string, at: number): Promise<void>;
  /** Ends every session of the user except `keepId`. */
  revokeOthers(userId: string, keepId: string, at: number): Promise<void>;
  /** Forgets the user's sessions that can no longer be used (expired or revoked before `before`). */
  purgeDead(userId: string, before: number): Promise<void>;
}

/** What the user is besides their roles: the agent they are, the teams they lead. */
export interface PrincipalLinks {
  linksFor(userId: string): Promise<{ agentId?: string; ledTeamIds: string[] }>;
  /** The same for many users at once (the session cache's re-check); without it, linksFor each. */
  linksForMany?(userIds: string[]): Promise<Map<string, { agentId?: string; ledTeamIds: string[] }>>;
}

export const noPrincipalLinks: PrincipalLinks = {
  linksFor: async () => ({ ledTeamIds: [] }),
};
