/**
 * The per-role grants page's rules, apart from the page so they are tested on their own: the roles
 * in a fixed order, admins always holding every permission (the daemon grants them all whatever is
 * stored, so the page never offers to take it away), and which rows differ from what is saved.
 */

/** The roles as the daemon names them (src/accounts/permissions.ts ROLES), in the grid's column order. */
export const GRID_ROLES = ['agent', 'team_lead', 'supervisor', 'admin'] as const;
export type GridRole = (typeof GRID_ROLES)[number];

/** The roles to store for a permission: known roles only, in column order, admins always among them. */
export function normalRoles(roles: readonly string[]): GridRole[] {
  return GRID_ROLES.filter((r) => r === 'admin' || roles.includes(r));
}

/** The row with one role ticked or unticked (admins cannot be unticked). */
export function toggled(roles: readonly string[], role: GridRole, on: boolean): GridRole[] {
  return normalRoles(on ? [...roles, role] : roles.filter((r) => r !== role));
}

/** Whether the row on screen differs from the saved one (admins held either way). */
export function differs(saved: readonly string[], shown: readonly string[]): boolean {
  return normalRoles(saved).join() !== normalRoles(shown).join();
}
