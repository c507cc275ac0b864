/**
 * Ringing an agent's phone for an engine offer: the one place the agent leg is originated, for the
 * call machine's own offer and for the extra legs of a ring-all. The routing engine owns the
 * no-answer deadline (it withdraws the offer with reason `no_answer` when its timer fires), so the
 * originate timeout is only a safety margin behind it: the engine decides, never a race of clocks.
 */
import type { EndpointRef } from '../pbx/port.js';
import { customerNumber } from './call-model.js';
import type { CallKernel } from './call-kernel.js';
import type { LiveCall } from './live-call.js';
import type { RoutingOffer } from './ports.js';

/** How long the media server may keep ringing after the engine's deadline before it gives up itself. */
export const ORIGINATE_SAFETY_MARGIN_MS = 5_000;

/** How a phone shows on a leg record and the timeline. */
export function endpointLabel(phone: EndpointRef): string {
  return phone.kind === 'phone' ? phone.name : phone.kind === 'number' ? phone.number : phone.dialString;
}

export interface AgentLeg {
  legId: string;
  endpoint: string;
  /** Settles when the media server took (or refused) the originate. */
  originated: Promise<unknown>;
}

/** Originate first (nothing awaited before it: the INVITE leaves at once), then record the leg. */
export function ringAgent(k: CallKernel, call: LiveCall, offer: Pick<RoutingOffer, 'agentId' | 'ringTimeoutMs'>, phone: EndpointRef): AgentLeg {
  const legId = k.deps.newId();
  const originated = k.deps.pbx.originate({
    endpoint: phone,
    channelId: legId,
    timeoutMs: offer.ringTimeoutMs + ORIGINATE_SAFETY_MARGIN_MS,
    callerIdNumber: customerNumber(call.record),
    callerIdName: call.record.callerName,
    variables: { SWITCHBOARD_CALL_ID: call.record.id, SWITCHBOARD_ROLE: 'agent' },
  });
  const endpoint = endpointLabel(phone);
  k.addLeg(call, { id: legId, role: 'agent', agentId: offer.agentId, endpoint });
  return { legId, endpoint, originated };
}
