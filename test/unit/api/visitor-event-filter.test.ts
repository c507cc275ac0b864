/** visitor.* events are everyone-scoped, but only holders of chat.visitors see them. */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/accounts/principal.js';
import { ROLE_PERMISSIONS } from '../../../src/accounts/permissions.js';
import type { DomainEvent } from '../../../src/core/events.js';
import { canSee } from '../../../src/api/ws/event-filter.js';

const event: DomainEvent = { type: 'visitor.changed', at: 1, scope: { everyone: true }, visitorId: 'v1', online: true };
const principal = (roles: Principal['roles']): Principal => ({
  userId: 'u',
  username: 'u',
  roles,
  permissions: new Set(roles.flatMap((r) => [...ROLE_PERMISSIONS[r]])),
  ledTeamIds: [],
  sessionId: 's',
});

describe('who sees visitors on the site', () => {
  it('given agents, team leads, supervisors and admins when a visitor changes then each sees it (chat.visitors)', () => {
    for (const r of ['agent', 'team_lead', 'supervisor', 'admin'] as const) expect(canSee(principal([r]), event)).toBe(true);
  });

  it('given a user without chat.visitors or a wall display when a visitor changes then they do not see it', () => {
    expect(canSee(principal([]), event)).toBe(false);
    expect(canSee({ ...principal([]), wallboard: { tokenId: 't' } }, event)).toBe(false);
  });
});
