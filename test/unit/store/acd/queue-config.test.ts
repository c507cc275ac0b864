import { describe, expect, it } from 'vitest';
import type { Queue } from '../../../../src/store/config/model.js';
import { toAcdQueue, toAgentProfile, toExitAction } from '../../../../src/store/acd/queue-config.js';
import { harness } from '../../acd/harness.js';

const base: Queue = {
  id: 'q1',
  createdAt: 0,
  updatedAt: 0,
  name: 'Support',
  media: 'voice',
  strategy: 'top_down',
  priority: 2,
  agingRate: 0.5,
  vipBoost: { vip: 50, gold: 10 },
  requiredSkills: [{ skillId: 'billing', minLevel: 6 }],
  relaxation: [
    { afterSeconds: 90, overflowQueueId: 'q2' },
    { afterSeconds: 30, acceptLevel: 3 },
  ],
  members: [
    { agentId: 'a2', weight: 1 },
    { agentId: 'a1', weight: 3 },
  ],
  maxQueueSize: 20,
  maxWaitSeconds: 600,
  maxWaitAction: 'queue:q3',
  wrapUpSeconds: 15,
  noAnswerTimeoutSeconds: 12,
  maxMissesBeforeNotReady: 2,
  calendarId: null,
  closedAction: 'voicemail',
  overflowQueueId: 'q2',
  announcements: { position: true, estimatedWait: true, everySeconds: null },
};

describe('configuration for the routing engine', () => {
  it('given a configured queue when mapped then every rule lands in the engine form', () => {
    expect(toAcdQueue(base)).toEqual({
      id: 'q1',
      name: 'Support',
      strategy: 'top_down',
      priority: 2,
      agingMsPerPriority: 2000,
      customerLevelPriority: { vip: 50, gold: 10 },
      requiredSkills: { billing: 6 },
      relaxation: [
        { afterMs: 30_000, acceptLevel: 3 },
        { afterMs: 90_000, overflowToQueueId: 'q2' },
      ],
      maxSize: 20,
      fullAction: { action: 'queue', target: 'q2' },
      maxWaitMs: 600_000,
      maxWaitAction: { action: 'queue', target: 'q3' },
      closedAction: { action: 'voicemail' },
      wrapUpMs: 15_000,
      offerTimeoutMs: 12_000,
      maxMissedOffers: 2,
      members: [
        { agentId: 'a2', order: 0, weight: 1 },
        { agentId: 'a1', order: 1, weight: 3 },
      ],
    });
    expect(toExitAction('hangup')).toEqual({ action: 'hangup' });
    expect(toExitAction('nonsense')).toBeUndefined();
    expect(toAgentProfile({ id: 'a1', createdAt: 0, updatedAt: 0, userId: 'u1', number: '100', displayName: 'A', teamId: 't1', skills: [{ skillId: 'billing', level: 4 }], phone: { mode: 'chosen_at_login' }, chatCapacity: 3, enabled: true })).toEqual({
      id: 'a1',
      skills: { billing: 4 },
      teamIds: ['t1'],
      defaultChatCapacity: 3,
    });
  });

  it('given the mapped queue in the engine when a contact waits 30 s then an agent at the accepted level gets it', () => {
    const h = harness();
    h.acd.upsertQueue(toAcdQueue({ ...base, relaxation: [{ afterSeconds: 30, acceptLevel: 3 }] }));
    h.acd.upsertAgentProfile({ id: 'a1', skills: { billing: 4 }, teamIds: [] });
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q1' });
    expect(h.delivery.delivered).toHaveLength(0);
    h.clock.advance(30_000);
    expect(h.delivery.lastFor('a1').contactId).toBe('c1');
  });

  it('given a queue limit of two misses when an agent misses twice then it goes not ready', () => {
    const h = harness({ config: { maxMissedOffers: 10, declineCooldownMs: 1 } });
    h.acd.upsertQueue(toAcdQueue({ ...base, requiredSkills: [], relaxation: [] }));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q1' });
    h.clock.advance(12_000);
    h.clock.advance(12_001);
    expect(h.acd.agentSnapshot('a1')).toMatchObject({ presence: 'not_ready', reason: 'missed_offers' });
  });
});
