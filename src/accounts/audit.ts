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
