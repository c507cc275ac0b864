/**
 * What people do to calls: the agent's toolbar (hold, mute, transfers, conference, hang-up,
 * click-to-dial) and the supervisor's force-release. Each request is checked against the call
 * machine and refused with INVALID_TRANSITION when the call is not in a state that allows it.
 */
import { AppError } from '../core/errors.js';
import { isGoneOutcome } from '../core/tolerate-gone.js';
import type { EndpointRef } from '../pbx/port.js';
import type { CallKernel } from './call-kernel.js';
import { customerNumber } from './call-model.js';
import type { CallEvent } from './call-state.js';
import { toView, type CallInfoLike } from './call-view.js';
import { isEnded, type LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import { OUTBOUND_CALLER_ID, startOutboundCall } from './outbound-call.js';

export type TransferTarget =
  | { kind: 'queue'; queueId: string }
  | { kind: 'agent'; agentId: string }
  | { kind: 'number'; number: string };

export type ConsultTarget = { kind: 'agent'; agentId: string } | { kind: 'number'; number: string };

export class CallControl {
  constructor(
    private readonly k: CallKernel,
    private readonly media: MediaActions,
  ) {}

  /** The live call this agent is on (as the talking party or being rung), if any. */
  callOfAgent(agentId: string): CallInfoLike | undefined {
    for (const call of this.k.calls.values()) {
      const s = call.state;
      if (s.counterpart?.agentId === agentId || s.offer?.agentId === agentId || s.consult?.agentId === agentId) return toView(call);
    }
    return undefined;
  }

  view(callId: string): CallInfoLike {
    return toView(this.k.get(callId));
  }

  hold(callId: string, agentId: string): void {
    const call = this.own(callId, agentId);
    this.k.dispatch(call, { type: 'hold' }, { by: agentId }, true);
    const contactId = call.state.contactId;
    const { routing } = this.k.deps;
    if (contactId && routing.contactHeld) this.k.spawn('report contact held', call, async () => routing.contactHeld?.(contactId));
  }

  unhold(callId: string, agentId: string): void {
    const call = this.own(callId, agentId);
    this.k.dispatch(call, { type: 'unhold' }, { by: agentId }, true);
    const contactId = call.state.contactId;
    const { routing } = this.k.deps;
    if (contactId && routing.contactResumed) this.k.spawn('report contact resumed', call, async () => routing.contactResumed?.(contactId));
  }

  /** Mute what the agent says; the call state does not change, the timeline notes it. */
  async mute(callId: string, agentId: string, on: boolean): Promise<void> {
    const call = this.own(callId, agentId);
    const leg = call.state.counterpart?.legId;
    if (!leg || call.state.name === 'offering' || call.state.name === 'dialing_agent') {
      throw new AppError('INVALID_TRANSITION', `A call in state ${call.state.name} cannot be muted`, { state: call.state.name });
    }
    const { pbx } = this.k.deps;
    await (on ? pbx.mute(leg, 'in') : pbx.unmute(leg, 'in'));
    call.muted = on;
    this.k.mark(call, on ? 'muted' : 'unmuted', { by: agentId });
  }

  /** Pause or resume the call's recording (card numbers must not be recorded); the timeline notes it. */
  async setRecordingPaused(callId: string, agentId: string, paused: boolean): Promise<void> {
    const call = this.own(callId, agentId);
    const recordingId = call.recordingId;
    const recorder = this.k.deps.recorder;
    if (!recordingId || !recorder) throw new AppError('INVALID_TRANSITION', 'This call is not being recorded', { callId });
    await (paused ? recorder.pause(recordingId) : recorder.resume(recordingId));
    call.recordingPaused = paused;
    this.k.mark(call, paused ? 'recording_paused' : 'recording_resumed', { by: agentId, recording: recordingId });
  }

  /**
   * Keypad tones toward whoever the agent talks with (an IVR of the company they called): the
   * customer, or the consulted party while consulting. The timeline notes how many digits were
   * sent, never which: they may be a PIN or card number.
   */
  async sendDtmf(callId: string, agentId: string, digits: string): Promise<void> {
    const call = this.own(callId, agentId);
    const s = call.state;
    const far = s.name === 'connected' || s.name === 'conference' ? s.customerLegId : s.name === 'consulting' ? s.consult?.legId : undefined;
    if (!far) throw new AppError('INVALID_TRANSITION', `A call in state ${s.name} is not connected: no tones can be sent`, { state: s.name });
    await this.k.deps.pbx.sendDtmf(far, digits);
    this.k.mark(call, 'dtmf_sent', { by: agentId, count: String(digits.length) });
  }

  transferBlind(callId: string, agentId: string, target: TransferTarget): void {
    const call = this.own(callId, agentId);
    const to = target.kind === 'number' ? 'external' : target.kind;
    const value = target.kind === 'queue' ? target.queueId : target.kind === 'agent' ? target.agentId : target.number;
    this.k.dispatch(call, { type: 'transfer_blind', to, target: value }, { by: agentId, to, target: value }, true);
  }

  /**
   * Supervisor force-transfer: the agent's blind transfer without the agent's consent. The caller
   * waits in the holding bridge while the engine offers the call to the target (the agent stays on
   * the line until it takes it, and gets the caller back if it refuses), or back into a queue.
   */
  forceTransfer(callId: string, target: { kind: 'agent'; agentId: string } | { kind: 'queue'; queueId: string }, by: string): void {
    const call = this.k.get(callId);
    const value = target.kind === 'queue' ? target.queueId : target.agentId;
    this.k.dispatch(call, { type: 'transfer_blind', to: target.kind, target: value }, { by, to: target.kind, target: value, forced: 'true' }, true);
  }

  /**
   * The same for the call that carries a routing contact; false when no live call does (a chat,
   * or a call already gone), so the caller can move the contact by the engine alone.
   */
  forceTransferContact(contactId: string, target: { kind: 'agent'; agentId: string } | { kind: 'queue'; queueId: string }, by: string): boolean {
    const call = this.k.callOfContact(contactId);
    if (!call) return false;
    this.forceTransfer(call.record.id, target, by);
    return true;
  }

  /** Attended transfer, first step: ring the consulted party while the customer waits with music. */
  consult(callId: string, agentId: string, target: ConsultTarget): void {
    const call = this.own(callId, agentId);
    if (!this.k.allows(call, 'consult_started')) {
      throw new AppError('INVALID_TRANSITION', `A call in state ${call.state.name} cannot start a consultation`, { state: call.state.name });
    }
    const { pbx, directory, config, clock, newId } = this.k.deps;
    let endpoint: EndpointRef | undefined;
    if (target.kind === 'agent') {
      if (target.agentId === agentId) throw new AppError('VALIDATION_FAILED', 'An agent cannot consult themselves', { problems: [{ where: '/target/agentId', reason: 'is the calling agent' }] });
      endpoint = directory.phoneOf(target.agentId);
      if (!endpoint) throw new AppError('NOT_FOUND', `Agent ${target.agentId} is not logged in on a phone`, { agentId: target.agentId });
    } else {
      endpoint = { kind: 'number', number: target.number };
    }
    const timeoutMs = target.kind === 'agent' ? config.agentDialTimeoutMs : config.externalDialTimeoutMs;
    const legId = newId();
    const originated = pbx.originate({
      endpoint,
      channelId: legId,
      timeoutMs,
      callerIdNumber: customerNumber(call.record),
      variables: { SWITCHBOARD_CALL_ID: call.record.id, SWITCHBOARD_ROLE: 'consult' },
    });
    const label = target.kind === 'agent' ? target.agentId : target.number;
    this.k.addLeg(call, { id: legId, role: 'consult', endpoint: label, ...(target.kind === 'agent' ? { agentId: target.agentId } : {}) });
    this.k.dispatch(
      call,
      { type: 'consult_started', legId, target: `${target.kind}:${label}`, endpoint: label, ...(target.kind === 'agent' ? { agentId: target.agentId } : {}) },
      { by: agentId, target: `${target.kind}:${label}`, leg: legId },
      true,
    );
    call.consultTimer = clock.setTimeout(() => {
      // MediaActions never rejects (a failure is logged there).
      if (call.state.name === 'consult_ringing' && call.state.consult?.legId === legId) void this.media.hangup(call, legId);
    }, timeoutMs);
    originated.catch(() => {
      this.k.legRefused(call, legId);
      if (call.state.consult?.legId === legId) this.k.dispatch(call, { type: 'consult_gone' }, { leg: legId, cause: 'originate_failed' });
    });
  }

  completeTransfer(callId: string, agentId: string): void {
    this.k.dispatch(this.own(callId, agentId), { type: 'transfer_completed' }, { by: agentId }, true);
  }

  cancelConsult(callId: string, agentId: string): void {
    this.k.dispatch(this.own(callId, agentId), { type: 'consult_cancelled' }, { by: agentId }, true);
  }

  conference(callId: string, agentId: string): void {
    this.k.dispatch(this.own(callId, agentId), { type: 'conference_started' }, { by: agentId }, true);
  }

  /**
   * The agent hangs up their own leg: the talking agent their call, the consulted agent the
   * consultation, and the agent whose phone rings declines the offer (as the phone's reject key
   * would: the caller keeps their place and the routing engine hears 'rejected'). Declining through
   * the routing engine alone would leave the phone ringing.
   */
  async hangup(callId: string, agentId: string): Promise<void> {
    const call = this.k.get(callId);
    const s = call.state;
    const ringing = s.name === 'offering' && s.offer?.agentId === agentId ? s.offer.legId : undefined;
    const leg = s.counterpart?.agentId === agentId ? s.counterpart.legId : s.consult?.agentId === agentId ? s.consult.legId : ringing;
    if (!leg) throw new AppError('FORBIDDEN', 'This call is not yours', { callId });
    // The leg's own hang-up event drives the machine; a leg already gone is driven here. A leg the
    // media server would not hang up for another reason is also let go (the agent must get out),
    // and that failure is logged.
    try {
      await this.k.deps.pbx.hangup(leg, leg === ringing ? 'rejected' : 'normal');
    } catch (err) {
      if (!isGoneOutcome(err)) this.k.deps.log.warn({ callId, leg, agentId, err }, 'the media server did not hang up the agent leg: released here');
      if (isEnded(call)) return;
      const event: CallEvent = leg === ringing ? { type: 'agent_failed', reason: 'rejected' } : s.consult?.legId === leg ? { type: 'consult_gone' } : { type: 'agent_gone' };
      this.k.dispatch(call, event, { leg, cause: 'gone' });
    }
  }

  /**
   * Supervisor force-release. `call`: every leg is hung up (hung up by system). `agent`: the agent
   * is freed and the caller goes back to the queue they came from (ends when there is none).
   */
  release(callId: string, scope: 'agent' | 'call', by: string): void {
    const call = this.k.get(callId);
    const queueId = call.record.queueId;
    if (scope === 'agent' && queueId && this.k.allows(call, 'transfer_blind') && call.record.direction === 'inbound') {
      this.k.dispatch(call, { type: 'transfer_blind', to: 'queue', target: queueId }, { by, release: 'agent' }, true);
      return;
    }
    this.k.dispatch(call, { type: 'released' }, { by, release: scope }, true);
  }

  /**
   * Click-to-dial: the agent's phone first, then the customer's number once the agent answers.
   * `callerId`: the number the customer sees, one of the configured caller ids (the first one when
   * omitted); it travels in the call's variables so a call re-adopted after a restart keeps it.
   */
  async dial(agentId: string, number: string, options: { callerId?: string } = {}): Promise<CallInfoLike> {
    const { routing, directory, config, newId } = this.k.deps;
    if (!/^\+?[0-9*#]{2,32}$/.test(number)) {
      throw new AppError('VALIDATION_FAILED', 'The number may hold only digits, * and #, with an optional leading +', { problems: [{ where: '/number', reason: 'not a dialable number' }] });
    }
    const callerId = options.callerId ?? config.outboundCallerId;
    if (options.callerId !== undefined && !(config.callerIds ?? []).includes(options.callerId)) {
      throw new AppError('VALIDATION_FAILED', `${options.callerId} is not one of the configured caller ids`, { problems: [{ where: '/callerId', reason: 'not a configured caller id' }] });
    }
    const phone = directory.phoneOf(agentId);
    if (!phone) throw new AppError('NOT_FOUND', `Agent ${agentId} is not logged in on a phone`, { agentId });
    if (this.callOfAgent(agentId)) throw new AppError('CONFLICT', 'The agent is already on a call', { agentId });
    const callId = newId();
    const { contactId } = await routing.startOutbound(agentId, callId);
    const call = startOutboundCall(this.k, this.media, {
      callId,
      agentId,
      phone,
      number,
      contactId,
      ringTimeoutMs: config.agentDialTimeoutMs,
      ...(callerId ? { variables: { [OUTBOUND_CALLER_ID]: callerId } } : {}),
    });
    return toView(call);
  }

  /** The call, when this agent is its talking party. */
  private own(callId: string, agentId: string): LiveCall {
    const call = this.k.get(callId);
    if (call.state.counterpart?.agentId !== agentId) throw new AppError('FORBIDDEN', 'This call is not yours', { callId });
    return call;
  }
}
