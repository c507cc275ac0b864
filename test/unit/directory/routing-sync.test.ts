import { describe, expect, it } from 'vitest';
import type { AgentProfile, QueueConfig } from '../../../src/acd/types.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import { toAcdQueueConfig } from '../../../src/directory/acd-mapping.js';
import type { Queue } from '../../../src/directory/model.js';
import { RoutingSync } from '../../../src/directory/routing-sync.js';
import { harness } from '../acd/harness.js';
import { insertUser, useConfigFixture } from '../store/config/fixtures.js';

const baseQueue: Queue = {
  id: 'q1',
  name: 'Sales',
  enabled: true,
  recordingRetentionDays: null,
  serviceLevelSeconds: 20,
  media: 'voice',
  strategy: 'top_down',
  priority: 2,
  agingRate: 0.1,
  vipBoost: { vip: 50 },
  requiredSkills: [
    { skillId: 's-en', minLevel: 7 },
    { skillId: 's-fr', minLevel: 5 },
  ],
  relaxation: [
    { afterSeconds: 30, acceptLevel: 4 },
    { afterSeconds: 120, overflowQueueId: 'q2' },
  ],
  members: [
    { agentId: 'a2', weight: 3 },
    { agentId: 'a1', weight: 1 },
  ],
  maxQueueSize: 10,
  maxWaitSeconds: 600,
  maxWaitAction: 'queue:q3',
  wrapUpSeconds: 15,
  noAnswerTimeoutSeconds: 12,
  maxMissesBeforeNotReady: 3,
  calendarId: 'c1',
  closedAction: 'hangup',
  overflowQueueId: 'q2',
  announcements: { position: true, estimatedWait: false, everySeconds: null },
  createdAt: 0,
  updatedAt: 0,
};

describe('stored queue -> routing engine queue', () => {
  it('given every option then times become ms, actions become exit actions and member order is kept', () => {
    expect(toAcdQueueConfig(baseQueue)).toEqual({
      id: 'q1',
      name: 'Sales',
      strategy: 'top_down',
      priority: 2,
      requiredSkills: { 's-en': 7, 's-fr': 5 },
      relaxation: [
        { afterMs: 30_000, acceptLevel: 4 },
        { afterMs: 120_000, overflowToQueueId: 'q2' },
      ],
      agingMsPerPriority: 10_000,
      customerLevelPriority: { vip: 50 },
      maxSize: 10,
      fullAction: { action: 'queue', target: 'q2' },
      maxWaitMs: 600_000,
      maxWaitAction: { action: 'queue', target: 'q3' },
      closedAction: { action: 'hangup' },
      wrapUpMs: 15_000,
      offerTimeoutMs: 12_000,
      maxMissedOffers: 3,
      members: [
        { agentId: 'a2', order: 0, weight: 3 },
        { agentId: 'a1', order: 1, weight: 1 },
      ],
    });
  });

  it('given no limits, no aging and no calendar then those keys are left to the engine defaults', () => {
    const q = toAcdQueueConfig({ ...baseQueue, agingRate: 0, maxQueueSize: null, maxWaitSeconds: null, maxWaitAction: null, closedAction: null, overflowQueueId: null });
    expect(q).not.toHaveProperty('agingMsPerPriority');
    expect(q).not.toHaveProperty('maxSize');
    expect(q).not.toHaveProperty('maxWaitMs');
    expect(q).not.toHaveProperty('closedAction');
    expect(q).not.toHaveProperty('fullAction');
  });
});

describe('stored queue rules applied by the routing engine', () => {
  it('given "after 30 s accept level 6" over minimums 7 and 5 then only the skill above 6 is relaxed', () => {
    const h = harness();
    const stored: Queue = { ...baseQueue, strategy: 'longest_idle', calendarId: null, requiredSkills: [{ skillId: 'en', minLevel: 7 }, { skillId: 'fr', minLevel: 5 }], relaxation: [{ afterSeconds: 30, acceptLevel: 6 }], members: [{ agentId: 'weak-fr', weight: 1 }, { agentId: 'ok', weight: 1 }], maxWaitSeconds: null, maxWaitAction: null, overflowQueueId: null };
    h.acd.upsertQueue(toAcdQueueConfig(stored));
    // Lowering every level by one (the old approximation) would have let fr 4 through.
    h.acd.upsertAgentProfile({ id: 'weak-fr', skills: { en: 6, fr: 4 }, teamIds: [] });
    h.acd.upsertAgentProfile({ id: 'ok', skills: { en: 6, fr: 5 }, teamIds: [] });
    h.acd.login('weak-fr');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q1' });
    h.clock.advance(30_000);
    expect(h.delivery.delivered).toHaveLength(0);
    h.acd.login('ok');
    expect(h.delivery.lastFor('ok').contactId).toBe('c1');
  });

  it('given a queue allowing one miss when its offer goes unanswered then the agent is made not ready', () => {
    const h = harness({ config: { maxMissedOffers: 5 } });
    const stored: Queue = { ...baseQueue, strategy: 'longest_idle', calendarId: null, requiredSkills: [], relaxation: [], members: [{ agentId: 'a1', weight: 1 }], maxMissesBeforeNotReady: 1, noAnswerTimeoutSeconds: 10, maxWaitSeconds: null, maxWaitAction: null, overflowQueueId: null };
    h.acd.upsertQueue(toAcdQueueConfig(stored));
    h.acd.login('a1');
    h.acd.enqueue({ id: 'c1', media: 'voice', queueId: 'q1' });
    h.clock.advance(10_000);
    expect(h.acd.agentSnapshot('a1')).toMatchObject({ state: 'not_ready', reason: 'missed_offers' });
  });
});

