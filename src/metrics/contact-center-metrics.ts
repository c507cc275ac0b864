import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { RealtimeView } from '../acd/realtime-stats.js';
import type { DomainEvent } from '../core/events.js';
import type { MetricsRegistry } from './registry.js';

export interface ContactCenterMetricsDeps {
  /** Subscribes to the domain event stream; the counters count what it carries. */
  subscribe(listener: (event: DomainEvent) => void): () => void;
  /** The real-time view (folded from the same events); read at scrape time, no store query. */
  realtime(): RealtimeView;
  pbxConnected(): boolean;
  /** Open WebSocket event streams. */
  webSocketClients(): number;
  /** Event-loop delay in nanoseconds; a monitorEventLoopDelay by default (tests pass their own). */
  eventLoop?: Pick<IntervalHistogram, 'max' | 'mean' | 'percentile' | 'reset' | 'enable' | 'disable'>;
}

/**
 * The contact-center figures people alert on, next to the HTTP counters: callers waiting and the
 * longest wait per queue, agents per state per queue and team, offers / no-answers / abandons /
 * answers, the media-server connection, event-loop lag and WebSocket clients.
 *
 * Counters count domain events as they are published; gauges are computed at scrape time from the
 * real-time view, so /metrics never queries the database. Labels are ids (queue, team), never names
 * or callers, so the series count stays bounded by the configuration.
 */
export function registerContactCenterMetrics(registry: MetricsRegistry, deps: ContactCenterMetricsDeps): { stop(): void } {
  const offers = registry.counter('switchboard_offers_total', 'Contacts offered to an agent, by queue', ['queue']);
  const noAnswers = registry.counter('switchboard_offer_no_answers_total', 'Offers the agent let ring out, by queue', ['queue']);
  const answered = registry.counter('switchboard_contacts_answered_total', 'Contacts accepted by an agent, by queue', ['queue']);
  const abandons = registry.counter('switchboard_contacts_abandoned_total', 'Contacts that hung up while waiting, by queue', ['queue']);
  const pbxDisconnects = registry.counter('switchboard_pbx_disconnects_total', 'Times the media-server connection was lost');

  // no-answer events carry no queue: remember it from the offer until the offer ends.
  const queueOfOffer = new Map<string, string>();
  const unsubscribe = deps.subscribe((e) => {
    switch (e.type) {
      case 'contact.offered':
        queueOfOffer.set(e.offerId, e.queueId);
        offers.inc({ queue: e.queueId });
        return;
      case 'contact.no_answer':
        noAnswers.inc({ queue: queueOfOffer.get(e.offerId) ?? 'unknown' });
        queueOfOffer.delete(e.offerId);
        return;
      case 'contact.accepted':
        answered.inc({ queue: e.queueId });
        queueOfOffer.delete(e.offerId);
        return;
      case 'contact.rejected':
      case 'contact.offer_withdrawn':
        queueOfOffer.delete(e.offerId);
        return;
      case 'contact.abandoned':
        abandons.inc({ queue: e.queueId });
        return;
      case 'pbx.disconnected':
        pbxDisconnects.inc();
        return;
      default:
        return;
    }
  });

  registry.gauge('switchboard_queue_waiting', 'Contacts waiting in the queue now', ['queue']).collect((set) => {
    for (const q of deps.realtime().queues) set(q.waiting, { queue: q.queueId });
  });
  registry.gauge('switchboard_queue_longest_wait_seconds', 'How long the oldest waiting contact has waited', ['queue']).collect((set) => {
    for (const q of deps.realtime().queues) set(q.longestWaitMs / 1000, { queue: q.queueId });
  });
  registry.gauge('switchboard_queue_agents', 'Logged-in agents serving the queue, by state', ['queue', 'state']).collect((set) => {
    for (const q of deps.realtime().queues) for (const [state, n] of Object.entries(q.agentsByState)) set(n ?? 0, { queue: q.queueId, state });
  });
  registry.gauge('switchboard_team_agents', 'Logged-in agents of the team, by state', ['team', 'state']).collect((set) => {
    for (const t of deps.realtime().teams) for (const [state, n] of Object.entries(t.agentsByState)) set(n ?? 0, { team: t.teamId, state });
  });
  registry.gauge('switchboard_pbx_connected', '1 when the media server is connected, 0 when not').collect((set) => set(deps.pbxConnected() ? 1 : 0));
  registry.gauge('switchboard_websocket_clients', 'Open WebSocket event streams').collect((set) => set(deps.webSocketClients()));

  const loop = deps.eventLoop ?? monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  // Each scrape reports the delay since the previous one, then starts a new window.
  const lag = registry.gauge('switchboard_event_loop_lag_seconds', 'Event-loop delay since the previous scrape', ['quantile']);
  lag.collect((set) => {
    set(finite(loop.percentile(99)) / 1e9, { quantile: '0.99' });
    set(finite(loop.max) / 1e9, { quantile: '1' });
    loop.reset();
  });

  return {
    stop() {
      unsubscribe();
      loop.disable();
    },
  };
}

/** An empty histogram answers NaN or a huge sentinel; report 0 instead. */
function finite(ns: number): number {
  return Number.isFinite(ns) && ns < 1e15 ? ns : 0;
}
