/**
 * Ring-all: the routing engine offers one caller to several agents at once and the first to
 * answer wins. The call machine follows one offer (the first); the others ring here, beside it.
 * When one of these answers it is accepted with the engine (which withdraws every other offer),
 * then it becomes the call's offer and is answered in the machine as usual.
 */
import { isAppError } from '../core/errors.js';
import type { EndpointRef } from '../pbx/port.js';
import { ringAgent } from './agent-leg.js';
import type { CallKernel } from './call-kernel.js';
import { isEnded, type LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import type { OfferFailure, RoutingOffer } from './ports.js';

interface ParallelLeg {
  call: LiveCall;
  offerId: string;
  agentId: string;
  contactId: string;
  legId: string;
  endpoint: string;
}

/**
 * `void this.media.hangup(...)` below: MediaActions never rejects (a failed step is logged there).
 */
export class ParallelRing {
  private readonly legs = new Map<string, ParallelLeg>();

  constructor(
    private readonly k: CallKernel,
    private readonly media: MediaActions,
  ) {}

  owns(legId: string): boolean {
    return this.legs.has(legId);
  }

  /** Ring one more agent for a call already offering; the INVITE leaves first. */
  ring(call: LiveCall, offer: RoutingOffer, phone: EndpointRef): void {
    const { legId, endpoint, originated } = ringAgent(this.k, call, offer, phone);
    this.legs.set(legId, { call, offerId: offer.offerId, agentId: offer.agentId, contactId: offer.contactId, legId, endpoint });
    this.k.mark(call, 'ring_all_offer', { agent: offer.agentId, leg: legId, offer: offer.offerId });
    originated.catch(() => {
      this.k.legRefused(call, legId);
      this.gone(legId, 'failed');
    });
  }

  answered(legId: string): void {
    const p = this.legs.get(legId);
    if (!p) return;
    this.legs.delete(legId);
    const { call } = p;
    this.k.deps.routing.offerAccepted(p.offerId).then(
      () => {
        if (isEnded(call)) return void this.media.hangup(call, legId);
        // The engine withdrew the other offers; the machine's own one too, if it has not said so.
        if (call.state.name === 'offering') this.k.dispatch(call, { type: 'offer_withdrawn' }, { reason: 'answered_elsewhere' });
        if (!this.k.allows(call, 'offer')) return void this.media.hangup(call, legId);
        this.k.dispatch(call, { type: 'offer', offerId: p.offerId, agentId: p.agentId, legId, contactId: p.contactId, endpoint: p.endpoint }, { agent: p.agentId, leg: legId, offer: p.offerId, ringAll: 'true' });
        this.k.dispatch(call, { type: 'agent_answered' }, { leg: legId });
        this.endCall(call);
      },
      () => void this.media.hangup(call, legId),
    );
  }

  /** A parallel leg ended before answering: its offer failed. */
  gone(legId: string, reason: OfferFailure): void {
    const p = this.legs.get(legId);
    if (!p) return;
    this.legs.delete(legId);
    // The engine may have closed the offer first (withdrawn, answered elsewhere): that is moot.
    this.k.spawn('report offer failed', p.call, () => this.k.deps.routing.offerFailed(p.offerId, reason), { expected: (err) => isAppError(err, 'OFFER_NOT_FOUND') });
  }

  /** The engine withdrew this offer: stop that phone ringing. True when it was one of ours. */
  withdrawn(offerId: string): boolean {
    for (const p of this.legs.values()) {
      if (p.offerId !== offerId) continue;
      this.legs.delete(p.legId);
      void this.media.hangup(p.call, p.legId);
      return true;
    }
    return false;
  }

  /** The call was answered or ended: no other phone rings for it any more. */
  endCall(call: LiveCall): void {
    for (const p of [...this.legs.values()]) {
      if (p.call !== call) continue;
      this.legs.delete(p.legId);
      void this.media.hangup(call, p.legId);
    }
  }
}
