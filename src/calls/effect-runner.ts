/**
 * Carries out what a transition asks for. Reports to the routing engine leave at once (they are
 * in-process and must not wait behind audio); media steps run in order on the call's media queue.
 */
import { isAppError } from '../core/errors.js';
import type { MediaRef } from '../pbx/port.js';
import type { CallEffect } from './call-state.js';
import type { CallKernel } from './call-kernel.js';
import type { LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import { PostCallSurvey } from './post-call-survey.js';
import { OUTBOUND_CALLER_ID } from './outbound-call.js';

export class EffectRunner {
  private readonly survey: PostCallSurvey;

  constructor(
    private readonly k: CallKernel,
    private readonly media: MediaActions,
    /** Back into a queue after a blind transfer (QueueEntry.requeue). */
    private readonly requeue: (call: LiveCall, to: 'queue' | 'agent', target: string) => Promise<void>,
  ) {
    this.survey = new PostCallSurvey(k, media);
  }

  run(call: LiveCall, effects: CallEffect[]): void {
    for (const effect of effects) this.one(call, effect);
  }

  /** `void this.k.media(...)` below: the media queue never rejects (a failed step is logged there). */
  private one(call: LiveCall, e: CallEffect): void {
    const { routing, pbx, config } = this.k.deps;
    switch (e.kind) {
      case 'hangup':
        void this.k.media(call, () => this.media.hangup(call, e.legId));
        return;
      case 'to_holding':
        void this.k.media(call, () => this.media.toHolding(call));
        return;
      case 'bridge':
        void this.k.media(call, () => this.media.toTalk(call, e.legIds));
        return;
      case 'join_talk':
        void this.k.media(call, () => this.media.joinTalk(call, e.legId));
        return;
      case 'hold_leg':
        void this.k.media(call, () => this.media.tolerant('hold', call, () => pbx.hold(e.legId)));
        return;
      case 'unhold_leg':
        void this.k.media(call, () => this.media.tolerant('unhold', call, () => pbx.unhold(e.legId)));
        return;
      case 'offer_failed':
        this.report(call, 'offer failed', () => routing.offerFailed(e.offerId, e.reason));
        return;
      case 'abandon':
        this.report(call, 'abandon', () => routing.abandon(e.contactId));
        return;
      case 'contact_ended':
        this.report(call, 'contact ended', () => routing.contactEnded(e.contactId, e.agentId));
        return;
      case 'hand_over':
        this.report(call, 'hand over', () => routing.handOver(e.contactId, e.fromAgentId, e.toAgentId));
        return;
      case 'consult_held':
        this.report(call, 'consultation started', () => routing.consultStarted(e.agentId, e.contactId));
        return;
      case 'consult_freed':
        this.report(call, 'consultation ended', () => routing.consultEnded(e.agentId, e.contactId));
        return;
      case 'post_call_survey':
        this.survey.start(call, e.legId, e.flow);
        return;
      case 'requeue':
        this.k.spawn('requeue after transfer', call, () => this.requeue(call, e.to, e.target));
        return;
      case 'redirect_customer': {
        const leg = call.state.customerLegId;
        if (!leg) return;
        void this.k.media(call, async () => {
          await this.media.stopMoh(call);
          await this.media.tolerant('redirect', call, () => pbx.redirect(leg, { kind: 'number', number: e.target }));
        });
        return;
      }
      case 'dial_customer':
        this.dialCustomer(call);
        return;
      case 'farewell': {
        const prompt = config.prompts[e.prompt];
        void this.k.media(call, () => this.farewell(call, prompt));
        return;
      }
      case 'start_recording':
        if (config.recordCalls && this.k.deps.recorder) void this.k.media(call, () => this.startRecording(call));
        return;
      case 'teardown':
        void this.k.media(call, () => this.teardown(call));
        return;
    }
  }

  /** A report the engine may refuse as moot (the offer or contact is already closed there). */
  private report(call: LiveCall, what: string, op: () => Promise<void>): void {
    this.k.spawn(`report ${what}`, call, op, { expected: (err) => isAppError(err, 'OFFER_NOT_FOUND') });
  }

  private dialCustomer(call: LiveCall): void {
    const { pbx, config, newId } = this.k.deps;
    const number = call.record.to;
    const legId = newId();
    const callerId = call.record.variables[OUTBOUND_CALLER_ID] ?? config.outboundCallerId;
    const originated = pbx.originate({
      endpoint: { kind: 'number', number },
      channelId: legId,
      timeoutMs: config.externalDialTimeoutMs,
      ...(callerId ? { callerIdNumber: callerId } : {}),
      variables: { SWITCHBOARD_CALL_ID: call.record.id, SWITCHBOARD_ROLE: 'customer' },
    });
    this.k.addLeg(call, { id: legId, role: 'customer', endpoint: number });
    this.k.dispatch(call, { type: 'customer_dialed', legId, endpoint: number }, { leg: legId });
    originated.catch((err: unknown) => {
      this.k.deps.log.info({ callId: call.record.id, err }, 'the customer could not be dialed');
      this.k.legRefused(call, legId);
      if (call.state.customerLegId === legId) this.k.dispatch(call, { type: 'customer_gone', at: this.k.deps.clock.now(), cause: 'failed' }, { cause: 'failed' });
    });
  }

  private async farewell(call: LiveCall, prompt: MediaRef[]): Promise<void> {
    const leg = call.state.customerLegId;
    if (!leg || prompt.length === 0 || call.legs.get(leg)?.endedAt !== undefined) return;
    await this.media.stopMoh(call);
    if (!call.customerAnswered) await this.media.answerCustomer(call);
    try {
      const playback = await this.k.deps.pbx.play(leg, prompt);
      await playback.done;
    } catch (err) {
      if (!isAppError(err, 'CHANNEL_GONE')) this.k.deps.log.warn({ callId: call.record.id, err }, 'closing prompt failed');
    }
  }

  private async startRecording(call: LiveCall): Promise<void> {
    const recorder = this.k.deps.recorder;
    const bridge = call.talkBridgeId;
    if (!recorder || !bridge || call.recordingId || call.state.name === 'ended') return;
    const id = await recorder.start(call.record.id, bridge);
    if (!id) return;
    call.recordingId = id;
    call.record.recordingIds.push(id);
    this.k.mark(call, 'recording_started', { recording: id });
    this.k.publish({ type: 'call.recording_started', at: this.k.deps.clock.now(), scope: { agentId: call.record.agentId }, callId: call.record.id, recordingId: id });
  }

  private async teardown(call: LiveCall): Promise<void> {
    const recording = call.recordingId;
    if (recording && this.k.deps.recorder) {
      call.recordingId = undefined;
      await this.k.deps.recorder.stop(call.record.id, recording);
      this.k.publish({ type: 'call.recording_stopped', at: this.k.deps.clock.now(), scope: { agentId: call.record.agentId }, callId: call.record.id, recordingId: recording });
    }
    await this.media.teardown(call);
    const record = { ...call.record, recordingIds: [...call.record.recordingIds] };
    this.k.write(call, (s) => s.saveCall(record));
  }
}
