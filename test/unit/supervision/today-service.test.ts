/**
 * Issue 11: the Today figures cost no query per reader. The day is read once per burst of events
 * (then `realtime.today_changed` goes out), readers take the folded figures, a read that finds the
 * day stale waits for the one read in flight, and a new day is read afresh.
 */
import { describe, expect, it } from 'vitest';
import { FakeClock, flushMicrotasks } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import type { DayRows } from '../../../src/supervision/today-figures.js';
import { TodayService } from '../../../src/supervision/today-service.js';
import { recordingLogger } from '../../helpers/recording-logger.js';

const DAY = 24 * 3600_000;
const T0 = Date.UTC(2026, 11, 7, 9, 0);

function setUp() {
  const clock = new FakeClock(T0);
  const bus = new InProcessEventBus();
  const pushed: DomainEvent[] = [];
  bus.subscribe((e) => {
    if (e.type === 'realtime.today_changed') pushed.push(e);
  });
  const reads: number[] = [];
  let calls: DayRows['calls'] = [];
  const service = new TodayService({
    clock,
    bus,
    log: recordingLogger([]),
    rows: {
      dayRows: async (since) => {
        reads.push(since);
        return { calls, agentChanges: [], agentStatesAtStart: [], callbacksPending: [], agentDays: [{ agentId: 'a1', handled: calls.length, missed: 0 }], chats: [], chatMessages: [] };
      },
    },
    timeZone: 'UTC',
    startOfDay: (at) => Math.floor(at / DAY) * DAY,
    directory: async () => ({ queues: [{ id: 'q1', name: 'Support' }], teams: [{ id: 't1', name: 'Sales' }] }),
    queuesOfTeams: () => new Map([['t1', ['q1']]]),
    teamsOfAgent: () => ['t1'],
    writesSettled: async () => undefined,
  });
  service.start();
  const answered = (id: string) => ({ id, direction: 'inbound' as const, queueId: 'q1', startedAt: T0, queuedAt: T0, answeredAt: T0 + 5_000, endedAt: T0 + 60_000, outcome: 'agent_answered', agentId: 'a1' });
  const event = (): DomainEvent => ({ type: 'call.ended', at: clock.now(), scope: {}, callId: 'c', outcome: 'agent_answered', hungUpBy: 'caller', direction: 'inbound', customer: '+15550100', from: '+15550100', to: '100', startedAt: 0 });
  return {
    clock,
    bus,
    service,
    reads,
    pushed,
    event,
    addCall: (id: string) => {
      calls = [...calls, answered(id)];
    },
  };
}

describe('TodayService', () => {
  it('given the figures read once when 200 consoles read them then no further query is made', async () => {
    const { service, reads } = setUp();
    await Promise.all(Array.from({ length: 200 }, () => service.today()));
    await Promise.all(Array.from({ length: 200 }, () => service.trends()));
    await service.agentDays();
    expect(reads).toHaveLength(1);
  });

  it('given a burst of call events when the settle time passes then the day is read once and one change is pushed', async () => {
    const { service, reads, pushed, clock, bus, event, addCall } = setUp();
    await service.today();
    addCall('c1');
    for (let i = 0; i < 10; i++) bus.publish(event());
    await clock.advanceAsync(1_000);
    await flushMicrotasks();
    expect(reads).toHaveLength(2);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ type: 'realtime.today_changed', scope: { teamIds: ['t1'] } });
    expect((await service.today()).center).toMatchObject({ offered: 1, answered: 1 });
    expect(reads).toHaveLength(2);
  });

  it('given an event not yet folded when many read at once then they share one read and see the change', async () => {
    const { service, reads, bus, event, addCall } = setUp();
    await service.today();
    addCall('c1');
    bus.publish(event());
    const answers = await Promise.all(Array.from({ length: 50 }, () => service.today()));
    expect(reads).toHaveLength(2);
    expect(answers.every((a) => a.center?.offered === 1)).toBe(true);
    expect((await service.agentDays()).get('a1')).toEqual({ handled: 1, missed: 0 });
  });

  it('given events of other domains when published then nothing is read again', async () => {
    const { service, reads, bus, clock } = setUp();
    await service.today();
    bus.publish({ type: 'config.changed', at: clock.now(), scope: {}, entity: 'skill', id: 's', action: 'created' });
    await clock.advanceAsync(5_000);
    await service.today();
    expect(reads).toHaveLength(1);
  });

  it('given a chat message when the settle time passes then the day is read again; typing alone reads nothing', async () => {
    const { service, reads, bus, clock } = setUp();
    await service.today();
    bus.publish({ type: 'chat.typing', at: clock.now(), scope: {}, chatId: 'ch1', agentId: 'a1', from: 'visitor' });
    await clock.advanceAsync(5_000);
    await flushMicrotasks();
    expect(reads).toHaveLength(1);
    bus.publish({ type: 'chat.ended', at: clock.now(), scope: {}, chatId: 'ch1', queueId: 'q1', startedAt: T0, reason: 'visitor_left' });
    await clock.advanceAsync(1_000);
    await flushMicrotasks();
    expect(reads).toHaveLength(2);
  });

  it('given the figures of one day when local midnight passes then the new day is read', async () => {
    const { service, reads, clock } = setUp();
    expect((await service.today()).since).toBe(Math.floor(T0 / DAY) * DAY);
    await clock.advanceAsync(DAY);
    expect((await service.today()).since).toBe(Math.floor(T0 / DAY) * DAY + DAY);
    expect(reads).toHaveLength(2);
  });

  it('given a quiet night when local midnight passes then the new day is read and pushed without any event', async () => {
    const { service, reads, pushed, clock } = setUp();
    await service.today();
    const midnight = Math.floor(T0 / DAY) * DAY + DAY;
    await clock.advanceAsync(midnight - T0 - 1);
    await flushMicrotasks();
    expect(pushed).toEqual([]);
    await clock.advanceAsync(1);
    await flushMicrotasks();
    expect(pushed).toMatchObject([{ type: 'realtime.today_changed', since: midnight }]);
    expect(reads).toEqual([Math.floor(T0 / DAY) * DAY, midnight]);
    // And again the next night.
    await clock.advanceAsync(DAY);
    await flushMicrotasks();
    expect(pushed.map((p) => (p as { since: number }).since)).toEqual([midnight, midnight + DAY]);
    service.stop();
  });

  it("given a team lead when they read then only their team's row and queues come back", async () => {
    const { service } = setUp();
    const lead = await service.today(['t-other']);
    expect(lead.center).toBeNull();
    expect(lead.teams).toEqual([]);
    expect(lead.queues).toEqual([]);
  });
});
