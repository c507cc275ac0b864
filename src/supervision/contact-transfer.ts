/**
 * A supervisor moves an agent's active contact to another agent or back into a queue, without
 * either agent's consent. A call moves with its media: the engine's offer alone would ring nobody
 * on a live call, so call handling transfers the call and the engine's offer follows from that
 * transfer. Every refusal (busy or logged-out target, the same agent, a disabled queue, a transfer
 * already ringing) is checked with the engine first, so it is a coded answer and nothing moves.
 */
import { AppError } from '../core/errors.js';

export type TransferTarget = { agentId: string } | { queueId: string };

export interface TransferRouting<Offer> {
  contact(contactId: string): { media: string };
  checkTransfer(contactId: string, target: TransferTarget): void;
  forceTransfer(contactId: string, target: TransferTarget, by: string): Offer | null;
}

export interface CallMover {
  /** False when no live call carries the contact. */
  forceTransferContact(contactId: string, target: { kind: 'agent'; agentId: string } | { kind: 'queue'; queueId: string }, by: string): boolean;
}

/** Returns the engine's offer, or null when the move follows from a call's transfer (or lands in a queue). */
export function forceTransferContact<Offer>(routing: TransferRouting<Offer>, calls: CallMover | undefined, contactId: string, target: TransferTarget, by: string): Offer | null {
  const contact = routing.contact(contactId);
  // The engine alone would move a chat's slot and leave its conversation, visitor socket and
  // transfer history behind; chats move through the chat service's own force-transfer.
  if (contact.media === 'chat') throw new AppError('CONTACT_IS_CHAT', undefined, { where: '/id' });
  routing.checkTransfer(contactId, target);
  if (calls && contact.media === 'voice') {
    const moved = calls.forceTransferContact(contactId, 'agentId' in target ? { kind: 'agent', agentId: target.agentId } : { kind: 'queue', queueId: target.queueId }, by);
    if (moved) return null;
  }
  return routing.forceTransfer(contactId, target, by);
}
