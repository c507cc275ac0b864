/**
 * Which roles find the chat bot settings and the records page in their menu, and what the records
 * page offers each, from the same permission sets the daemon grants: agents hold config.view for
 * their own tools, which must not list an admin page for them (the daemon still checks every call
 * the page makes).
 */
import { describe, expect, it } from 'vitest';
import { ROLES, permissionsOf, type Role } from '../../../src/accounts/permissions.js';
import { botSettingsListed, recordsListed, roleGrantsListed } from '../../../src/web/app/page-access.js';
import { recordAbilities } from '../../../src/web/records/record-abilities.js';

const principalOf = (role: Role) => ({ userId: `u-${role}`, username: role, roles: [role], permissions: [...permissionsOf([role])], ledTeamIds: [] });

describe('the chat bot settings in each role menu', () => {
  it('given each role then the page is listed for admins, supervisors and team leads, never for agents', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, botSettingsListed(principalOf(r))]))).toEqual({ agent: false, team_lead: true, supervisor: true, admin: true });
  });
});

describe('the per-role grants page in each role menu', () => {
  it('given each role then only admins (who may change the grants) find it', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, roleGrantsListed(principalOf(r))]))).toEqual({ agent: false, team_lead: false, supervisor: false, admin: true });
  });
});

describe('the records page for each role', () => {
  it('given each role then every role finds it and opens and listens to the calls listed; an agent without other rows, download, deletion, export or storage', () => {
    expect(Object.fromEntries(ROLES.map((r) => [r, recordsListed(principalOf(r))]))).toEqual({ agent: true, team_lead: true, supervisor: true, admin: true });
    expect(Object.fromEntries(ROLES.map((r) => [r, recordAbilities(principalOf(r))]))).toEqual({
      agent: { calls: true, chats: true, others: false, openCall: true, listen: true, download: false, deleteRecording: false, export: false, storage: false },
      team_lead: { calls: true, chats: true, others: true, openCall: true, listen: true, download: false, deleteRecording: false, export: true, storage: false },
      supervisor: { calls: true, chats: true, others: true, openCall: true, listen: true, download: true, deleteRecording: true, export: true, storage: false },
      admin: { calls: true, chats: true, others: true, openCall: true, listen: true, download: true, deleteRecording: true, export: true, storage: true },
    });
  });

  it('given a user holding no records permission then the page is not listed', () => {
    expect(recordsListed({ ...principalOf('agent'), permissions: ['agent.self', 'chat.handle'] })).toBe(false);
  });
});
