/**
 * An inbound call from its first event to the queue: the call record and the customer's leg are
 * created, the IVR runs the flow for the dialed number, and its exit decides what follows (queue,
 * callback, transfer, hang-up, closed).
 */
import type { ChannelInfo } from '../pbx/port.js';
import type { CallKernel } from './call-kernel.js';
import type { IvrOutcome } from './ports.js';
import { initialInbound } from './call-state.js';
import type { LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import type { QueueEntry } from './queue-entry.js';

export class InboundFlow {
  constructor(
    private readonly kernel: CallKernel,
    private readonly media: MediaActions,
    private readonly queue: QueueEntry,
  ) {}

  async start(channel: ChannelInfo): Promise<void> {
    const k = this.kernel;
    const { clock, newId, config, ivr, log } = k.deps;
    const now = clock.now();
    const callId = newId();
    const call = k.create(
      {
        id: callId,
        direction: 'inbound',
        state: 'ivr',
        from: channel.callerNumber,
        to: channel.dialedNumber,
        callerName: channel.callerName,
        ivrPath: [],
        variables: {},
        startedAt: now,
        recordingIds: [],
      },
      initialInbound(now, channel.id, config.quickHangupMs),
    );
    k.addLeg(call, { id: channel.id, role: 'customer', endpoint: channel.callerNumber });
    call.customerChannel = channel;
    if (channel.state === 'up') call.customerAnswered = true;
    k.publish({ type: 'call.started', at: now, scope: {}, callId, direction: 'inbound', from: channel.callerNumber, to: channel.dialedNumber });
    let outcome: IvrOutcome;
    try {
      outcome = await ivr.run({
        callId,
        channelId: channel.id,
        channel,
        did: channel.dialedNumber,
        callerNumber: channel.callerNumber,
        callerName: channel.callerName,
        variables: { ...channel.variables },
        working: (work) => k.working(work),
      });
    } catch (err) {
      log.error({ callId, err }, 'the IVR failed');
      outcome = { kind: 'failed' as const, reason: String(err), path: [], variables: {} };
    }
    await k.working(this.afterIvr(call, outcome, channel));
  }

  /** The flow's exit decides what follows; it needs nobody, so settle() waits for it. */
  private async afterIvr(call: LiveCall, outcome: IvrOutcome, channel: ChannelInfo): Promise<void> {
    const k = this.kernel;
    const { clock } = k.deps;
    call.record.ivrPath = outcome.path;
    call.record.variables = outcome.variables;
    if (call.state.name !== 'ivr') return;
    switch (outcome.kind) {
      case 'queue':
        if (outcome.customer) call.record.customer = outcome.customer;
        await this.queue.enter(call, outcome.target);
        return;
      case 'closed':
        k.dispatch(call, { type: 'closed' }, {});
        return;
      case 'caller_gone':
        k.dispatch(call, { type: 'customer_gone', at: clock.now() }, { cause: 'ivr' });
        return;
      case 'transfer':
        if (!outcome.handled) await this.media.tolerant('redirect', call, () => k.deps.pbx.redirect(channel.id, outcome.target));
        k.dispatch(call, { type: 'ivr_finished', how: 'transfer' }, {});
        return;
      case 'callback':
        await this.callback(call, outcome.queueId, outcome.number);
        return;
      case 'hangup':
        k.dispatch(call, { type: 'ivr_finished', how: 'hangup' }, {});
        return;
      case 'failed':
        k.dispatch(call, { type: 'ivr_finished', how: 'error' }, { reason: outcome.reason });
        return;
    }
  }

  /** Virtual hold: the engine keeps the caller's place and an agent will call them back. */
  private async callback(call: LiveCall, queueId: string, number: string): Promise<void> {
    const k = this.kernel;
    try {
      const { contactId } = await k.deps.routing.enqueue({
        contactId: call.record.id,
        callId: call.record.id,
        queueId,
        media: 'callback',
        priority: 0,
        skills: [],
        attributes: { ...call.record.variables },
        callbackNumber: number,
      });
      k.mark(call, 'callback_requested', { contact: contactId, number });
    } catch (err) {
      k.deps.log.warn({ callId: call.record.id, err }, 'the callback request was refused');
    }
    k.dispatch(call, { type: 'ivr_finished', how: 'hangup' }, { callback: number });
  }
}
