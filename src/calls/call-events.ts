/**
 * What the toolbar, the supervisor console and the wallboard hear of a call: DomainEvents derived
 * from its transitions, scoped to the agent concerned and the queue.
 */
import type { DomainEvent, EventScope } from '../core/events.js';
import { customerNumber, type CallStateName } from './call-model.js';
import type { CallEvent } from './call-state.js';
import type { LiveCall } from './live-call.js';

interface Publisher {
  publish(event: DomainEvent): void;
  readonly deps: { clock: { now(): number } };
}

export function scopeOf(call: LiveCall, agentId?: string): EventScope {
  const scope: EventScope = {};
  if (agentId) scope.agentId = agentId;
  if (call.record.queueId) scope.queueId = call.record.queueId;
  return scope;
}

/**
 * The agents on the call in its current state: whoever talks with the customer, whose phone it
 * rings, who is consulted, who gave it away in a transfer, and the agent of the record.
 */
export function agentsOn(call: LiveCall): string[] {
  const s = call.state;
  const ids = [s.counterpart?.agentId, s.offer?.agentId, s.consult?.agentId, s.transferFrom?.agentId, call.record.agentId];
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** `before`: agentsOn(call) as it was before this step (a cancelled consultation's colleague hears it too). */
export function publishTransition(k: Publisher, call: LiveCall, event: CallEvent, from: CallStateName, to: CallStateName, before: readonly string[] = []): void {
  const at = k.deps.clock.now();
  const callId = call.record.id;
  const agentId = call.state.counterpart?.agentId;
  const base = { at, callId };
  const agentIds = [...new Set([...before, ...agentsOn(call)])];
  const stateScope = scopeOf(call);
  if (agentIds.length > 0) stateScope.agentIds = agentIds;
  k.publish({ ...base, type: 'call.state_changed', scope: stateScope, from, to, step: event.type, agentIds });
  switch (event.type) {
    case 'offer':
      screenPop(k, call, at, event.agentId);
      break;
    case 'consult_started':
      // The consulted agent's screen-pop: the same caller, IVR path and variables (the history travels).
      if (event.agentId) screenPop(k, call, at, event.agentId);
      break;
    case 'agent_answered':
    case 'customer_answered':
      if (to === 'connected') k.publish({ ...base, type: 'call.answered', scope: scopeOf(call, agentId), agentId });
      break;
    case 'hold':
      k.publish({ ...base, type: 'call.held', scope: scopeOf(call, agentId), agentId });
      break;
    case 'unhold':
      k.publish({ ...base, type: 'call.resumed', scope: scopeOf(call, agentId), agentId });
      break;
    case 'transfer_blind':
      k.publish({ ...base, type: 'call.transferred', scope: scopeOf(call, call.record.agentId), kind: 'blind', to: `${event.to}:${event.target}`, agentId: call.record.agentId });
      break;
    case 'transfer_completed':
    case 'agent_gone':
    case 'consult_answered':
      // The consulted party took the customer over: an attended transfer.
      if (to === 'connected' && (from === 'consulting' || from === 'transfer_ringing')) {
        k.publish({ ...base, type: 'call.transferred', scope: scopeOf(call, agentId), kind: 'attended', to: agentId ?? call.state.counterpart?.endpoint ?? '', agentId });
      }
      break;
    case 'conference_started':
      k.publish({ ...base, type: 'call.conference_started', scope: scopeOf(call, agentId), agentId });
      break;
    default:
      break;
  }
  if (to === 'ended') {
    k.publish({
      ...base,
      type: 'call.ended',
      scope: scopeOf(call, call.record.agentId),
      outcome: call.state.outcome ?? 'unknown',
      hungUpBy: call.state.hungUpBy ?? 'unknown',
      direction: call.record.direction,
      customer: customerNumber(call.record),
      from: call.record.from,
      to: call.record.to,
      ...(call.record.queueId ? { queueId: call.record.queueId } : {}),
      ...(call.record.agentId ? { agentId: call.record.agentId } : {}),
      startedAt: call.record.startedAt,
      ...(call.record.answeredAt !== undefined ? { answeredAt: call.record.answeredAt } : {}),
    });
  }
}

function screenPop(k: Publisher, call: LiveCall, at: number, agentId: string): void {
  k.publish({
    type: 'call.offered',
    at,
    callId: call.record.id,
    scope: scopeOf(call, agentId),
    agentId,
    contactId: call.state.contactId ?? call.record.id,
    queueId: call.record.queueId,
    from: call.record.from,
    callerName: call.record.callerName,
    customer: call.record.customer,
    ivrPath: [...call.record.ivrPath],
    variables: { ...call.record.variables },
  });
}
