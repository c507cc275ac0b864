import { describe, expect, it } from 'vitest';
import { RealtimeStats } from '../../../src/acd/realtime-stats.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { registerContactCenterMetrics } from '../../../src/metrics/contact-center-metrics.js';
import { MetricsRegistry } from '../../../src/metrics/registry.js';

const scope = { queueId: 'q1', teamIds: ['t1'] };

function fakeLoop(p99Ns: number, maxNs: number) {
  let enabled = false;
  let resets = 0;
  return {
    get max() {
      return maxNs;
    },
    get mean() {
      return p99Ns;
    },
    percentile: () => p99Ns,
    reset: () => {
      resets += 1;
    },
    enable: () => {
      enabled = true;
      return true;
    },
    disable: () => {
      enabled = false;
      return true;
    },
    state: () => ({ enabled, resets }),
  };
}

function setUp() {
  const bus = new InProcessEventBus();
  const realtime = new RealtimeStats({ queuesOf: (agentId) => (agentId === 'a1' || agentId === 'a2' ? ['q1'] : []) });
  bus.subscribe((e) => realtime.apply(e));
  let now = 1_000_000;
  let connected = true;
  const loop = fakeLoop(5_000_000, 40_000_000);
  const registry = new MetricsRegistry();
  const handle = registerContactCenterMetrics(registry, {
    subscribe: (l) => bus.subscribe(l),
    realtime: () => realtime.view(now),
    pbxConnected: () => connected,
    webSocketClients: () => 3,
    eventLoop: loop,
  });
  const publish = (e: DomainEvent) => bus.publish(e);
  return {
    registry,
    handle,
    loop,
    publish,
    advance: (ms: number) => (now += ms),
    at: () => now,
    disconnect: () => (connected = false),
  };
}

describe('contact-center metrics in /metrics', () => {
  it('given callers, offers, a no-answer and an abandon, when scraped, then the exposition text has the queue gauges and counters', () => {
    const s = setUp();
    const at = s.at();
    s.publish({ type: 'agent.state_changed', at, scope, agentId: 'a1', from: 'logged_out', to: 'available' });
    s.publish({ type: 'agent.state_changed', at, scope, agentId: 'a2', from: 'logged_out', to: 'not_ready', reason: 'lunch' });
    s.publish({ type: 'contact.enqueued', at, scope, contactId: 'c1', queueId: 'q1', media: 'voice', priority: 0 });
    s.publish({ type: 'contact.enqueued', at: at + 5_000, scope, contactId: 'c2', queueId: 'q1', media: 'voice', priority: 0 });
    s.publish({ type: 'contact.enqueued', at: at + 6_000, scope, contactId: 'c3', queueId: 'q1', media: 'voice', priority: 0 });
    s.publish({ type: 'contact.offered', at: at + 6_000, scope, contactId: 'c1', offerId: 'o1', agentId: 'a1', queueId: 'q1', media: 'voice' });
    s.publish({ type: 'contact.no_answer', at: at + 26_000, scope, contactId: 'c1', offerId: 'o1', agentId: 'a1' });
    s.publish({ type: 'contact.abandoned', at: at + 27_000, scope, contactId: 'c3', queueId: 'q1', waitedMs: 21_000 });
    s.advance(30_000);

    const text = s.registry.render();
    expect(text).toContain('# TYPE switchboard_queue_waiting gauge');
    expect(text).toContain('switchboard_queue_waiting{queue="q1"} 2');
    expect(text).toContain('switchboard_queue_longest_wait_seconds{queue="q1"} 30');
    expect(text).toContain('switchboard_queue_agents{queue="q1",state="available"} 1');
    expect(text).toContain('switchboard_queue_agents{queue="q1",state="not_ready"} 1');
    expect(text).toContain('switchboard_team_agents{team="t1",state="available"} 1');
    expect(text).toContain('# TYPE switchboard_offers_total counter');
    expect(text).toContain('switchboard_offers_total{queue="q1"} 1');
    expect(text).toContain('switchboard_offer_no_answers_total{queue="q1"} 1');
    expect(text).toContain('switchboard_contacts_abandoned_total{queue="q1"} 1');
    expect(text).toContain('switchboard_websocket_clients 3');
    expect(text).toContain('switchboard_pbx_connected 1');
  });

  it('given the media server disconnects, when scraped, then the connection gauge is 0 and the disconnect is counted', () => {
    const s = setUp();
    s.disconnect();
    s.publish({ type: 'pbx.disconnected', at: s.at(), scope: {}, server: 'sim', reason: 'closed' });
    const text = s.registry.render();
    expect(text).toContain('switchboard_pbx_connected 0');
    expect(text).toContain('switchboard_pbx_disconnects_total 1');
  });

  it('given event-loop delay was measured, when scraped, then p99 and max are reported in seconds and a new window starts', () => {
    const s = setUp();
    const text = s.registry.render();
    expect(text).toContain('switchboard_event_loop_lag_seconds{quantile="0.99"} 0.005');
    expect(text).toContain('switchboard_event_loop_lag_seconds{quantile="1"} 0.04');
    expect(s.loop.state()).toEqual({ enabled: true, resets: 1 });
    s.handle.stop();
    expect(s.loop.state().enabled).toBe(false);
  });
});
