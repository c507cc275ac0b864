import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/accounts/permissions.js';
import { differs, GRID_ROLES, normalRoles, toggled } from '../../../src/web/role-grants/grant-grid.js';

describe('the per-role grants grid', () => {
  it("given the daemon's roles then the grid has a column for each, in the daemon's order", () => {
    expect([...GRID_ROLES]).toEqual([...ROLES]);
  });

  it('given a row when team leads are ticked then they are added in column order and admins stay', () => {
    expect(toggled(['supervisor', 'admin'], 'team_lead', true)).toEqual(['team_lead', 'supervisor', 'admin']);
  });

  it('given a row when admins are unticked then they stay: admins hold every permission', () => {
    expect(toggled(['supervisor', 'admin'], 'admin', false)).toEqual(['supervisor', 'admin']);
    expect(normalRoles(['team_lead', 'boss'])).toEqual(['team_lead', 'admin']);
  });

  it('given a saved row when the shown one has the same roles in any order, with or without admin, then it does not differ; one more role does', () => {
    expect(differs(['team_lead'], ['admin', 'team_lead'])).toBe(false);
    expect(differs(['supervisor', 'admin'], ['admin', 'supervisor'])).toBe(false);
    expect(differs(['supervisor', 'admin'], ['team_lead', 'supervisor', 'admin'])).toBe(true);
  });
});
