import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../src/accounts/principal.js';
import type { Role } from '../../../../src/accounts/permissions.js';
import type { DomainEvent } from '../../../../src/core/events.js';
import { canSee } from '../../../../src/api/ws/event-filter.js';

const alert: DomainEvent = { type: 'alert.raised', at: 0, scope: {}, severity: 'error', code: 'IVR_FLOW_FAILED', message: 'IVR flow "main" could not run', callId: 'c1', flow: 'main' };
const as = (role: Role): Principal => ({ userId: 'u', username: 'u', sessionId: 's', roles: [role], permissions: new Set(), ...(role === 'agent' ? { agentId: 'a1' } : {}), ledTeamIds: [] }) as Principal;

describe('alerts on the event stream', () => {
  it('given an IVR failure alert when it is streamed then supervisors and admins see it and agents do not', () => {
    expect(canSee(as('supervisor'), alert)).toBe(true);
    expect(canSee(as('admin'), alert)).toBe(true);
    expect(canSee(as('agent'), alert)).toBe(false);
  });
});
