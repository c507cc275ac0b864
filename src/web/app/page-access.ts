/**
 * Who finds a page in their menu, where the rule is more than one permission. Kept apart from
 * pages.tsx (which imports every page and the live event stream) so it is checked on its own.
 */
import type { Principal } from '../api/types.js';

/**
 * The chat bot settings (issue 21): admins edit; supervisors and team leads read them (they decide
 * which chats reach their floor). Agents also hold config.view for their own tools, but an admin
 * page in their menu is only noise.
 */
export function botSettingsListed(p: Principal): boolean {
  return p.permissions.includes('config.edit') || (p.permissions.includes('config.view') && p.permissions.includes('realtime.view'));
}

/**
 * The records page (issue 14): team leads, supervisors and admins (records.view) for their reach,
 * agents (records.own) for their own calls and chats only; src/web/records/record-abilities.ts
 * decides what the page offers each of them.
 */
export function recordsListed(p: Principal): boolean {
  return p.permissions.includes('records.view') || p.permissions.includes('records.own');
}

/**
 * The per-role grants page: whoever may change the grants (PUT /api/role-grants needs
 * users.manage, admins by default); nobody else could read them either.
 */
export function roleGrantsListed(p: Principal): boolean {
  return p.permissions.includes('users.manage');
}
