/**
 * The call record as it is kept and persisted: one call, its legs, and every state transition
 * (which doubles as the timeline: ring, answer, hold, transfer, hang-up).
 */

export type CallDirection = 'inbound' | 'outbound';

export type CallStateName =
  | 'ivr'
  | 'queued'
  | 'offering'
  | 'connected'
  | 'held'
  | 'consult_ringing'
  | 'consulting'
  | 'conference'
  | 'transfer_ringing'
  | 'dialing_agent'
  | 'dialing_customer'
  | 'ended';

/**
 * How a call ended. The first seven are the inbound outcomes reports count; the outbound ones
 * describe click-to-dial calls; the ivr_* ones calls the flow finished itself; lost_on_restart
 * calls the daemon lost track of when it stopped.
 */
export const CALL_OUTCOMES = [
  'agent_answered',
  'ring_no_answer',
  'caller_quick_hangup',
  'ivr_abandon',
  'queue_abandon',
  'queue_timeout',
  'out_of_hours',
  'ivr_completed',
  'ivr_transferred',
  'outbound_answered',
  'outbound_no_answer',
  /** The number dialed was busy. */
  'outbound_busy',
  /** The number dialed could not be reached: rejected, unknown, unreachable, or the dial failed. */
  'outbound_failed',
  'outbound_agent_no_answer',
  'outbound_cancelled',
  /** The daemon stopped while the call was in progress (restart, crash) before anyone answered. */
  'lost_on_restart',
  /** The caller's flow could not run: they heard the error announcement (the IVR's safe destination). */
  'ivr_error',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Who ended the call. For outbound calls 'caller' means the customer's side. */
export type HungUpBy = 'caller' | 'agent' | 'system' | 'unknown';

export type LegRole = 'customer' | 'agent' | 'consult' | 'supervisor';

export interface CallLeg {
  /** The media-server channel id. */
  id: string;
  callId: string;
  role: LegRole;
  agentId?: string;
  /** Dialed endpoint or caller number, for the record. */
  endpoint: string;
  createdAt: number;
  ringingAt?: number;
  answeredAt?: number;
  endedAt?: number;
  hangupCause?: string;
  /** Who ended this leg: the far end, us, or unknown. */
  endedBy?: 'remote' | 'local' | 'unknown';
}

export interface CallRecord {
  id: string;
  direction: CallDirection;
  state: CallStateName;
  /** Caller number (inbound) or the agent's id side (outbound: the customer number is `to`). */
  from: string;
  to: string;
  callerName: string;
  queueId?: string;
  contactId?: string;
  /** The agent currently (or last) on the call. */
  agentId?: string;
  customer?: string;
  ivrPath: string[];
  variables: Record<string, string>;
  startedAt: number;
  answeredAt?: number;
  endedAt?: number;
  outcome?: CallOutcome;
  hungUpBy?: HungUpBy;
  recordingIds: string[];
  /** Set by the agent in wrap-up (PUT /api/calls/:id/disposition); call handling never writes it. */
  wrapUp?: CallWrapUp;
}

/**
 * The agent's wrap-up of a call: the outcome picked, as it was named then (the disposition list
 * may change later), and a note.
 */
export interface CallWrapUp {
  disposition: { id: string; code: string; label: string } | null;
  note: string | null;
  /** The agent who set it last. */
  by: string;
  at: number;
}

/**
 * The customer's number: the caller of an inbound call, the number dialed of an outbound one
 * (whose `from` is the agent). What agents' phones and consulted parties are shown, what the
 * screen-pop looks the customer up by.
 */
export function customerNumber(r: Pick<CallRecord, 'direction' | 'from' | 'to'>): string {
  return r.direction === 'inbound' ? r.from : r.to;
}

export interface CallTransition {
  callId: string;
  /** 1, 2, 3... per call: the order of the timeline. */
  seq: number;
  at: number;
  from: CallStateName;
  event: string;
  to: CallStateName;
  /** Facts about the step (agent, leg, target, cause). */
  details: Record<string, string>;
}
