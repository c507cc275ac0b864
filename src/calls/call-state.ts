/**
 * The call state machine: one state per real situation of the customer's leg, pure, with an
 * explicit transition table. Services apply the returned effects through the ports.
 *
 * Inbound:
 *
 *   ivr ──queue_entered──▶ queued ──offer──▶ offering ──agent_answered──▶ connected ◀──unhold── held
 *    │                      ▲  │               │  │                        │  │ └──────hold──────▶ │
 *    │ closed/ivr_finished  │  │ queue_exit    │  └─agent_failed/          │  └─transfer_blind(queue|agent)──▶ queued
 *    │ customer_gone        │  ▼               │    offer_withdrawn──▶ queued
 *    ▼                      │ ended            ▼ customer_gone / queue_exit
 *   ended                   │                 ended
 *                           └──contact_changed (self; also in offering)
 *
 *   Blind transfer to a named agent: connected|held ──transfer_blind(agent)──▶ queued, the caller
 *   in the holding bridge and the transferring agent still on the line (transferFrom) until the
 *   engine answers: contact_changed releases that agent; transfer_refused ──▶ connected, the caller
 *   back with them. A refused enqueue on entry ends the call: queued ──closed / queue_exit──▶ ended.
 *
 *   connected|held ──consult_started──▶ consult_ringing ──consult_answered──▶ consulting
 *   consult_ringing|consulting ──consult_cancelled──▶ connected
 *   consult_ringing|consulting ──consult_gone──▶ connected     (back with the agent)
 *   consulting ──transfer_completed──▶ connected                 (the consulted party takes over)
 *   consulting ──conference_started──▶ conference ──consult_gone / agent_gone──▶ connected
 *   consult_ringing ──agent_gone──▶ transfer_ringing ──consult_answered──▶ connected
 *   consulting ──agent_gone──▶ connected                         (the agent left: transfer completes)
 *   any live state ──customer_gone / agent_gone / released──▶ ended
 *   connected|held ──agent_gone──▶ ended, with a post-call survey for the customer instead of a
 *     hang-up when the IVR named one (postCallSurvey); never after customer_gone or released.
 *
 * Outbound (click-to-dial): dialing_agent ──agent_answered──▶ dialing_customer
 *   ──customer_answered──▶ connected, then the same controls as inbound.
 */
import { AppError } from '../core/errors.js';
import type { HangupCause } from '../pbx/port.js';
import type { CallDirection, CallOutcome, CallStateName, HungUpBy } from './call-model.js';
import { step } from './call-steps.js';

export interface Party {
  legId: string;
  /** Absent when the party is an external number. */
  agentId?: string;
  endpoint: string;
}

export interface CallState {
  name: CallStateName;
  direction: CallDirection;
  startedAt: number;
  /** A caller who hangs up before this many ms (and before any agent answered) is a quick hang-up. */
  quickHangupMs: number;
  customerLegId?: string;
  /** Who the customer talks with: the agent, or whoever took over after a transfer. */
  counterpart?: Party;
  offer?: { offerId: string; agentId: string; legId: string; contactId: string };
  consult?: Party & { target: string };
  /** Blind transfer to a named agent in flight: who gave the caller away, with the contact they had. */
  transferFrom?: Party & { contactId: string };
  contactId?: string;
  queueId?: string;
  /** A callback the engine offered: accepted when the agent answers, reported failed otherwise. */
  callbackOfferId?: string;
  /** At least one agent (or, outbound, the customer) answered. */
  everAnswered: boolean;
  /** The survey flow the caller hears when the agent leaves first (the IVR's `post_call_survey`). */
  postCallSurvey?: string;
  outcome?: CallOutcome;
  hungUpBy?: HungUpBy;
}

