/**
 * Which roles find the chat bot settings in their menu, from the same permission sets the daemon
 * grants: agents hold config.view for their own tools, which must not list an admin page for them
 * (the daemon still checks every call the page makes).
 */
import { describe, expect, it } from 'vitest';
import { ROLES, permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import { botSettingsListed } from '../../../src/web/app/page-access.js';

const principalOf = (role: Role) => ({ userId: `u-${role}`, username: role, roles: [role], permissions: [...permissionsOf([role])], ledTeamIds: [] });

describe('the chat bot settings in each role menu', () => {
  it('given each role then the page is listed for admins, supervisors and team leads, never for agents', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, botSettingsListed(principalOf(r))]))).toEqual({ agent: false, team_lead: true, supervisor: true, admin: true });
  });
});
