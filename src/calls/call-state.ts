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
 *                           └──contact_changed (self)
 *
 *   connected|held ──consult_started──▶ consult_ringing ──consult_answered──▶ consulting
 *   consult_ringing|consulting ──consult_cancelled──▶ connected
 *   consult_ringing|consulting ──consult_gone──▶ connected     (back with the agent)
 *   consulting ──transfer_completed──▶ connected                 (the consulted party takes over)
 *   consulting ──conference_started──▶ conference ──consult_gone / agent_gone──▶ connected
 *   consult_ringing ──agent_gone──▶ transfer_ringing ──consult_answered──▶ connected
 *   consulting ──agent_gone──▶ connected                         (the agent left: transfer completes)
 *   any live state ──customer_gone / agent_gone / released──▶ ended
 *
 * Outbound (click-to-dial): dialing_agent ──agent_answered──▶ dialing_customer
 *   ──customer_answered──▶ connected, then the same controls as inbound.
 */
import { AppError } from '../core/errors.js';
import type { CallDirection, CallOutcome, CallStateName, HungUpBy } from './call-model.js';

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
  contactId?: string;
  queueId?: string;
  /** At least one agent (or, outbound, the customer) answered. */
  everAnswered: boolean;
  outcome?: CallOutcome;
  hungUpBy?: HungUpBy;
}

export type CallEvent =
  | { type: 'queue_entered'; contactId: string; queueId: string }
  | { type: 'contact_changed'; contactId: string; queueId: string }
  | { type: 'closed' }
  | { type: 'ivr_finished'; how: 'hangup' | 'transfer' }
  | { type: 'customer_gone'; at: number }
  | { type: 'offer'; offerId: string; agentId: string; legId: string; contactId: string; endpoint: string }
  | { type: 'agent_answered' }
  | { type: 'agent_failed'; reason: 'no_answer' | 'rejected' | 'failed' }
  | { type: 'offer_withdrawn' }
  | { type: 'queue_exit'; reason: 'timeout' | 'closed' | 'other' }
  | { type: 'customer_dialed'; legId: string; endpoint: string }
  | { type: 'customer_answered' }
  | { type: 'hold' }
  | { type: 'unhold' }
  | { type: 'agent_gone' }
  | { type: 'transfer_blind'; to: 'queue' | 'agent' | 'external'; target: string }
  | { type: 'consult_started'; legId: string; agentId?: string; target: string; endpoint: string }
  | { type: 'consult_answered' }
  | { type: 'consult_gone' }
  | { type: 'consult_cancelled' }
  | { type: 'transfer_completed' }
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
  | { kind: 'requeue'; to: 'queue' | 'agent'; target: string }
  | { kind: 'redirect_customer'; target: string }
  | { kind: 'dial_customer' }
  /** Play a closing prompt to the customer (before its hang-up effect). */
  | { kind: 'farewell'; prompt: 'closed' | 'queueTimeout' }
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
    queue_exit: ['ended'],
    customer_gone: ['ended'],
    released: ['ended'],
  },
  offering: {
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
  return { state: next, effects, from: state.name, to: next.name };
}

interface Step {
  next: CallState;
  effects: CallEffect[];
}

