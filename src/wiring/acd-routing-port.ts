/**
 * Wiring, not domain: the routing engine (acd/RoutingService) seen through call handling's
 * RoutingPort. It is also the engine's OfferDeliveryPort: voice offers become RoutingEvents for
 * call handling, chat offers go on to the chat layer. main.ts builds it before the engine (the
 * engine needs its delivery port) and binds the engine afterwards.
 *
 * Mapping notes
 * - Each queue visit is its own engine contact under the id call handling chose (the call's id,
 *   then `<callId>:<n>`); a transfer carries `previousContactId` in its attributes.
 * - A transfer to one agent is one enqueue targeted at that agent (never offered to anyone else).
 * - An attended transfer completed is the engine's `handOver` (no offer is delivered for it).
 * - Click-to-dial is the engine's `startOutbound`; the engine's `contactEnded` for that contact
 *   puts the agent back to `available`.
 */
import { AppError, isAppError } from '../core/errors.js';
import type { ContactExit, OfferView } from '../acd/types.js';
import type { OfferDeliveryPort } from '../acd/ports.js';
import type { RoutingApi } from '../acd/routing-api.js';
import type { EndpointRef } from '../pbx/port.js';
import type { AgentDirectory, EnqueueRequest, OfferFailure, QueuePosition, RoutingEvent, RoutingPort } from '../calls/ports.js';

export class AcdRoutingPort implements RoutingPort, OfferDeliveryPort, AgentDirectory {
  private api: RoutingApi | undefined;
  private readonly listeners = new Set<(e: RoutingEvent) => void>();

  /** `chat`: where chat offers go (the chat layer's delivery port). */
  constructor(private readonly chat?: OfferDeliveryPort) {}

  bind(api: RoutingApi): void {
    this.api = api;
  }

  private engine(): RoutingApi {
    if (!this.api) throw new AppError('INTERNAL', 'The routing engine is not bound to call handling');
    return this.api;
  }

  // ---- OfferDeliveryPort (engine -> calls) ----

  deliverOffer(offer: OfferView): void {
    if (offer.media === 'chat') return this.chat?.deliverOffer(offer);
    if (offer.media === 'callback') {
      this.emit({
        type: 'callback_offer',
        offerId: offer.id,
        contactId: offer.contactId,
        agentId: offer.agentId,
        number: offer.contact.callbackNumber ?? '',
        ringTimeoutMs: Math.max(1_000, offer.expiresAt - offer.offeredAt),
        ...(offer.phone ? { phone: { kind: 'phone' as const, name: offer.phone } } : {}),
      });
      return;
    }
    this.emit({
      type: 'offer',
      offerId: offer.id,
      contactId: offer.contactId,
      agentId: offer.agentId,
      queueId: offer.queueId,
      ringTimeoutMs: Math.max(1_000, offer.expiresAt - offer.offeredAt),
      ...(offer.phone ? { phone: { kind: 'phone' as const, name: offer.phone } } : {}),
      ...(offer.kind === 'ring_all' ? { ringAll: true } : {}),
    });
  }

  withdrawOffer(offer: OfferView, reason: string): void {
    if (offer.media === 'chat') return this.chat?.withdrawOffer(offer, reason);
    this.emit({ type: 'offer_withdrawn', offerId: offer.id, contactId: offer.contactId, reason });
  }

  contactExited(exit: ContactExit): void {
    if (exit.contact.media === 'chat') return this.chat?.contactExited(exit);
    const reason = exit.reason === 'max_wait' ? 'timeout' : exit.reason === 'closed' ? 'closed' : 'other';
    this.emit({ type: 'contact_exited', contactId: exit.contact.id, reason, action: exit.action.action });
  }

  // ---- RoutingPort (calls -> engine) ----

