/**
 * A tiny routing engine for call-handling tests: FIFO per queue, first available member agent,
 * the agent who missed a contact is skipped for it; a contact for a named agent waits for them
 * only. Emits synchronously, inside the command, like the real engine.
 */
import type { Clock } from '../../../../src/core/clock.js';
import { AppError } from '../../../../src/core/errors.js';
import type { EnqueueRequest, OfferFailure, QueuePosition, RoutingEvent, RoutingPort } from '../../../../src/calls/ports.js';

interface Contact {
  id: string;
  queueId: string;
  offerId?: string;
  skipped: Set<string>;
  targetAgentId?: string;
  previousContactId?: string;
}

export class FakeRouting implements RoutingPort {
  readonly log: string[] = [];
  readonly queues = new Map<string, { agents: string[]; ringTimeoutMs: number; closed?: boolean }>();
  readonly agentState = new Map<string, 'available' | 'offered' | 'busy' | 'wrap_up' | 'not_ready'>();
  readonly waiting: Contact[] = [];
  readonly requests: EnqueueRequest[] = [];
  private readonly offers = new Map<string, { contact: Contact; agentId: string }>();
  /** Contacts connected with an agent (accepted or handed over, not ended yet). */
  private readonly connected = new Map<string, string>();
  private readonly listeners = new Set<(e: RoutingEvent) => void>();
  private seq = 0;

  /** `clock`: the engine's ring deadline (withdraw with reason no_answer); none without it. */
  constructor(private readonly clock?: Clock) {}

  addQueue(id: string, agents: string[], ringTimeoutMs = 15_000): void {
    this.queues.set(id, { agents, ringTimeoutMs });
    for (const a of agents) if (!this.agentState.has(a)) this.agentState.set(a, 'available');
  }

  setAgent(agentId: string, state: 'available' | 'not_ready'): void {
    this.agentState.set(agentId, state);
    this.route();
  }