function step(s: CallState, e: CallEvent): Step {
  switch (e.type) {
    case 'queue_entered':
    case 'contact_changed':
      return { next: { ...s, name: 'queued', contactId: e.contactId, queueId: e.queueId }, effects: [] };
    case 'closed':
      return end(s, 'out_of_hours', 'system', [
        ...offerLegHangup(s),
        { kind: 'farewell', prompt: 'closed' },
        { kind: 'hangup', legId: s.customerLegId ?? '' },
      ]);
    case 'ivr_finished':
      return end(s, e.how === 'hangup' ? 'ivr_completed' : 'ivr_transferred', 'system', [
        { kind: 'hangup', legId: s.customerLegId ?? '' },
      ]);
    case 'customer_gone':
      return customerGone(s, e.at, 'caller');
    case 'offer':
      return {
        next: { ...s, name: 'offering', offer: { offerId: e.offerId, agentId: e.agentId, legId: e.legId, contactId: e.contactId } },
        effects: [],
      };
    case 'agent_answered':
      return agentAnswered(s);
    case 'agent_failed':
      if (s.name === 'dialing_agent') return end(s, 'outbound_agent_no_answer', 'agent', contactEnded(s));
      return { next: { ...s, name: 'queued', offer: undefined }, effects: offerFailed(s, e.reason) };
    case 'offer_withdrawn':
      return { next: { ...s, name: 'queued', offer: undefined }, effects: offerLegHangup(s) };
    case 'queue_exit':
      return end(s, e.reason === 'closed' ? 'out_of_hours' : 'queue_timeout', 'system', [
        ...offerLegHangup(s),
        { kind: 'farewell', prompt: e.reason === 'closed' ? 'closed' : 'queueTimeout' },
        { kind: 'hangup', legId: s.customerLegId ?? '' },
      ]);
    case 'customer_dialed':
      return { next: { ...s, customerLegId: e.legId }, effects: [] };
    case 'customer_answered':
      return {
        next: { ...s, name: 'connected', everAnswered: true },
        effects: [{ kind: 'bridge', legIds: [s.counterpart?.legId ?? ''] }, { kind: 'start_recording' }],
      };
    case 'hold':
      return { next: { ...s, name: 'held' }, effects: [{ kind: 'hold_leg', legId: s.counterpart?.legId ?? '' }] };
    case 'unhold':
      return { next: { ...s, name: 'connected' }, effects: [{ kind: 'unhold_leg', legId: s.counterpart?.legId ?? '' }] };
    case 'agent_gone':
      return agentGone(s);
    case 'transfer_blind':
      return blindTransfer(s, e.to, e.target);
    case 'consult_started':
      return {
        next: {
          ...s,
          name: 'consult_ringing',
          consult: { legId: e.legId, agentId: e.agentId, endpoint: e.endpoint, target: e.target },
        },
        // The customer waits with music while the agent talks to the consulted party.
        effects: s.name === 'held' ? [{ kind: 'unhold_leg', legId: s.counterpart?.legId ?? '' }, { kind: 'to_holding' }] : [{ kind: 'to_holding' }],
      };
    case 'consult_answered':
      if (s.name === 'transfer_ringing') return takeOver(s, []);
      return { next: { ...s, name: 'consulting' }, effects: [{ kind: 'join_talk', legId: s.consult?.legId ?? '' }] };
    case 'consult_gone':
      if (s.name === 'conference') return { next: { ...s, name: 'connected', consult: undefined }, effects: [] };
      if (s.name === 'transfer_ringing') {
        return end({ ...s, consult: undefined }, 'agent_answered', 'system', [
          { kind: 'hangup', legId: s.customerLegId ?? '' },
          ...contactEnded(s),
        ]);
      }
      return { next: { ...s, name: 'connected', consult: undefined }, effects: [{ kind: 'bridge', legIds: [] }] };
    case 'consult_cancelled':
      return {
        next: { ...s, name: 'connected', consult: undefined },
        effects: [{ kind: 'hangup', legId: s.consult?.legId ?? '' }, { kind: 'bridge', legIds: [] }],
      };
    case 'transfer_completed':
      return takeOver(s, [{ kind: 'hangup', legId: s.counterpart?.legId ?? '' }]);
    case 'conference_started':
      return { next: { ...s, name: 'conference' }, effects: [{ kind: 'bridge', legIds: [] }] };
    case 'released':
      return customerGone(s, Number.POSITIVE_INFINITY, 'system');
  }
}

/**
 * The customer's side ends: they hung up (`by` caller, the customer leg is already gone) or the
 * system releases the call (`by` system: every leg, the customer's included, is hung up).
 */
function customerGone(s: CallState, at: number, by: HungUpBy): Step {
  const quick = by === 'caller' && !s.everAnswered && at - s.startedAt < s.quickHangupMs;
  const legs = allLegHangups(s).filter((h) => by === 'system' || h.legId !== s.customerLegId);
  switch (s.name) {
    case 'ivr':
      return end(s, quick ? 'caller_quick_hangup' : by === 'system' ? 'ivr_completed' : 'ivr_abandon', by, legs);
    case 'queued':
      return end(s, quick ? 'caller_quick_hangup' : 'queue_abandon', by, [...legs, ...abandon(s)]);
    case 'offering':
      return end(s, quick ? 'caller_quick_hangup' : 'ring_no_answer', by, [...legs, ...abandon(s)]);
    case 'dialing_customer':
      return end(s, 'outbound_no_answer', by, [...legs, ...contactEnded(s)]);
    default:
      return end(s, outcomeIfEndedNow(s), by, [...legs, ...contactEnded(s)]);
  }
}

function agentAnswered(s: CallState): Step {
  if (s.name === 'dialing_agent') return { next: { ...s, name: 'dialing_customer' }, effects: [{ kind: 'dial_customer' }] };
  const offer = s.offer;
  if (!offer) throw new AppError('INTERNAL', 'offering without an offer');
  return {
    next: {
      ...s,
      name: 'connected',
      everAnswered: true,
      offer: undefined,
      contactId: offer.contactId,
      counterpart: { legId: offer.legId, agentId: offer.agentId, endpoint: '' },
    },
    // The service reported the acceptance to the routing engine before this event.
    effects: [
      { kind: 'bridge', legIds: [offer.legId] },
      { kind: 'start_recording' },
    ],
  };
}

