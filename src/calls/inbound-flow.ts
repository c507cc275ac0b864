/**
 * An inbound call from its first event to the queue: the call record and the customer's leg are
 * created, the IVR runs the flow for the dialed number, and its exit decides what follows (queue,
 * callback, transfer, hang-up, closed).
 */
import type { ChannelInfo } from '../pbx/port.js';
import type { CallKernel } from './call-kernel.js';
import type { CallerRouting, IvrOutcome, QueueTarget } from './ports.js';
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
    // The CRM is asked while the IVR plays, so its answer (bounded by its own time limit) is
    // usually there before the caller reaches the queue and adds no wait at all.
    const crm = this.askCrm(callId, channel.callerNumber);
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
    await k.working(this.afterIvr(call, outcome, channel, crm));
  }

  private askCrm(callId: string, callerNumber: string): Promise<CallerRouting | undefined> | undefined {
    const ask = this.kernel.deps.callerRouting;
    if (!ask || callerNumber === '') return undefined;
    // The port answers undefined for every failure it knows; anything else is a bug, logged here.
    return ask(callerNumber).catch((err: unknown) => {
      this.kernel.deps.log.error({ callId, err }, 'the CRM routing failed unexpectedly: the caller goes on as the flow said');
      return undefined;
    });
  }

  /** The flow's exit decides what follows; it needs nobody, so settle() waits for it. */
  private async afterIvr(call: LiveCall, outcome: IvrOutcome, channel: ChannelInfo, crm?: Promise<CallerRouting | undefined>): Promise<void> {
    const k = this.kernel;
    const { clock } = k.deps;
    call.record.ivrPath = outcome.path;
    call.record.variables = outcome.variables;
    if (call.state.name !== 'ivr') return;
    switch (outcome.kind) {
      case 'queue':
        if (outcome.customer) call.record.customer = outcome.customer;
        await this.queue.enter(call, withCrm(outcome.target, crm ? await crm : undefined));
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

/** The flow's queue with the CRM's routing applied: its queue, a priority never lowered, its attributes. */
function withCrm(target: QueueTarget, routing: CallerRouting | undefined): QueueTarget {
  if (!routing) return target;
  return {
    ...target,
    queueId: routing.queueId ?? target.queueId,
    priority: Math.max(target.priority, routing.priority ?? 0),
    attributes: { ...target.attributes, ...routing.attributes },
  };
}
