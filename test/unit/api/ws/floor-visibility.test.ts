/**
 * The floor's figures go out twice (src/supervision/floor-watch.ts): at once for staff and wall
 * displays, paced for everyone else. Each socket must get exactly one of the two.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../src/accounts/principal.js';
import type { Role } from '../../../../src/accounts/permissions.js';
import type { DomainEvent } from '../../../../src/core/events.js';
import { canSee } from '../../../../src/api/ws/event-filter.js';

const figures = { values: { waiting: 1 }, chat: {}, queues: [] };
const forStaff: DomainEvent = { type: 'floor.changed', at: 0, scope: {}, ...figures };
const forEveryone: DomainEvent = { type: 'floor.changed', at: 0, scope: { everyone: true, exceptStaff: true }, ...figures };
const as = (role: Role): Principal => ({ userId: 'u', username: 'u', sessionId: 's', roles: [role], permissions: new Set(), ...(role === 'agent' ? { agentId: 'a1' } : {}), ledTeamIds: role === 'team_lead' ? ['t1'] : [] }) as Principal;
const wallboard = { ...as('agent'), agentId: undefined, roles: [], wallboard: { tokenId: 'w1' } } as unknown as Principal;

describe('who gets which floor.changed', () => {
  it('given both publications when each kind of socket is asked then staff and walls see only the prompt one, agents and team leads only the paced one', () => {
    const sees = (p: Principal) => [canSee(p, forStaff), canSee(p, forEveryone)];
    expect(sees(as('supervisor'))).toEqual([true, false]);
    expect(sees(as('admin'))).toEqual([true, false]);
    expect(sees(wallboard)).toEqual([true, false]);
    expect(sees(as('agent'))).toEqual([false, true]);
    expect(sees(as('team_lead'))).toEqual([false, true]);
  });

  it('given an admin changing indicator settings or a queue when a wall display is asked then it sees that config change and no other', () => {
    const change = (entity: string): DomainEvent => ({ type: 'config.changed', at: 0, scope: { everyone: true }, entity, id: 'x', action: 'updated' });
    expect(canSee(wallboard, change('indicator_settings'))).toBe(true);
    expect(canSee(wallboard, change('queue'))).toBe(true);
    expect(canSee(wallboard, change('user'))).toBe(false);
    expect(canSee(wallboard, { type: 'agent.state_changed', at: 0, scope: { everyone: true }, agentId: 'a1', from: 'available', to: 'not_ready' })).toBe(false);
  });
});
