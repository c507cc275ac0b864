import type { ContactRecord, OfferRecord } from './ports.js';

/**
 * Copies of the persisted records, made on the routing decision path (every contact and offer
 * written). Field by field rather than a generic spread: one stable object shape, so each copy
 * is a plain allocation.
 */

export function copyContactRecord(r: ContactRecord): ContactRecord {
  return {
    id: r.id,
    media: r.media,
    queueId: r.queueId,
    priority: r.priority,
    attributes: r.attributes,
    requiredSkills: r.requiredSkills,
    customerLevel: r.customerLevel,
    enqueuedAt: r.enqueuedAt,
    queueEnteredAt: r.queueEnteredAt,
    rank: r.rank,
    seq: r.seq,
    state: r.state,
    relaxStep: r.relaxStep,
    agentId: r.agentId,
    declinedUntil: r.declinedUntil,
    callbackNumber: r.callbackNumber,
    answeredAt: r.answeredAt,
    endedAt: r.endedAt,
    outcome: r.outcome,
  };
}

export function copyOfferRecord(r: OfferRecord): OfferRecord {
  return {
    id: r.id,
    kind: r.kind,
    contactId: r.contactId,
    agentId: r.agentId,
    queueId: r.queueId,
    media: r.media,
    offeredAt: r.offeredAt,
    expiresAt: r.expiresAt,
    state: r.state,
    resolvedAt: r.resolvedAt,
    reason: r.reason,
  };
}
