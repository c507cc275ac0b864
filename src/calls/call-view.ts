import type { CallLeg, CallStateName } from './call-model.js';
import type { LiveCall } from './live-call.js';

/** A live call as the toolbar and the supervisor console see it. */
export interface CallInfoLike {
  id: string;
  direction: 'inbound' | 'outbound';
  state: CallStateName;
  from: string;
  to: string;
  callerName: string;
  agentId?: string;
  queueId?: string;
  contactId?: string;
  customer?: string;
  ivrPath: string[];
  variables: Record<string, string>;
  startedAt: number;
  answeredAt?: number;
  muted: boolean;
  recording: boolean;
  recordingPaused: boolean;
  /** The party being consulted in an attended transfer. */
  consultTarget?: string;
  legs: CallLeg[];
}

export function toView(call: LiveCall): CallInfoLike {
  const r = call.record;
  return {
    id: r.id,
    direction: r.direction,
    state: call.state.name,
    from: r.from,
    to: r.to,
    callerName: r.callerName,
    agentId: call.state.counterpart?.agentId ?? call.state.offer?.agentId,
    queueId: r.queueId,
    contactId: r.contactId,
    customer: r.customer,
    ivrPath: [...r.ivrPath],
    variables: { ...r.variables },
    startedAt: r.startedAt,
    answeredAt: r.answeredAt,
    muted: call.muted,
    recording: call.recordingId !== undefined,
    recordingPaused: call.recordingPaused,
    consultTarget: call.state.consult?.target,
    legs: [...call.legs.values()].map((l) => ({ ...l })),
  };
}
