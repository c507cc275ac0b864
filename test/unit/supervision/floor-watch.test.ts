/**
 * The floor watch on a fake clock and a floor the test sets: one `floor.alert` per crossing with
 * the audience's scope (team leads per team), `floor.changed` only when a figure changed, a prompt
 * recount after an agent event, a tick each second only while somebody waits (a longest-wait
 * threshold crossed by time alone).
 */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent, type EventOf } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import type { FloorSnapshot, WatchedAgent } from '../../../src/supervision/floor-scope.js';
import { FloorWatch } from '../../../src/supervision/floor-watch.js';
import type { Audience, Thresholds } from '../../../src/supervision/indicators.js';

function world(thresholds: Partial<Record<Audience, Thresholds>>) {
  const clock = new FakeClock();
  const bus = new InProcessEventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  let agents: WatchedAgent[] = [];
  const snapshot = (): FloorSnapshot => ({ now: clock.now(), agents, calls: [], monitoring: [] });
  const watch = new FloorWatch({ clock, bus, log: silentLogger, snapshot, queues: () => [], thresholds: (a) => thresholds[a] ?? {} });
  const setAgents = (list: [string, WatchedAgent['state'], string][]) => {
    agents = list.map(([agentId, state, team]) => ({ agentId, state, reason: state === 'not_ready' ? 'meeting' : null, teamIds: [team], queueIds: [] }));
    // What the routing engine publishes on such a change: the watch counts again on it.
    bus.publish({ type: 'agent.state_changed', at: clock.now(), scope: {}, agentId: agents[0]?.agentId ?? '', from: 'available', to: 'not_ready' });
  };
  const alerts = () => events.filter((e): e is EventOf<'floor.alert'> => e.type === 'floor.alert');
  return { clock, bus, events, watch, setAgents, alerts };
}

describe('FloorWatch', () => {
  it('given a team-lead threshold of 1 not ready when team Care gets 2 on break over many ticks then one alert for Care, scoped to its leads, and none for Sales', () => {
    const w = world({ team_lead: { notReady: { voice: 1 } } });
    w.setAgents([
      ['a1', 'not_ready', 'care'],
      ['a2', 'available', 'care'],
      ['a3', 'not_ready', 'sales'],
    ]);
    w.watch.start();
    w.clock.advance(1_000);
    expect(w.alerts()).toEqual([]);
    w.setAgents([
      ['a1', 'not_ready', 'care'],
      ['a2', 'not_ready', 'care'],
      ['a3', 'not_ready', 'sales'],
    ]);
    w.clock.advance(10_000);
    expect(w.alerts()).toMatchObject([{ audience: 'team_lead', teamId: 'care', indicator: 'notReady', state: 'raised', value: 2, threshold: 1, scope: { teamIds: ['care'] } }]);
    w.setAgents([
      ['a1', 'available', 'care'],
      ['a2', 'not_ready', 'care'],
      ['a3', 'not_ready', 'sales'],
    ]);
    w.clock.advance(3_000);
    expect(w.alerts().map((a) => `${a.teamId}:${a.state}`)).toEqual(['care:raised', 'care:cleared']);
    w.watch.stop();
  });

  it('given nobody waiting when time passes then the floor is counted once and floor.changed published once; a change after an agent event is published at once', () => {
    const w = world({});
    w.setAgents([['a1', 'available', 'care']]);
    w.watch.start();
    w.clock.advance(5_000);
    // Supervisors' figures (the pace for everyone else is the next test's).
    const changed = () => w.events.filter((e) => e.type === 'floor.changed' && !e.scope.exceptStaff);
    expect(changed()).toHaveLength(1);
    w.setAgents([['a1', 'not_ready', 'care']]);
    w.clock.advance(0);
    expect(changed()).toHaveLength(2);
    expect(changed()[1]).toMatchObject({ values: { available: 0, notReady: 1, online: 1 } });
    w.watch.stop();
    expect(w.clock.pending()).toBe(0);
  });

  it('given a busy floor when agent events keep coming every 10 ms then counts are 50 ms apart and each covers every change before it', () => {
    const w = world({});
    w.setAgents([['a1', 'available', 'care']]);
    w.watch.start();
    w.clock.advance(1_000);
    const changed = () => w.events.filter((e): e is EventOf<'floor.changed'> => e.type === 'floor.changed' && !e.scope.exceptStaff);
    const forEveryone = () => w.events.filter((e): e is EventOf<'floor.changed'> => e.type === 'floor.changed' && e.scope.exceptStaff === true);
    const before = changed().length;
    const everyoneBefore = forEveryone().length;
    // 20 changes 10 ms apart: a1 and a2 alternate between available and not ready.
    for (let i = 1; i <= 20; i++) {
      w.setAgents([
        ['a1', i % 2 ? 'not_ready' : 'available', 'care'],
        ['a2', 'available', 'care'],
      ]);
      w.clock.advance(10);
    }
    w.clock.advance(50);
    const counts = changed().slice(before);
    // A count every 50 ms at most: 200 ms of changes gives 5 counts, not 20.
    expect(counts.length).toBeGreaterThanOrEqual(4);
    expect(counts.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < counts.length; i++) expect((counts[i]?.at ?? 0) - (counts[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(50);
    // The last count shows the last change (i = 20: a1 available, a2 available).
    expect(counts.at(-1)).toMatchObject({ values: { available: 2, notReady: 0, online: 2 } });
    // Agents and team leads: the same figures at most once a second, the latest when the second ends.
    w.clock.advance(1_000);
    const paced = forEveryone().slice(everyoneBefore);
    expect(paced.length).toBeGreaterThanOrEqual(1);
    expect(paced.length).toBeLessThanOrEqual(2);
    for (let i = 1; i < paced.length; i++) expect((paced[i]?.at ?? 0) - (paced[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect(paced.at(-1)).toMatchObject({ scope: { everyone: true, exceptStaff: true }, values: { available: 2, notReady: 0, online: 2 } });
    w.watch.stop();
    expect(w.clock.pending()).toBe(0);
  });

  it('given a caller waiting and a 30 s longest-wait threshold when 31 s pass without any event then the alert is raised by the tick', () => {
    const clock = new FakeClock();
    const bus = new InProcessEventBus();
    const alerts: DomainEvent[] = [];
    bus.subscribe((e) => {
      if (e.type === 'floor.alert') alerts.push(e);
    });
    const since = clock.now();
    const snapshot = (): FloorSnapshot => ({ now: clock.now(), agents: [], calls: [{ callId: 'c1', direction: 'inbound', state: 'queued', waitingSince: since }], monitoring: [] });
    const watch = new FloorWatch({ clock, bus, log: silentLogger, snapshot, queues: () => [], thresholds: (a) => (a === 'wallboard' ? { longestWait: { voice: 30 } } : {}) });
    watch.start();
    clock.advance(30_000);
    expect(alerts).toEqual([]);
    clock.advance(1_000);
    expect(alerts).toMatchObject([{ audience: 'wallboard', indicator: 'longestWait', state: 'raised', value: 31, threshold: 30 }]);
    watch.stop();
  });
});