export type CallEvent =
  | { type: 'queue_entered'; contactId: string; queueId: string; survey?: string }
  | { type: 'contact_changed'; contactId: string; queueId: string }
  | { type: 'closed' }
  | { type: 'ivr_finished'; how: 'hangup' | 'transfer' | 'error' }
  /** byPbx: the PBX ended the leg itself (dead media, a lost channel), not the person: hung up by 'system'. */
  | { type: 'customer_gone'; at: number; byPbx?: boolean; cause?: HangupCause }
  | { type: 'offer'; offerId: string; agentId: string; legId: string; contactId: string; endpoint: string }
  | { type: 'agent_answered' }
  | { type: 'agent_failed'; reason: 'no_answer' | 'rejected' | 'failed' }
  | { type: 'offer_withdrawn' }
  | { type: 'queue_exit'; reason: 'timeout' | 'closed' | 'other' }
  | { type: 'customer_dialed'; legId: string; endpoint: string }
  | { type: 'customer_answered' }
  | { type: 'hold' }
  | { type: 'unhold' }
  | { type: 'agent_gone'; byPbx?: boolean }
  | { type: 'transfer_blind'; to: 'queue' | 'agent' | 'external'; target: string }
  | { type: 'consult_started'; legId: string; agentId?: string; target: string; endpoint: string }
  | { type: 'consult_answered' }
  | { type: 'consult_gone' }
  | { type: 'consult_cancelled' }
  | { type: 'transfer_completed' }
  /** The engine would not take a blind transfer to a named agent: the caller goes back to transferFrom. */
  | { type: 'transfer_refused' }
  | { type: 'conference_started' }
  | { type: 'released' };

export type CallEventType = CallEvent['type'];

/** What the service must do after a transition, in order. */
export type CallEffect =
  | { kind: 'hangup'; legId: string }
  /** Customer leg out of the talk bridge, into the holding bridge with music on hold. */
  | { kind: 'to_holding' }
  /** Customer (and these legs) into the talk bridge, music off. */
  | { kind: 'bridge'; legIds: string[] }
  /** Another leg into the talk bridge, the customer staying where they are (consultation). */
  | { kind: 'join_talk'; legId: string }
  | { kind: 'hold_leg'; legId: string }
  | { kind: 'unhold_leg'; legId: string }
  | { kind: 'offer_failed'; offerId: string; reason: 'no_answer' | 'rejected' | 'failed' }
  | { kind: 'abandon'; contactId: string }
  | { kind: 'contact_ended'; contactId: string; agentId: string }
  | { kind: 'hand_over'; contactId: string; fromAgentId: string; toAgentId: string }
  /** The consulted agent is busy with this consultation in the routing engine (see consultHolds). */
  | { kind: 'consult_held'; agentId: string; contactId: string }
  | { kind: 'consult_freed'; agentId: string; contactId: string }
  | { kind: 'requeue'; to: 'queue' | 'agent'; target: string }
  | { kind: 'redirect_customer'; target: string }
  | { kind: 'dial_customer' }
  /** Play a closing prompt to the customer (before its hang-up effect). */
  | { kind: 'farewell'; prompt: 'closed' | 'queueTimeout' | 'ivrError' }
  /** The customer leaves the bridges, hears the survey flow, then is hung up (instead of a plain hangup). */
  | { kind: 'post_call_survey'; legId: string; flow: string }
  | { kind: 'start_recording' }
  | { kind: 'teardown' };