function agentGone(s: CallState): Step {
  const agentId = s.counterpart?.agentId;
  switch (s.name) {
    case 'dialing_agent':
      return end(s, 'outbound_agent_no_answer', 'agent', contactEnded(s));
    case 'dialing_customer':
      return end(s, 'outbound_cancelled', 'agent', [...allLegHangups(s), ...contactEnded(s)]);
    case 'consult_ringing':
      // The agent's leg is gone but the contact stays theirs until the consulted party answers.
      return { next: { ...s, name: 'transfer_ringing', counterpart: { legId: '', agentId, endpoint: '' } }, effects: [] };
    case 'consulting':
    case 'conference':
      // The agent leaving a consultation completes the transfer, as desk phones do.
      return takeOver({ ...s, counterpart: { legId: '', agentId, endpoint: '' } }, []);
    default:
      return end(s, outcomeIfEndedNow(s), 'agent', [...allLegHangups(s), ...contactEnded(s)]);
  }
}

/** The consulted party becomes the customer's counterpart; the agent's contact passes to them. */
function takeOver(s: CallState, extra: CallEffect[]): Step {
  const consult = s.consult;
  if (!consult) throw new AppError('INTERNAL', 'take-over without a consulted party');
  const from = s.counterpart?.agentId;
  const effects: CallEffect[] = [...extra];
  if (s.contactId && from && consult.agentId) {
    effects.push({ kind: 'hand_over', contactId: s.contactId, fromAgentId: from, toAgentId: consult.agentId });
  } else if (s.contactId && from) {
    effects.push({ kind: 'contact_ended', contactId: s.contactId, agentId: from });
  }
  effects.push({ kind: 'bridge', legIds: [consult.legId] });
  return {
    next: { ...s, name: 'connected', counterpart: { legId: consult.legId, agentId: consult.agentId, endpoint: consult.endpoint }, consult: undefined },
    effects,
  };
}

function blindTransfer(s: CallState, to: 'queue' | 'agent' | 'external', target: string): Step {
  const agentLeg = s.counterpart?.legId;
  const hangAgent: CallEffect[] = agentLeg ? [{ kind: 'hangup', legId: agentLeg }] : [];
  const unhold: CallEffect[] = s.name === 'held' && agentLeg ? [{ kind: 'unhold_leg', legId: agentLeg }] : [];
  if (to === 'external') {
    return end(s, outcomeIfEndedNow(s), 'system', [...unhold, { kind: 'redirect_customer', target }, ...hangAgent, ...contactEnded(s)]);
  }
  return {
    next: { ...s, name: 'queued', counterpart: undefined },
    effects: [...unhold, { kind: 'to_holding' }, ...hangAgent, ...contactEnded(s), { kind: 'requeue', to, target }],
  };
}

function outcomeIfEndedNow(s: CallState): CallOutcome {
  if (s.direction === 'outbound') return s.everAnswered ? 'outbound_answered' : 'outbound_cancelled';
  if (s.everAnswered) return 'agent_answered';
  if (s.name === 'ivr') return 'ivr_completed';
  return s.name === 'offering' ? 'ring_no_answer' : 'queue_abandon';
}

function end(s: CallState, outcome: CallOutcome, by: HungUpBy, effects: CallEffect[]): Step {
  return {
    next: { ...s, name: 'ended', outcome, hungUpBy: by, offer: undefined },
    effects: [...effects.filter((e) => !('legId' in e && e.legId === '')), { kind: 'teardown' }],
  };
}

function abandon(s: CallState): CallEffect[] {
  return s.contactId ? [{ kind: 'abandon', contactId: s.contactId }] : [];
}

function contactEnded(s: CallState): CallEffect[] {
  const agentId = s.counterpart?.agentId;
  return s.contactId && agentId ? [{ kind: 'contact_ended', contactId: s.contactId, agentId }] : [];
}

function offerLegHangup(s: CallState): CallEffect[] {
  return s.offer ? [{ kind: 'hangup', legId: s.offer.legId }] : [];
}

function offerFailed(s: CallState, reason: 'no_answer' | 'rejected' | 'failed'): CallEffect[] {
  return s.offer ? [{ kind: 'hangup', legId: s.offer.legId }, { kind: 'offer_failed', offerId: s.offer.offerId, reason }] : [];
}

function allLegHangups(s: CallState): { kind: 'hangup'; legId: string }[] {
  const legs = [s.customerLegId, s.counterpart?.legId, s.offer?.legId, s.consult?.legId].filter(
    (l): l is string => typeof l === 'string' && l !== '',
  );
  return [...new Set(legs)].map((legId) => ({ kind: 'hangup' as const, legId }));
}
