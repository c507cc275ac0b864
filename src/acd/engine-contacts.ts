import { AppError, validationError } from '../core/errors.js';
import type { Presence } from '../agents/agent-state.js';
import { agentOf, applyAgent, countDecline, moveContact, queueOf, type EngineContext } from './engine-core.js';
import { endOutboundCall } from './engine-agents.js';
import { publish, timer, touch } from './engine-effects.js';
import { unwait, wait } from './engine-matching.js';
import type { ContactEntry } from './engine-model.js';
import { closeOffer, createOffer, offerView, openOffer, withdrawAll } from './engine-offers.js';
import { connectedContact, end, enter, inLine, leaveLine, positionOf, recordHandle, roomFor, toCallback } from './engine-queueing.js';
import type { ContactRecord } from './ports.js';
import type { EnqueueResult, NewContact, OfferView } from './types.js';
import { validateNewContact } from './validation.js';

/** The contact commands: arrival, leaving the line, offers answered or missed, hold and end. */

/** Who may be offered a contact by name (a transfer to an agent): logged in, free or not. */
const TARGETABLE: readonly Presence[] = ['available', 'not_ready'];

export function enqueue(cx: EngineContext, input: NewContact): EnqueueResult {
  validateNewContact(input);
  const q = queueOf(cx, input.queueId);
  if (q.config.disabled) throw new AppError('QUEUE_DISABLED', `queue ${q.config.id} is disabled and takes no new contacts`, { queueId: q.config.id });
  const id = input.id ?? cx.deps.newId();
  if (cx.state.contacts.has(id)) throw new AppError('CONFLICT', `contact ${id} is already in the routing engine`, { contactId: id });
  // Checked before anything changes: a refused transfer leaves the engine as it was.
  const target = input.targetAgentId === undefined ? undefined : agentOf(cx, input.targetAgentId);
  if (target) roomFor(cx, target, input.media, TARGETABLE);
  const rec: ContactRecord = {
    id,
    media: input.media,
    queueId: q.config.id,
    priority: input.priority ?? 0,
    // Frozen copies: shared with every view and offer afterwards instead of copied each time.
    attributes: Object.freeze({ ...(input.attributes ?? {}) }),
    requiredSkills: Object.freeze({ ...(input.requiredSkills ?? {}) }),
    customerLevel: input.customerLevel ?? null,
    enqueuedAt: input.enqueuedAt ?? cx.now,
    queueEnteredAt: cx.now,
    rank: 0,
    seq: ++cx.state.seq,
    state: 'waiting',
    relaxStep: 0,
    agentId: null,
    declinedUntil: {},
    callbackNumber: input.callbackNumber ?? null,
    answeredAt: null,
    endedAt: null,
    outcome: null,
  };
  const c: ContactEntry = { rec, pool: null, offers: new Set() };
  cx.state.contacts.set(id, c);
  const exit = enter(cx, c, q, 0);
  if (exit) return { status: 'exited', contactId: id, queueId: exit.queueId, reason: exit.reason, action: exit.action };
  if (target) {
    // Out of the pool before matching runs at the end of the command: only the target is offered.
    unwait(c);
    createOffer(cx, c, target, 'assigned');
  }
  const place = positionOf(cx, c);
  publish(cx, { type: 'contact.position', at: cx.now, scope: { queueId: place.queueId }, ...place });
  return { status: 'waiting', ...place };
}

export function abandon(cx: EngineContext, contactId: string): void {
  const c = inLine(cx, contactId);
  withdrawAll(cx, c, 'abandoned');
  leaveLine(cx, c);
  end(cx, c, 'abandoned');
  publish(cx, { type: 'contact.abandoned', at: cx.now, scope: { queueId: c.rec.queueId }, contactId, queueId: c.rec.queueId, waitedMs: cx.now - c.rec.enqueuedAt });
}

export function cancel(cx: EngineContext, contactId: string, reason: string): void {
  const c = inLine(cx, contactId);
  withdrawAll(cx, c, 'cancelled');
  leaveLine(cx, c);
  end(cx, c, `cancelled:${reason}`);
  publish(cx, { type: 'contact.completed', at: cx.now, scope: { queueId: c.rec.queueId }, contactId, queueId: c.rec.queueId, outcome: 'cancelled' });
}

export function convertToCallback(cx: EngineContext, contactId: string, number: string): ContactEntry {
  const c = inLine(cx, contactId);
  if (c.rec.media === 'chat') throw new AppError('INVALID_TRANSITION', `contact ${contactId} is a chat; only calls become callbacks`, { contactId });
  if (!number) throw validationError([{ where: '/number', reason: 'a callback needs a number to call' }]);
  withdrawAll(cx, c, 'converted_to_callback');
  toCallback(cx, c, number);
  return c;
}