/** Every allowed `from -event-> to`; the reducer refuses anything else. */
export const TRANSITIONS: Record<CallStateName, Partial<Record<CallEventType, CallStateName[]>>> = {
  ivr: {
    queue_entered: ['queued'],
    queue_exit: ['ended'],
    closed: ['ended'],
    ivr_finished: ['ended'],
    customer_gone: ['ended'],
    released: ['ended'],
  },
  queued: {
    offer: ['offering'],
    contact_changed: ['queued'],
    transfer_refused: ['connected', 'ended'],
    closed: ['ended'],
    queue_exit: ['ended'],
    customer_gone: ['ended'],
    released: ['ended'],
  },
  offering: {
    contact_changed: ['offering'],
    agent_answered: ['connected'],
    agent_failed: ['queued'],
    offer_withdrawn: ['queued'],
    queue_exit: ['ended'],
    customer_gone: ['ended'],
    released: ['ended'],
  },
  connected: {
    hold: ['held'],
    agent_gone: ['ended'],
    customer_gone: ['ended'],
    transfer_blind: ['queued', 'ended'],
    consult_started: ['consult_ringing'],
    released: ['ended'],
  },
  held: {
    unhold: ['connected'],
    agent_gone: ['ended'],
    customer_gone: ['ended'],
    transfer_blind: ['queued', 'ended'],
    consult_started: ['consult_ringing'],
    released: ['ended'],
  },
  consult_ringing: {
    consult_answered: ['consulting'],
    consult_gone: ['connected'],
    consult_cancelled: ['connected'],
    agent_gone: ['transfer_ringing'],
    customer_gone: ['ended'],
    released: ['ended'],
  },
  consulting: {
    consult_gone: ['connected'],
    consult_cancelled: ['connected'],
    transfer_completed: ['connected'],
    conference_started: ['conference'],
    agent_gone: ['connected'],
    customer_gone: ['ended'],
    released: ['ended'],
  },
  conference: { consult_gone: ['connected'], agent_gone: ['connected'], customer_gone: ['ended'], released: ['ended'] },
  transfer_ringing: { consult_answered: ['connected'], consult_gone: ['ended'], customer_gone: ['ended'], released: ['ended'] },
  dialing_agent: { agent_answered: ['dialing_customer'], agent_failed: ['ended'], agent_gone: ['ended'], released: ['ended'] },
  dialing_customer: {
    customer_dialed: ['dialing_customer'],
    customer_answered: ['connected'],
    customer_gone: ['ended'],
    agent_gone: ['ended'],
    released: ['ended'],
  },
  ended: {},
};

export function canApply(state: CallState, type: CallEventType): boolean {
  return TRANSITIONS[state.name][type] !== undefined;
}

export interface Transition {
  state: CallState;
  effects: CallEffect[];
  from: CallStateName;
  to: CallStateName;
}

export function initialInbound(at: number, customerLegId: string, quickHangupMs: number): CallState {
  return { name: 'ivr', direction: 'inbound', startedAt: at, quickHangupMs, customerLegId, everAnswered: false };
}

export function initialOutbound(at: number, agent: Party, contactId: string): CallState {
  return {
    name: 'dialing_agent',
    direction: 'outbound',
    startedAt: at,
    quickHangupMs: 0,
    counterpart: agent,
    contactId,
    everAnswered: false,
  };
}

/** Apply one event. Throws INVALID_TRANSITION for an event the current state does not allow. */
export function reduce(state: CallState, event: CallEvent): Transition {
  const allowed = TRANSITIONS[state.name][event.type];
  if (!allowed) {
    throw new AppError('INVALID_TRANSITION', `A call in state ${state.name} cannot take ${event.type}`, {
      state: state.name,
      event: event.type,
    });
  }
  const { next, effects } = step(state, event);
  if (!allowed.includes(next.name)) {
    throw new AppError('INTERNAL', `Call reducer produced ${state.name} -${event.type}-> ${next.name}`);
  }
  const holds = consultHolds(state, next);
  if (holds.length === 0) return { state: next, effects, from: state.name, to: next.name };
  // Teardown stays the last effect of an ended call: the engine hears about the colleague first.
  const last = effects.at(-1);
  const ordered = last?.kind === 'teardown' ? [...effects.slice(0, -1), ...holds, last] : [...effects, ...holds];
  return { state: next, effects: ordered, from: state.name, to: next.name };
}

/**
 * The routing engine keeps a consulted agent busy for exactly as long as a live call has them as
 * its consulted party: one rule over every transition instead of one per event that starts or
 * ends a consultation. Freeing comes after the step's own effects, so a take-over's hand_over
 * reaches the engine first (the engine then has nothing left to free).
 */
function consultHolds(prev: CallState, next: CallState): CallEffect[] {
  const before = consultedParty(prev);
  const after = consultedParty(next);
  if (before?.agentId === after?.agentId && before?.contactId === after?.contactId) return [];
  return [
    ...(before ? [{ kind: 'consult_freed' as const, ...before }] : []),
    ...(after ? [{ kind: 'consult_held' as const, ...after }] : []),
  ];
}

function consultedParty(s: CallState): { agentId: string; contactId: string } | undefined {
  const c = s.consult;
  if (!c?.agentId || s.name === 'ended') return undefined;
  // A call without a routing contact (rare: an internal call) still holds the agent, under its leg.
  return { agentId: c.agentId, contactId: s.contactId ?? `consult:${c.legId}` };
}