  onEvent(listener: (e: RoutingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(request: EnqueueRequest): Promise<{ contactId: string }> {
    return run(() => {
      const api = this.engine();
      const id = request.contactId;
      const attributes = { ...request.attributes, ...(request.previousContactId ? { previousContactId: request.previousContactId } : {}) };
      const result = api.enqueue({
        id,
        media: request.media,
        queueId: request.queueId,
        priority: request.priority,
        attributes,
        // A level the CRM lookup gave the caller (src/customers/crm-lookup.ts): the queue's boost for it applies.
        ...(request.attributes.customerLevel ? { customerLevel: request.attributes.customerLevel } : {}),
        requiredSkills: Object.fromEntries(request.skills.map((s) => [s.skill, s.minLevel])),
        ...(request.callbackNumber ? { callbackNumber: request.callbackNumber } : {}),
        ...(request.targetAgentId ? { targetAgentId: request.targetAgentId } : {}),
      });
      if (result.status === 'exited') {
        throw new AppError(result.reason === 'closed' ? 'QUEUE_CLOSED' : 'QUEUE_FULL', `The queue ${request.queueId} did not take the caller (${result.reason})`, { queueId: request.queueId, reason: result.reason });
      }
      return { contactId: result.contactId };
    });
  }

  offerAccepted(offerId: string): Promise<void> {
    return run(() => void this.engine().acceptOffer(offerId));
  }

  offerFailed(offerId: string, reason: OfferFailure): Promise<void> {
    return run(() => (reason === 'no_answer' ? this.engine().offerNoAnswer(offerId) : this.engine().rejectOffer(offerId, reason)));
  }

  abandon(contactId: string): Promise<void> {
    return run(() => this.engine().abandon(contactId));
  }

  contactEnded(contactId: string): Promise<void> {
    return run(() => this.engine().contactEnded(contactId));
  }

  handOver(contactId: string, _fromAgentId: string, toAgentId: string): Promise<void> {
    return run(() => this.engine().handOver(contactId, toAgentId));
  }

  consultStarted(agentId: string, contactId: string): Promise<void> {
    return run(() => this.engine().consultStarted(agentId, contactId));
  }

  consultEnded(agentId: string, contactId: string): Promise<void> {
    return run(() => this.engine().consultEnded(agentId, contactId));
  }

  startOutbound(agentId: string, callId: string): Promise<{ contactId: string }> {
    return run(() => {
      this.engine().startOutbound(agentId, callId);
      return { contactId: callId };
    });
  }

  /** Undefined for a caller the engine no longer has in line (gone, or being offered). */
  connectedAgent(contactId: string): Promise<string | undefined> {
    return run(() => {
      try {
        const c = this.engine().contact(contactId);
        return c.state === 'connected' ? c.agentId : undefined;
      } catch (err) {
        if (isAppError(err, 'NOT_FOUND')) return undefined;
        throw err;
      }
    });
  }

  position(contactId: string): Promise<QueuePosition | undefined> {
    return run(() => {
      try {
        const p = this.engine().position(contactId);
        return { position: p.position, estimatedWaitMs: p.estimatedWaitMs };
      } catch (err) {
        if (isAppError(err, 'NOT_FOUND') || isAppError(err, 'CONTACT_NOT_WAITING')) return undefined;
        throw err;
      }
    });
  }

  contactHeld(contactId: string): Promise<void> {
    return run(() => this.engine().contactHeld(contactId));
  }

  contactResumed(contactId: string): Promise<void> {
    return run(() => this.engine().contactResumed(contactId));
  }

  /** AgentDirectory: the phone the agent logged in with, as the engine knows it. */
  phoneOf(agentId: string): EndpointRef | undefined {
    try {
      const phone = this.engine().agentSnapshot(agentId).phone;
      return phone ? { kind: 'phone', name: phone } : undefined;
    } catch (err) {
      // An agent the engine does not know has no phone; any other failure is a bug to surface.
      if (isAppError(err, 'NOT_FOUND')) return undefined;
      throw err;
    }
  }

  private emit(e: RoutingEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}

/** The engine's commands are synchronous; call handling expects promises. */
function run<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
