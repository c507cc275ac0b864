import { isRole, type Role } from '../../accounts/permissions.js';

export const DEFAULT_EXPORT_ROW_CAP = 100_000;

/** Most rows one records export may hold, per role (call records and chat records alike). */
export type ExportRowCaps = Readonly<Partial<Record<Role, number>>>;

/**
 * A team lead exports their teams' day or week, a supervisor the center's month, an admin a year
 * for an audit. A user with several roles gets the largest; an export past it is a coded 400 that
 * names the cap, before the first byte.
 */
export const EXPORT_ROW_CAPS: ExportRowCaps = { team_lead: 20_000, supervisor: DEFAULT_EXPORT_ROW_CAP, admin: 1_000_000 };

export function exportCapOf(roles: readonly string[], caps: ExportRowCaps = EXPORT_ROW_CAPS): number {
  return Math.max(0, ...roles.map((r) => (isRole(r) ? (caps[r] ?? 0) : 0)));
}

/** The route description's sentence about the caps. */
export const EXPORT_CAPS_TEXT = `More matching rows than the user's role may export (team lead ${EXPORT_ROW_CAPS.team_lead}, supervisor ${EXPORT_ROW_CAPS.supervisor}, admin ${EXPORT_ROW_CAPS.admin}) answer 400 EXPORT_TOO_LARGE with the cap.`;