describe('routing configuration sync', () => {
  const f = useConfigFixture();

  it('given stored agents, queues and a calendar when started and then changed then the engine and isOpen follow', async () => {
    await insertUser(f.db, 'u1');
    const agent = await f.repos.agents.create({ userId: 'u1', number: '1', displayName: 'A', phone: { mode: 'chosen_at_login' }, chatCapacity: 4 });
    const cal = await f.repos.calendars.create({ name: 'Never', timeZone: 'UTC', weekly: {}, holidays: [] });
    const closed = await f.repos.queues.create({ name: 'Closed', media: 'voice', strategy: 'longest_idle', calendarId: cal.id, closedAction: 'voicemail', members: [{ agentId: agent.id }] });
    const open = await f.repos.queues.create({ name: 'Open', media: 'chat', strategy: 'round_robin' });

    const queues: QueueConfig[] = [];
    const profiles: AgentProfile[] = [];
    const bus = new InProcessEventBus();
    const sync = new RoutingSync(f.repos, silentLogger);
    await sync.start(bus, { upsertQueue: (q) => queues.push(q), upsertAgentProfile: (p) => profiles.push(p), removeQueue: () => {}, removeAgent: () => {} });

    expect(profiles).toEqual([{ id: agent.id, skills: {}, teamIds: [], defaultChatCapacity: 4 }]);
    expect(queues.map((q) => q.id).sort()).toEqual([closed.id, open.id].sort());
    expect(sync.isOpen(closed.id, f.clock.now())).toBe(false);
    expect(sync.isOpen(open.id, f.clock.now())).toBe(true);

    const all = [{ start: '00:00', end: '24:00' }];
    await f.repos.calendars.update(cal.id, { name: 'Never', timeZone: 'UTC', weekly: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all }, holidays: [] });
    bus.publish({ type: 'config.changed', at: f.clock.now(), scope: { everyone: true }, entity: 'calendar', id: cal.id, action: 'updated' });
    await sync.reload();
    expect(sync.isOpen(closed.id, f.clock.now())).toBe(true);
    sync.stop();
  });

  it('given a queue and an agent deleted through the config API when config.changed arrives then the engine removes both', async () => {
    await insertUser(f.db, 'u1');
    const agent = await f.repos.agents.create({ userId: 'u1', number: '1', displayName: 'A', phone: { mode: 'chosen_at_login' }, chatCapacity: 0 });
    const keep = await f.repos.queues.create({ name: 'Keep', media: 'voice', strategy: 'random' });
    const gone = await f.repos.queues.create({ name: 'Gone', media: 'voice', strategy: 'random' });
    const removed: string[] = [];
    const bus = new InProcessEventBus();
    const sync = new RoutingSync(f.repos, silentLogger);
    await sync.start(bus, { upsertQueue: () => {}, upsertAgentProfile: () => {}, removeQueue: (id) => removed.push(`queue:${id}`), removeAgent: (id) => removed.push(`agent:${id}`) });
    expect(removed).toEqual([]);

    await f.repos.queues.delete(gone.id);
    bus.publish({ type: 'config.changed', at: f.clock.now(), scope: { everyone: true }, entity: 'queue', id: gone.id, action: 'deleted' });
    await sync.reload();
    expect(removed).toEqual([`queue:${gone.id}`]);

    await f.repos.agents.delete(agent.id);
    bus.publish({ type: 'config.changed', at: f.clock.now(), scope: { everyone: true }, entity: 'agent', id: agent.id, action: 'deleted' });
    await sync.reload();
    expect(removed).toEqual([`queue:${gone.id}`, `agent:${agent.id}`]);
    expect(removed).not.toContain(`queue:${keep.id}`);
    sync.stop();
  });

  it('given a queue with office hours then nextChange gives the engine the closing instant', async () => {
    const day = [{ start: '08:00', end: '17:00' }];
    const cal = await f.repos.calendars.create({ name: 'Office', timeZone: 'UTC', weekly: { mon: day, tue: day }, holidays: [] });
    const q = await f.repos.queues.create({ name: 'Office', media: 'voice', strategy: 'random', calendarId: cal.id, closedAction: 'voicemail' });
    const plain = await f.repos.queues.create({ name: 'Plain', media: 'voice', strategy: 'random' });
    const sync = new RoutingSync(f.repos, silentLogger);
    await sync.start(new InProcessEventBus(), { upsertQueue: () => {}, upsertAgentProfile: () => {}, removeQueue: () => {}, removeAgent: () => {} });
    const monday9 = Date.UTC(2026, 10, 23, 9);
    expect(sync.nextChange(q.id, monday9)).toBe(Date.UTC(2026, 10, 23, 17));
    expect(sync.nextChange(q.id, Date.UTC(2026, 10, 23, 17))).toBe(Date.UTC(2026, 10, 24, 8));
    expect(sync.nextChange(plain.id, monday9)).toBeNull();
    sync.stop();
  });

  it('given the engine refuses one queue then the other queues are still applied', async () => {
    await f.repos.queues.create({ name: 'A', media: 'voice', strategy: 'random' });
    await f.repos.queues.create({ name: 'B', media: 'voice', strategy: 'random' });
    const applied: string[] = [];
    const sync = new RoutingSync(f.repos, silentLogger);
    await sync.start(new InProcessEventBus(), {
      upsertQueue: (q) => {
        if (q.name === 'A') throw new Error('refused');
        applied.push(q.name ?? '');
      },
      upsertAgentProfile: () => {},
      removeQueue: () => {},
      removeAgent: () => {},
    });
    expect(applied).toEqual(['B']);
    sync.stop();
  });
});