  onEvent(listener: (e: RoutingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  enqueue(request: EnqueueRequest): Promise<{ contactId: string }> {
    const q = this.queues.get(request.queueId);
    if (!q) return Promise.reject(new AppError('NOT_FOUND', `No queue ${request.queueId}`));
    if (q.closed) return Promise.reject(new AppError('QUEUE_CLOSED'));
    const target = request.targetAgentId;
    if (target && !['available', 'not_ready'].includes(this.agentState.get(target) ?? '')) {
      return Promise.reject(new AppError('CAPACITY_EXCEEDED', `agent ${target} cannot take the contact`, { agentId: target }));
    }
    this.requests.push(request);
    const id = request.contactId;
    this.waiting.push({ id, queueId: request.queueId, skipped: new Set(), targetAgentId: target, previousContactId: request.previousContactId });
    this.log.push(`enqueue ${id} ${request.queueId}`);
    // Like the real engine, an offer may leave inside the command, before it resolves.
    this.route();
    return Promise.resolve({ contactId: id });
  }

  offerAccepted(offerId: string): Promise<void> {
    const o = this.offers.get(offerId);
    if (!o) return Promise.reject(new AppError('OFFER_NOT_FOUND'));
    this.offers.delete(offerId);
    this.remove(o.contact);
    this.agentState.set(o.agentId, 'busy');
    this.connected.set(o.contact.id, o.agentId);
    this.log.push(`accepted ${o.contact.id} ${o.agentId}`);
    return Promise.resolve();
  }

  offerFailed(offerId: string, reason: OfferFailure): Promise<void> {
    const o = this.offers.get(offerId);
    if (!o) return Promise.reject(new AppError('OFFER_NOT_FOUND'));
    this.offers.delete(offerId);
    o.contact.offerId = undefined;
    o.contact.skipped.add(o.agentId);
    this.agentState.set(o.agentId, 'available');
    this.log.push(`failed ${o.contact.id} ${o.agentId} ${reason}`);
    this.route();
    return Promise.resolve();
  }

  abandon(contactId: string): Promise<void> {
    const c = this.waiting.find((w) => w.id === contactId);
    if (!c) return Promise.reject(new AppError('CONTACT_NOT_WAITING'));
    this.remove(c);
    if (c.offerId) {
      const o = this.offers.get(c.offerId);
      this.offers.delete(c.offerId);
      if (o) this.agentState.set(o.agentId, 'available');
    }
    this.log.push(`abandon ${contactId}`);
    return Promise.resolve();
  }

  contactEnded(contactId: string, agentId: string): Promise<void> {
    this.agentState.set(agentId, 'wrap_up');
    if (this.connected.get(contactId) === agentId) this.connected.delete(contactId);
    this.log.push(`ended ${contactId} ${agentId}`);
    return Promise.resolve();
  }

  handOver(contactId: string, fromAgentId: string, toAgentId: string): Promise<void> {
    this.agentState.set(fromAgentId, 'wrap_up');
    this.agentState.set(toAgentId, 'busy');
    this.connected.set(contactId, toAgentId);
    this.log.push(`handover ${contactId} ${fromAgentId}->${toAgentId}`);
    return Promise.resolve();
  }

  consultStarted(agentId: string, contactId: string): Promise<void> {
    if (this.agentState.get(agentId) === 'available') this.agentState.set(agentId, 'busy');
    this.log.push(`consulted ${contactId} ${agentId}`);
    return Promise.resolve();
  }

  consultEnded(agentId: string, contactId: string): Promise<void> {
    // After a hand-over the agent has the contact: only a consultation still held is freed.
    if (this.agentState.get(agentId) === 'busy' && !this.log.some((l) => l.startsWith(`handover ${contactId} `) && l.endsWith(`->${agentId}`))) {
      this.agentState.set(agentId, 'available');
      this.route();
    }
    this.log.push(`consult over ${contactId} ${agentId}`);
    return Promise.resolve();
  }

  startOutbound(agentId: string, callId: string): Promise<{ contactId: string }> {
    this.agentState.set(agentId, 'busy');
    this.log.push(`outbound ${callId} ${agentId}`);
    return Promise.resolve({ contactId: callId });
  }

  connectedAgent(contactId: string): Promise<string | undefined> {
    return Promise.resolve(this.connected.get(contactId));
  }

  position(contactId: string): Promise<QueuePosition | undefined> {
    const c = this.waiting.find((w) => w.id === contactId);
    if (!c) return Promise.resolve(undefined);
    const position = this.waiting.filter((w) => w.queueId === c.queueId).indexOf(c) + 1;
    return Promise.resolve({ position, estimatedWaitMs: position * 60_000 });
  }

  /** The engine's max-wait exit for a waiting contact. */
  expire(contactId: string): void {
    const c = this.waiting.find((w) => w.id === contactId);
    if (!c) return;
    this.remove(c);
    this.emit({ type: 'contact_exited', contactId, reason: 'timeout', action: 'hangup' });
  }

  private remove(c: Contact): void {
    const i = this.waiting.indexOf(c);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  route(): void {
    for (const c of [...this.waiting]) {
      if (c.offerId) continue;
      const q = this.queues.get(c.queueId);
      if (!q) continue;
      const candidates = c.targetAgentId ? [c.targetAgentId] : q.agents;
      const agentId = candidates.find((a) => this.agentState.get(a) === 'available' && !c.skipped.has(a));
      if (!agentId) continue;
      const offerId = `offer-${++this.seq}`;
      c.offerId = offerId;
      this.offers.set(offerId, { contact: c, agentId });
      this.agentState.set(agentId, 'offered');
      this.log.push(`offer ${c.id} ${agentId}`);
      this.emit({ type: 'offer', offerId, contactId: c.id, agentId, queueId: c.queueId, ringTimeoutMs: q.ringTimeoutMs });
      this.clock?.setTimeout(() => this.noAnswer(offerId), q.ringTimeoutMs);
    }
  }

  /** The ring deadline passed with the offer still open: the engine withdraws it and moves on. */
  private noAnswer(offerId: string): void {
    const o = this.offers.get(offerId);
    if (!o) return;
    this.offers.delete(offerId);
    o.contact.offerId = undefined;
    o.contact.skipped.add(o.agentId);
    this.agentState.set(o.agentId, 'available');
    this.log.push(`failed ${o.contact.id} ${o.agentId} no_answer`);
    this.emit({ type: 'offer_withdrawn', offerId, contactId: o.contact.id, reason: 'no_answer' });
    this.route();
  }

  private emit(e: RoutingEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
