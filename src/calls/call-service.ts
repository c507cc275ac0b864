/**
 * Call handling on top of the media-server port and the routing engine. Listens to both, turns
 * their events into call-machine events, and starts inbound calls through the IVR into a queue.
 *
 * The offer path is the latency-critical one: the agent's phone is originated synchronously in
 * the offer handler, before anything is awaited (shared/pbx-transcripts/latency-facts.md).
 */
import { isAppError } from '../core/errors.js';
import { tolerateGone } from '../core/tolerate-gone.js';
import type { CallInfoLike } from './call-view.js';
import { toView } from './call-view.js';
import type { HangupCause, PbxEvent } from '../pbx/port.js';
import { CallKernel, type CallDeps } from './call-kernel.js';
import { EffectRunner } from './effect-runner.js';
import type { LiveCall } from './live-call.js';
import { MediaActions } from './media-actions.js';
import type { RoutingEvent, RoutingOffer } from './ports.js';
import { ringAgent } from './agent-leg.js';
import { InboundFlow } from './inbound-flow.js';
import { QueueEntry } from './queue-entry.js';
import { startOutboundCall } from './outbound-call.js';
import { ParallelRing } from './parallel-ring.js';
import { CallRecovery } from './call-recovery.js';

export class CallService {
  readonly kernel: CallKernel;
  readonly mediaActions: MediaActions;
  private readonly queue: QueueEntry;
  private readonly inbound: InboundFlow;
  private readonly parallel: ParallelRing;
  private readonly unsubscribe: (() => void)[] = [];
  private readonly recovery: CallRecovery;
  /** Set at the first reconciliation: the previous run's calls are re-adopted before anything else. */
  private recovering: Promise<void> | undefined;
  /** Offers that arrived while recovery had not put their call back yet. */
  private heldOffers: RoutingOffer[] = [];

  constructor(deps: CallDeps) {
    this.kernel = new CallKernel(deps);
    this.mediaActions = new MediaActions(deps.pbx, deps.log, deps.config.mohClass);
    this.queue = new QueueEntry(this.kernel, this.mediaActions);
    const runner = new EffectRunner(this.kernel, this.mediaActions, (call, to, target) => this.queue.requeue(call, to, target));
    this.kernel.setEffectSink((call, effects) => runner.run(call, effects));
    this.inbound = new InboundFlow(this.kernel, this.mediaActions, this.queue);
    this.parallel = new ParallelRing(this.kernel, this.mediaActions);
    this.kernel.onEnded((call) => this.parallel.endCall(call));
    this.recovery = new CallRecovery(this.kernel, this.mediaActions, {
      announce: (call) => this.queue.announceLater(call),
      answered: (legId) => this.onAnswered(legId),
    });
  }

  private markRecovered: () => void = () => {};
  private readonly recoveredOnce = new Promise<void>((resolve) => (this.markRecovered = resolve));

  /** Resolves once the previous run's calls were re-adopted, at the first reconciliation with the media server. */
  recovered(): Promise<void> {
    return this.recoveredOnce;
  }

