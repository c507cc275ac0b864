import { AppError } from '../core/errors.js';
import type { AgentCommand } from '../agents/agent-state.js';
import { applyAgent, moveContact, queueOf, type EngineContext } from './engine-core.js';
import { cancelTimer, emit, publish, timer, touch } from './engine-effects.js';
import type { AgentEntry, ContactEntry, OfferEntry } from './engine-model.js';
import type { OfferRecord, OfferState } from './ports.js';
import { copyOfferRecord } from './record-copies.js';
import type { ContactView, OfferKind, OfferView } from './types.js';

/** Offers: made, closed, withdrawn, and how they and their contacts look from outside. */

export function contactView(c: ContactEntry): ContactView {
  const r = c.rec;
  const v: ContactView = {
    id: r.id,
    media: r.media,
    queueId: r.queueId,
    priority: r.priority,
    attributes: r.attributes,
    requiredSkills: r.requiredSkills,
    enqueuedAt: r.enqueuedAt,
    state: r.state,
  };
  if (r.customerLevel) v.customerLevel = r.customerLevel;
  if (r.agentId) v.agentId = r.agentId;
  if (r.callbackNumber) v.callbackNumber = r.callbackNumber;
  return v;
}

export function offerView(o: OfferEntry): OfferView {
  const r = o.rec;
  const v: OfferView = {
    id: r.id,
    kind: r.kind,
    contactId: r.contactId,
    agentId: r.agentId,
    queueId: r.queueId,
    media: r.media,
    offeredAt: r.offeredAt,
    expiresAt: r.expiresAt,
    contact: contactView(o.contact),
  };
  if (o.agent.rec.phone) v.phone = o.agent.rec.phone;
  return v;
}

export function openOffer(cx: EngineContext, offerId: string): OfferEntry {
  const o = cx.state.offers.get(offerId);
  if (!o) throw new AppError('OFFER_NOT_FOUND', `offer ${offerId} is not open`, { offerId });
  return o;
}

/** `deliver` false: accepted in the same command (a hand-over), so no phone is rung for it. */
export function createOffer(cx: EngineContext, c: ContactEntry, a: AgentEntry, kind: OfferKind, fromAgentId: string | null = null, deliver = true): OfferEntry {
  const q = queueOf(cx, c.rec.queueId);
  const seq = ++cx.state.offerSeq;
  const now = cx.now;
  const rec: OfferRecord = {
    id: cx.deps.newId(),
    kind,
    contactId: c.rec.id,
    agentId: a.rec.id,
    queueId: c.rec.queueId,
    media: c.rec.media,
    offeredAt: now,
    expiresAt: now + (q.config.offerTimeoutMs ?? cx.deps.config.defaultOfferTimeoutMs),
    state: 'open',
    resolvedAt: null,
    reason: null,
  };
  // Rotation marks only matter to round-robin queues; elsewhere they would be garbage per offer.
  const rotate = q.config.strategy === 'round_robin' ? (r: AgentEntry['rec']) => void (r.lastOfferSeq = { ...r.lastOfferSeq, [q.config.id]: seq }) : undefined;
  const offerCmd: AgentCommand = { kind: 'offer', contactId: c.rec.id, media: c.rec.media, queueId: c.rec.queueId, offerId: rec.id, onOutbound: kind === 'transferred' };
  applyAgent(cx, a, offerCmd, undefined, rotate);
  const o: OfferEntry = { rec, contact: c, agent: a, fromAgentId };
  cx.state.offers.set(rec.id, o);
  c.offers.add(o);
  a.offers.add(o);
  // A transfer rings while the contact stays connected to the agent giving it away.
  if (kind !== 'transferred') moveContact(c, 'offered');
  touch(cx, c);
  cx.out.offerWrites.push(copyOfferRecord(rec));
  publish(cx, { type: 'contact.offered', at: now, scope: { queueId: rec.queueId, agentId: a.rec.id }, contactId: rec.contactId, offerId: rec.id, agentId: a.rec.id, queueId: rec.queueId, media: rec.media });
  if (deliver) {
    emit(cx, { kind: 'deliver', offer: offerView(o) });
    timer(cx, { kind: 'offer', offerId: rec.id }, rec.expiresAt);
  }
  return o;
}

/** Close an open offer; the agent's desk follows. The contact's own fate is the caller's business. */
export function closeOffer(cx: EngineContext, o: OfferEntry, state: Exclude<OfferState, 'open'>, reason: string | null = null): void {
  const view = state === 'withdrawn' ? offerView(o) : null;
  cx.state.offers.delete(o.rec.id);
  o.contact.offers.delete(o);
  o.agent.offers.delete(o);
  const closed = copyOfferRecord(o.rec);
  closed.state = state;
  closed.resolvedAt = cx.now;
  closed.reason = reason;
  o.rec = closed;
  cx.out.offerWrites.push(o.rec);
  cancelTimer(cx, { kind: 'offer', offerId: o.rec.id });
  const outcome = state === 'accepted' ? 'accepted' : state === 'withdrawn' ? 'withdrawn' : state;
  // The limit of misses is the offering queue's.
  const limit = cx.state.queues.get(o.rec.queueId)?.config.maxMissedOffers;
  applyAgent(cx, o.agent, { kind: 'offer_closed', contactId: o.rec.contactId, outcome }, undefined, undefined, limit);
  if (view) {
    publish(cx, { type: 'contact.offer_withdrawn', at: cx.now, scope: { queueId: o.rec.queueId, agentId: o.rec.agentId }, contactId: o.rec.contactId, offerId: o.rec.id, agentId: o.rec.agentId, reason: reason ?? 'withdrawn' });
    emit(cx, { kind: 'withdraw', offer: view, reason: reason ?? 'withdrawn' });
  }
}

export function withdrawAll(cx: EngineContext, c: ContactEntry, reason: string): void {
  if (c.offers.size === 0) return;
  for (const o of [...c.offers]) closeOffer(cx, o, 'withdrawn', reason);
}
