/**
 * Rebuilding the day's real-time figures after a restart. The live fold (realtime-stats.ts) only
 * sees events published by this process, so a restart would put offered / answered / abandoned
 * and the service level back to 0. The routing engine stores every contact with its arrival,
 * answer and end times and its outcome (acd_contacts), which is enough to replay the contact
 * events of the day in time order through the same fold.
 *
 * Known difference with the live fold: a contact that overflowed is stored with its last queue
 * only, so its `offered` counts in that queue and not in the queue it overflowed from.
 */
import type { DomainEvent } from '../core/events.js';
import type { ContactRecord } from './ports.js';
import type { RealtimeStats } from './realtime-stats.js';
import { toInstant, toLocal } from '../calendars/zoned-time.js';

/** The engine's outcome strings (engine-contacts.ts / engine-queueing.ts) as the event they published. */
function endEvent(c: ContactRecord, at: number): DomainEvent {
  const scope = { queueId: c.queueId };
  const outcome = c.outcome ?? 'completed';
  if (outcome === 'abandoned') return { type: 'contact.abandoned', at, scope, contactId: c.id, queueId: c.queueId, waitedMs: at - c.enqueuedAt };
  if (outcome.startsWith('exited:')) {
    const [, action = 'hangup', reason = 'other'] = outcome.split(':');
    return { type: 'contact.exited', at, scope, contactId: c.id, queueId: c.queueId, action, reason };
  }
  if (outcome.startsWith('cancelled')) return { type: 'contact.completed', at, scope, contactId: c.id, queueId: c.queueId, outcome: 'cancelled' };
  const agent = c.answeredAt !== null && c.agentId ? { agentId: c.agentId } : {};
  return { type: 'contact.completed', at, scope: { ...scope, ...agent }, contactId: c.id, ...agent, queueId: c.queueId, outcome };
}

/** The contact events stored contacts stand for, oldest first (ties keep arrival, answer, end order). */
export function contactEventsOf(contacts: readonly ContactRecord[]): DomainEvent[] {
  const out: { e: DomainEvent; order: number }[] = [];
  for (const c of contacts) {
    const scope = { queueId: c.queueId };
    out.push({ order: 0, e: { type: 'contact.enqueued', at: c.enqueuedAt, scope, contactId: c.id, queueId: c.queueId, media: c.media, priority: c.priority } });
    if (c.answeredAt !== null && c.agentId) {
      out.push({
        order: 1,
        e: { type: 'contact.accepted', at: c.answeredAt, scope: { ...scope, agentId: c.agentId }, contactId: c.id, offerId: '', agentId: c.agentId, queueId: c.queueId },
      });
    }
    if (c.state === 'ended' && c.endedAt !== null) out.push({ order: 2, e: endEvent(c, c.endedAt) });
  }
  return out.sort((a, b) => a.e.at - b.e.at || a.order - b.order).map((x) => x.e);
}

/** Midnight (epoch ms) that starts the day of `at` in `timeZone`. */
export function startOfDay(timeZone: string, at: number): number {
  return toInstant(timeZone, toLocal(timeZone, at).day, 0);
}

/** Day key (YYYY-MM-DD) of a time in `timeZone`: the center's day, not the server's UTC one. */
export function zonedDayOf(timeZone: string): (at: number) => string {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (at) => fmt.format(at);
}

/**
 * Puts the day's figures back into a fresh fold: the stored contacts that were live or ended
 * today, replayed as the events they stand for. Call after `seed` (agents' teams must be known
 * for the team counters) and before live events flow.
 */
export function replayDay(stats: RealtimeStats, contacts: readonly ContactRecord[]): number {
  const events = contactEventsOf(contacts);
  for (const e of events) stats.apply(e);
  return events.length;
}
