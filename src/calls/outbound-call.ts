/**
 * Outbound calls start here: click-to-dial and callbacks the routing engine offers. The agent's
 * phone is originated first, synchronously; the customer's number is dialed once it answers.
 */
import type { EndpointRef } from '../pbx/port.js';
import type { CallKernel } from './call-kernel.js';
import { initialOutbound } from './call-state.js';
import type { LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import { endpointLabel, ORIGINATE_SAFETY_MARGIN_MS } from './agent-leg.js';

/** The call variable holding the caller id the customer is shown (click-to-dial's choice). */
export const OUTBOUND_CALLER_ID = 'outbound_caller_id';

export interface OutboundStart {
  callId: string;
  agentId: string;
  phone: EndpointRef;
  number: string;
  contactId: string;
  ringTimeoutMs: number;
  /** Set for a callback: the engine's offer, accepted when the agent's phone answers. */
  callbackOfferId?: string;
  variables?: Record<string, string>;
}

export function startOutboundCall(k: CallKernel, media: MediaActions, o: OutboundStart): LiveCall {
  const { pbx, clock, newId } = k.deps;
  const legId = newId();
  const originated = pbx.originate({
    endpoint: o.phone,
    channelId: legId,
    // A callback's ring deadline is the engine's (it withdraws the offer): this is only a margin.
    timeoutMs: o.callbackOfferId ? o.ringTimeoutMs + ORIGINATE_SAFETY_MARGIN_MS : o.ringTimeoutMs,
    callerIdNumber: o.number,
    variables: { SWITCHBOARD_CALL_ID: o.callId, SWITCHBOARD_ROLE: 'agent' },
  });
  const now = clock.now();
  const endpoint = endpointLabel(o.phone);
  const state = initialOutbound(now, { legId, agentId: o.agentId, endpoint }, o.contactId);
  if (o.callbackOfferId) state.callbackOfferId = o.callbackOfferId;
  const call = k.create(
    {
      id: o.callId,
      direction: 'outbound',
      state: 'dialing_agent',
      from: o.agentId,
      to: o.number,
      callerName: '',
      agentId: o.agentId,
      contactId: o.contactId,
      ivrPath: [],
      variables: { ...o.variables },
      startedAt: now,
      recordingIds: [],
    },
    state,
  );
  k.addLeg(call, { id: legId, role: 'agent', agentId: o.agentId, endpoint });
  k.publish({ type: 'call.started', at: now, scope: { agentId: o.agentId }, callId: o.callId, direction: 'outbound', from: o.agentId, to: o.number });
  // Click-to-dial has no engine offer: its ring deadline is ours.
  if (!o.callbackOfferId) {
    call.ringTimer = clock.setTimeout(() => {
      if (call.state.name === 'dialing_agent') void media.hangup(call, legId); // MediaActions never rejects
    }, o.ringTimeoutMs);
  }
  originated.catch(() => {
    k.legRefused(call, legId);
    if (call.state.name === 'dialing_agent') k.dispatch(call, { type: 'agent_failed', reason: 'failed' }, { leg: legId, cause: 'originate_failed' });
  });
  return call;
}
