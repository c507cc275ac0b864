import type { Permission, Role } from './permissions.js';

/** The authenticated caller of an HTTP route or WebSocket, as resolved from its session. */
export interface Principal {
  userId: string;
  username: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  /** Set when the user is also an agent. */
  agentId?: string;
  /** Teams the user leads (team leads see these teams' agents and events). */
  ledTeamIds: string[];
  sessionId: string;
  /**
   * Set for a wall display's read-only wallboard token (wallboard-tokens.ts): no role, no
   * permission; the auth hook lets it reach only routes declared `wallboard: true`.
   */
  wallboard?: { tokenId: string };
}

export function can(principal: Principal | undefined, permission: Permission): boolean {
  return principal !== undefined && principal.permissions.has(permission);
}
