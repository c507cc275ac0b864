import { agentOf, contactOf, queueOf, type EngineContext } from './engine-core.js';
import type { ContactEntry } from './engine-model.js';
import { contactView, offerView } from './engine-offers.js';
import { averageHandle, estimate, inLine, positionOf } from './engine-queueing.js';
import type { AgentSnapshot, QueueFigures, QueueSnapshot } from './routing-api.js';
import type { ContactView, OfferView, PositionInfo } from './types.js';

/** Read-only views of the engine for the desk, supervisors and the API. */

export function contactViewOf(cx: EngineContext, contactId: string): ContactView {
  return contactView(contactOf(cx, contactId));
}

export function position(cx: EngineContext, contactId: string): PositionInfo {
  return positionOf(cx, inLine(cx, contactId));
}

export function queueSnapshot(cx: EngineContext, queueId: string): QueueSnapshot {
  const q = queueOf(cx, queueId);
  // Line order straight from the line's tree: no copy-and-sort per read.
  const line = q.line.ordered();
  const staffed = { voice: 0, chat: 0 };
  const available = { voice: 0, chat: 0 };
  for (const id of q.members.keys()) {
    const a = cx.state.agents.get(id);
    if (!a || a.rec.presence === 'logged_out') continue;
    staffed.voice += 1;
    staffed.chat += a.rec.chatCapacity;
    if (a.idle.voice) available.voice += 1;
    if (a.idle.chat) available.chat += 1;
  }
  return {
    queueId,
    strategy: q.config.strategy,
    contacts: line.map((c, i) => lineRow(c, i + 1, cx.now)),
    staffed,
    available,
    averageHandleMs: Math.round(averageHandle(cx, q)),
    estimatedWaitMs: estimate(cx, q, 'voice', line.length + 1, available.voice),
  };
}

/**
 * The counts a snapshot gives, read from the line's own figures and the queue's staffing counters
 * (both kept as they change): the floor asks for them on every refresh.
 */
export function queueFigures(cx: EngineContext, queueId: string): QueueFigures {
  const q = queueOf(cx, queueId);
  const line = q.line;
  const oldest = line.earliest();
  const oldestEnqueuedAt = oldest ? oldest.rec.enqueuedAt : null;
  return {
    queueId,
    waiting: { voice: line.countOf('voice'), chat: line.countOf('chat'), callback: line.countOf('callback'), total: line.size },
    oldestEnqueuedAt,
    // Never negative, as the snapshot's figure: an arrival time given with the contact may lie ahead of this clock.
    longestWaitMs: oldestEnqueuedAt === null ? 0 : Math.max(0, cx.now - oldestEnqueuedAt),
    staffed: { ...q.staffed },
    available: { ...q.free },
  };
}

/** The head of a queue's snapshot rows: the first `limit` in line order (positions from 1). */
export function waitingPage(cx: EngineContext, queueId: string, limit: number): QueueSnapshot['contacts'] {
  const q = queueOf(cx, queueId);
  return q.line.first(Math.max(0, limit)).map((c, i) => lineRow(c, i + 1, cx.now));
}

/** Chats in line in every queue, with when each began to wait: O(chats), the calls are not walked. */
export function waitingChats(cx: EngineContext): { contactId: string; queueId: string; since: number }[] {
  const out: { contactId: string; queueId: string; since: number }[] = [];
  for (const [queueId, q] of cx.state.queues) for (const c of q.line.ofMedia('chat')) out.push({ contactId: c.rec.id, queueId, since: c.rec.enqueuedAt });
  return out;
}

/** When a contact still waiting (or being offered) began to wait; undefined for any other. */
export function waitingSince(cx: EngineContext, contactId: string): number | undefined {
  const c = cx.state.contacts.get(contactId);
  return c && (c.rec.state === 'waiting' || c.rec.state === 'offering') ? c.rec.enqueuedAt : undefined;
}

/**
 * A contact's row in a snapshot: its view with its place and wait added to that fresh object (the
 * same keys in the same order as spreading it into a new one, which cost ~10 µs a row: a second
 * past 100,000 in line).
 */
function lineRow(c: ContactEntry, position: number, now: number): QueueSnapshot['contacts'][number] {
  const row = contactView(c) as QueueSnapshot['contacts'][number];
  row.position = position;
  row.waitedMs = now - c.rec.enqueuedAt;
  return row;
}

export function agentSnapshot(cx: EngineContext, agentId: string): AgentSnapshot {
  const a = agentOf(cx, agentId);
  return { ...a.rec, work: a.rec.work.map((w) => ({ ...w })), profile: a.profile, openOffers: [...a.offers].map((o) => offerView(o)) };
}

export function openOfferViews(cx: EngineContext, agentId?: string): OfferView[] {
  const out: OfferView[] = [];
  for (const o of cx.state.offers.values()) if (!agentId || o.rec.agentId === agentId) out.push(offerView(o));
  return out;
}