  /** Subscribe to the media server and the routing engine. */
  start(): void {
    const { pbx, routing } = this.kernel.deps;
    this.unsubscribe.push(pbx.onEvent((e) => this.onPbxEvent(e)));
    this.unsubscribe.push(routing.onEvent((e) => this.onRoutingEvent(e)));
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Everything queued so far is stored and every media step done (tests, shutdown). */
  settle(): Promise<void> {
    return this.kernel.settle();
  }

  /** The store writes and media steps queued so far are done (not those queued meanwhile). */
  settledSoFar(): Promise<void> {
    return this.kernel.settledSoFar();
  }

  activeCalls(): CallInfoLike[] {
    return [...this.kernel.calls.values()].map(toView);
  }

  // ------------------------------------------------------------------ routing engine events

  private onRoutingEvent(e: RoutingEvent): void {
    if (e.type === 'offer') {
      this.onOffer(e);
      return;
    }
    if (e.type === 'callback_offer') {
      this.onCallbackOffer(e);
      return;
    }
    const call = this.kernel.callOfContact(e.contactId);
    if (!call) return;
    if (e.type === 'offer_withdrawn') {
      if (this.parallel.withdrawn(e.offerId)) return;
      if (call.state.offer?.offerId === e.offerId) this.kernel.dispatch(call, { type: 'offer_withdrawn' }, { reason: e.reason });
      else if (call.state.callbackOfferId === e.offerId && e.reason === 'no_answer') {
        // The engine's ring deadline for a callback: the agent did not answer, the callback keeps its place.
        this.kernel.dispatch(call, { type: 'agent_failed', reason: 'no_answer' }, { reason: e.reason });
      } else if (call.state.callbackOfferId === e.offerId) this.kernel.dispatch(call, { type: 'released' }, { reason: e.reason });
    } else if (call.state.name === 'queued' || call.state.name === 'offering') {
      this.kernel.dispatch(call, { type: 'queue_exit', reason: e.reason }, { action: e.action });
    }
  }

  private onOffer(offer: RoutingOffer): void {
    const k = this.kernel;
    const { routing, directory } = k.deps;
    const call = k.callOfContact(offer.contactId);
    if (!call && this.recovering && !this.recoveryDone) {
      this.heldOffers.push(offer);
      return;
    }
    if (!call) {
      k.deps.log.debug({ offer }, 'offer for a contact that is not a call here');
      return;
    }
    const phone = offer.phone ?? directory.phoneOf(offer.agentId);
    const current = call.state.offer;
    if (current && offer.ringAll && phone && current.offerId !== offer.offerId) {
      this.parallel.ring(call, offer, phone);
      return;
    }
    if (current && current.contactId === offer.contactId && current.offerId !== offer.offerId) {
      // The engine moved on from our offer without telling us first: follow it.
      k.dispatch(call, { type: 'offer_withdrawn' }, { offer: current.offerId, reason: 'superseded' });
    }
    if (!k.allows(call, 'offer') || !phone) {
      k.spawn('report offer failed', call, () => routing.offerFailed(offer.offerId, 'failed'), { expected: offerClosed });
      return;
    }
    // Nothing is awaited before this line: the INVITE to the agent leaves first.
    const { legId, endpoint, originated } = ringAgent(k, call, offer, phone);
    k.dispatch(
      call,
      { type: 'offer', offerId: offer.offerId, agentId: offer.agentId, legId, contactId: offer.contactId, endpoint },
      { agent: offer.agentId, leg: legId, offer: offer.offerId },
    );
    originated.catch((err: unknown) => {
      k.deps.log.info({ callId: call.record.id, err }, "the agent's phone could not be rung");
      k.legRefused(call, legId);
      if (call.state.offer?.legId === legId) k.dispatch(call, { type: 'agent_failed', reason: 'failed' }, { leg: legId, cause: 'originate_failed' });
    });
  }

  /** The engine's callback turn: ring the agent first (nothing awaited before), then the customer. */
  private onCallbackOffer(offer: Extract<RoutingEvent, { type: 'callback_offer' }>): void {
    const k = this.kernel;
    const phone = offer.phone ?? k.deps.directory.phoneOf(offer.agentId);
    if (!phone) {
      k.spawn('report offer failed', undefined, () => k.deps.routing.offerFailed(offer.offerId, 'failed'), { expected: offerClosed });
      return;
    }
    startOutboundCall(k, this.mediaActions, {
      callId: k.deps.newId(),
      agentId: offer.agentId,
      phone,
      number: offer.number,
      contactId: offer.contactId,
      ringTimeoutMs: offer.ringTimeoutMs,
      callbackOfferId: offer.offerId,
      variables: { callback: 'true' },
    });
  }

  // ------------------------------------------------------------------ media server events

  private onPbxEvent(e: PbxEvent): void {
    switch (e.type) {
      case 'channel.inbound':
        this.startInbound(e.channel);
        return;
      case 'channel.ringing':
        this.legStamp(e.channelId, 'ringingAt');
        return;
      case 'channel.answered':
        this.onAnswered(e.channelId);
        return;
      case 'channel.hangup':
        this.onHangup(e.channelId, e.cause, e.initiator);
        return;
      case 'connection.reconciled': {
        const recovering = (this.recovering ??= this.kernel.working(this.recoverPreviousRun()));
        this.kernel.spawn('adopt orphan channels', undefined, () => recovering.then(() => this.adoptOrphans(e.adoptedChannelIds)));
        this.hangUpOwed();
        return;
      }
      default:
        return;
    }
  }

  private recoveryDone = false;

  /** Re-adopt the calls the store says are open (call-recovery.ts), then deliver offers held meanwhile. */
  private async recoverPreviousRun(): Promise<void> {
    const { pbx, log } = this.kernel.deps;
    try {
      const snapshot = await pbx.snapshot();
      await this.recovery.run(snapshot);
    } catch (err) {
      log.error({ err }, 'recovering the calls of the previous run failed');
    } finally {
      this.recoveryDone = true;
      for (const offer of this.heldOffers.splice(0)) this.onOffer(offer);
      this.markRecovered();
    }
  }

  /**
   * Channels the media server still has but no live call owns (a previous run of the daemon, or
   * a caller who arrived while we were disconnected). A caller is taken in again as a new inbound
   * call (out of any bridge of the old run), so nobody waiting is dropped; any other leg (agents,
   * consultations, supervisors of the old run) is hung up rather than left hanging.
   */
  private async adoptOrphans(channelIds: string[]): Promise<void> {
    const { pbx, log } = this.kernel.deps;
    const orphans = channelIds.filter((id) => !this.kernel.callOfLeg(id));
    if (orphans.length === 0) return;
    // Without a snapshot nobody can be told from an agent leg: every orphan is hung up, as before.
    const snapshot = await tolerateGone(log, { what: 'take a snapshot for orphan channels', orphans: orphans.length }, () => pbx.snapshot());
    for (const id of orphans) {
      const channel = snapshot?.channels.find((c) => c.id === id);
      if (channel?.direction === 'inbound') {
        log.warn({ channelId: id }, 'taking in a caller no call owned');
        const bridgeId = channel.bridgeId;
        if (bridgeId) await tolerateGone(log, { what: "take an orphan caller out of the old run's bridge", channelId: id, bridgeId }, () => pbx.removeFromBridge(bridgeId, id));
        const { bridgeId: _old, ...rest } = channel;
        this.startInbound(rest);
      } else {
        log.warn({ channelId: id }, 'hanging up a channel no call owns');
        await tolerateGone(log, { what: 'hang up an orphan channel', channelId: id }, () => pbx.hangup(id, 'normal'));
      }
    }
  }

  /**
   * Hang-ups asked for while the link was down (a withdrawn offer, an ended call), made now: the
   * PBX kept those channels, so a phone would go on ringing for an offer that is over. A leg
   * that ended meanwhile (lost in the reconciliation, hung up by its far end) is left alone.
   */
  private hangUpOwed(): void {
    for (const { call, legId } of this.mediaActions.takeOwedHangups()) {
      if (call.legs.get(legId)?.endedAt !== undefined) continue;
      void this.kernel.media(call, () => this.mediaActions.hangup(call, legId)); // never rejects
    }
  }

  /** A caller's whole inbound flow, nobody awaiting it: a failure is logged and counted. */
  private startInbound(channel: Parameters<InboundFlow['start']>[0]): void {
    this.kernel.background.run('inbound call', () => this.inbound.start(channel), { channelId: channel.id });
  }

  private legStamp(legId: string, field: 'ringingAt' | 'answeredAt'): LiveCall | undefined {
    const call = this.kernel.callOfLeg(legId);
    const leg = call?.legs.get(legId);
    if (!call || !leg || leg[field] !== undefined) return call;
    leg[field] = this.kernel.deps.clock.now();
    this.kernel.saveLeg(call, leg);
    return call;
  }

  private onAnswered(legId: string): void {
    const k = this.kernel;
    const call = this.legStamp(legId, 'answeredAt');
    if (!call) return;
    const s = call.state;
    if (s.customerLegId === legId) call.customerAnswered = true;
    if (this.parallel.owns(legId)) {
      this.parallel.answered(legId);
    } else if (s.offer?.legId === legId) {
      k.deps.clock.clearTimeout(call.ringTimer);
      const offerId = s.offer.offerId;
      // Accept with the engine first: in ring-all only one answer may win the contact.
      k.deps.routing.offerAccepted(offerId).then(
        () => {
          if (call.state.offer?.legId === legId) {
            k.dispatch(call, { type: 'agent_answered' }, { leg: legId });
            this.parallel.endCall(call);
          } else void this.mediaActions.hangup(call, legId); // never rejects (MediaActions.tolerant)
        },
        (err: unknown) => {
          k.deps.log.info({ callId: call.record.id, err }, 'the answered offer was no longer open');
          if (call.state.offer?.legId === legId) k.dispatch(call, { type: 'offer_withdrawn' }, { leg: legId, reason: 'accept_refused' });
          else void this.mediaActions.hangup(call, legId); // never rejects (MediaActions.tolerant)
        },
      );
    } else if (s.name === 'dialing_agent' && s.counterpart?.legId === legId) {
      k.deps.clock.clearTimeout(call.ringTimer);
      const offerId = s.callbackOfferId;
      if (!offerId) {
        k.dispatch(call, { type: 'agent_answered' }, { leg: legId });
        return;
      }
      k.deps.routing.offerAccepted(offerId).then(
        () => void k.dispatch(call, { type: 'agent_answered' }, { leg: legId }),
        () => void k.dispatch(call, { type: 'released' }, { leg: legId, reason: 'accept_refused' }),
      );
    } else if (s.name === 'dialing_customer' && s.customerLegId === legId) {
      k.dispatch(call, { type: 'customer_answered' }, { leg: legId });
    } else if (s.consult?.legId === legId) {
      k.deps.clock.clearTimeout(call.consultTimer);
      k.dispatch(call, { type: 'consult_answered' }, { leg: legId });
    }
  }

  private onHangup(legId: string, cause: HangupCause, initiator: string): void {
    const k = this.kernel;
    const call = k.callOfLeg(legId);
    const leg = call?.legs.get(legId);
    if (!call || !leg) return;
    if (leg.endedAt === undefined) {
      leg.endedAt = k.deps.clock.now();
      leg.hangupCause = cause;
      leg.endedBy = initiator === 'remote' || initiator === 'local' ? initiator : 'unknown';
      k.saveLeg(call, leg);
    }
    k.forgetLeg(legId);
    const s = call.state;
    const details = { leg: legId, cause };
    if (this.parallel.owns(legId)) {
      this.parallel.gone(legId, offerFailure(cause));
    } else if (s.customerLegId === legId) {
      k.dispatch(call, { type: 'customer_gone', at: k.deps.clock.now(), cause, ...byPbx(initiator) }, details);
    } else if (s.offer?.legId === legId) {
      k.deps.clock.clearTimeout(call.ringTimer);
      k.dispatch(call, { type: 'agent_failed', reason: offerFailure(cause) }, details);
    } else if (s.counterpart?.legId === legId) {
      if (s.name === 'dialing_agent') k.dispatch(call, { type: 'agent_failed', reason: offerFailure(cause) }, details);
      else k.dispatch(call, { type: 'agent_gone', ...byPbx(initiator) }, details);
    } else if (s.consult?.legId === legId) {
      k.deps.clock.clearTimeout(call.consultTimer);
      k.dispatch(call, { type: 'consult_gone' }, details);
    }
  }

}

/** The engine closed the offer first (withdrawn, timed out): reporting its failure is moot. */
function offerClosed(err: unknown): boolean {
  return isAppError(err, 'OFFER_NOT_FOUND');
}

/** Neither the far end nor we ended the leg: the PBX did (media timeout, lost channel). */
function byPbx(initiator: string): { byPbx?: true } {
  return initiator === 'unknown' ? { byPbx: true } : {};
}

function offerFailure(cause: HangupCause): 'no_answer' | 'rejected' | 'failed' {
  if (cause === 'no_answer') return 'no_answer';
  if (cause === 'busy' || cause === 'rejected') return 'rejected';
  return 'failed';
}