export function acceptOffer(cx: EngineContext, offerId: string): OfferView {
  const o = openOffer(cx, offerId);
  const c = o.contact;
  const from = o.fromAgentId ? cx.state.agents.get(o.fromAgentId) : undefined;
  closeOffer(cx, o, 'accepted');
  withdrawAll(cx, c, 'answered_elsewhere');
  if (from && from !== o.agent && from.rec.work.some((w) => w.contactId === c.rec.id)) {
    applyAgent(cx, from, { kind: 'transferred_away', contactId: c.rec.id });
  }
  if (c.rec.state !== 'connected') {
    leaveLine(cx, c);
    c.rec.answeredAt = cx.now;
    publish(cx, { type: 'contact.accepted', at: cx.now, scope: { queueId: c.rec.queueId, agentId: o.agent.rec.id }, contactId: c.rec.id, offerId, agentId: o.agent.rec.id, queueId: c.rec.queueId });
  }
  moveContact(c, 'answered');
  c.rec.agentId = o.agent.rec.id;
  touch(cx, c);
  return offerView(o);
}

export function rejectOffer(cx: EngineContext, offerId: string, reason?: string): void {
  missOffer(cx, offerId, 'rejected', reason);
}

export function offerNoAnswer(cx: EngineContext, offerId: string): void {
  missOffer(cx, offerId, 'no_answer');
}

export function contactHeld(cx: EngineContext, contactId: string, held: boolean): void {
  const c = connectedContact(cx, contactId);
  applyAgent(cx, agentOf(cx, c.rec.agentId as string), { kind: held ? 'hold' : 'resume', contactId });
}

/** An outbound call's end goes to the agent it made outbound (engine-agents.ts); any other contact ends with its agent. */
export function contactEnded(cx: EngineContext, contactId: string, outcome = 'completed'): void {
  if (endOutboundCall(cx, contactId)) return;
  const c = connectedContact(cx, contactId);
  const a = agentOf(cx, c.rec.agentId as string);
  const q = cx.state.queues.get(c.rec.queueId);
  const item = a.rec.work.find((w) => w.contactId === contactId);
  withdrawAll(cx, c, 'contact_ended');
  applyAgent(cx, a, { kind: 'contact_ended', contactId, wrapUpMs: q?.config.wrapUpMs ?? 0 });
  const wrap = a.rec.work.find((w) => w.contactId === contactId);
  if (wrap?.wrapUpEndsAt != null) timer(cx, { kind: 'wrap', agentId: a.rec.id, contactId }, wrap.wrapUpEndsAt);
  else if (item?.acceptedAt != null) recordHandle(cx, c.rec.queueId, cx.now - item.acceptedAt);
  end(cx, c, outcome);
  publish(cx, { type: 'contact.completed', at: cx.now, scope: { queueId: c.rec.queueId, agentId: a.rec.id }, contactId, agentId: a.rec.id, queueId: c.rec.queueId, outcome });
}

/**
 * The contact is not offered to this agent again for the decline cool-down: they rejected or
 * missed it, or sent it away into a queue (a chat or call moved on must not land straight back
 * with the agent who moved it). Other agents are offered it first; after the cool-down it may
 * come back to them when nobody else took it.
 */
export function holdBack(cx: EngineContext, c: ContactEntry, agentId: string): void {
  const until = cx.now + cx.deps.config.declineCooldownMs;
  if (c.rec.declinedUntil[agentId] === undefined) countDecline(cx, agentId, 1);
  c.rec.declinedUntil = { ...c.rec.declinedUntil, [agentId]: until };
  touch(cx, c);
  timer(cx, { kind: 'decline', contactId: c.rec.id, agentId }, until);
}

function missOffer(cx: EngineContext, offerId: string, how: 'rejected' | 'no_answer', reason?: string): void {
  const o = openOffer(cx, offerId);
  const c = o.contact;
  const agentId = o.agent.rec.id;
  closeOffer(cx, o, how, reason ?? null);
  publish(cx, { type: how === 'rejected' ? 'contact.rejected' : 'contact.no_answer', at: cx.now, scope: { queueId: o.rec.queueId, agentId }, contactId: c.rec.id, offerId, agentId });
  if (o.rec.kind === 'transferred') return;
  holdBack(cx, c, agentId);
  // The contact goes back exactly where it was: its rank and sequence never changed.
  if (c.offers.size === 0 && c.rec.state === 'offering') wait(cx, c);
}
