/**
 * The audit trail: logins (good and bad) and every privileged action. Written by services and
 * routes; stored by the store adapter; readable with `audit.view`.
 */
export interface AuditEntry {
  /** Who did it; absent for anonymous attempts (failed login of an unknown user). */
  actorId?: string;
  /** Dotted verb, e.g. `auth.login`, `auth.login_failed`, `queue.update`, `agent.force_state`. */
  action: string;
  /** What it was done to, e.g. `queue:<id>`. */
  target?: string;
  /** Extra facts. Never passwords, tokens or other secrets. */
  details?: Record<string, unknown>;
  /** Client address when the action came over the network. */
  ip?: string;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

/** A stored audit entry as read back (`audit.view`). */
export interface AuditRecord extends AuditEntry {
  id: string;
  at: number;
}

export interface AuditQuery {
  actorId?: string;
  /** Exact action, or a prefix ending in `.` (`auth.`). */
  action?: string;
  /** Inclusive lower / exclusive upper bound, epoch ms. */
  from?: number;
  to?: number;
  limit?: number;
  /** Id of the last entry of the previous page (newest first). */
  before?: string;
}

export interface AuditReader {
  query(q: AuditQuery): Promise<AuditRecord[]>;
}
