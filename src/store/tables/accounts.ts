import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for the accounts tables (sql/001_accounts.sql owns the real schema). */
export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  login_throttle: LoginThrottleTable;
}

/** Failed logins per lower-cased name, known or unknown (sql/044_login_throttle.sql). */
export interface LoginThrottleTable {
  name_key: string;
  failures: number;
  locked_until: Date | null;
  updated_at: Date;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** Role names (see src/accounts/permissions.ts ROLES); the check constraint rejects others. */
  roles: string[];
  password_hash: string;
  disabled: Generated<boolean>;
  /** Superseded by login_throttle (kept so older rows still load); always 0 / null. */
  failed_logins: Generated<number>;
  locked_until: Date | null;
  /** 'none' | 'fixed' | 'at_login' (sql/045_user_phone.sql) | 'browser' (sql/046_browser_phone.sql). */
  phone_mode: Generated<string>;
  phone_extension: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: string;
  at: Date;
  actor_id: string | null;
  action: string;
  target: string | null;
  /** Written as a JSON string (pg would turn a bare array into a Postgres array), read as an object. */
  details: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  ip: string | null;
}
