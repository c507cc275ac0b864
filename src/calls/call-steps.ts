/**
 * The transitions of the call machine (see the diagram in call-state.ts): for each event, the next
 * state and the effects. `reduce` in call-state.ts checks every result against TRANSITIONS.
 */
import { AppError } from '../core/errors.js';
import type { HangupCause } from '../pbx/port.js';
import type { CallOutcome, HungUpBy } from './call-model.js';
import type { CallEffect, CallEvent, CallState } from './call-state.js';

export interface Step {
  next: CallState;
  effects: CallEffect[];
}

export function step(s: CallState, e: CallEvent): Step {
  switch (e.type) {
    case 'queue_entered':
      return { next: { ...s, name: 'queued', contactId: e.contactId, queueId: e.queueId, ...(e.survey ? { postCallSurvey: e.survey } : {}) }, effects: [] };
    case 'contact_changed': {
      // The engine took the caller: a transferring agent still on the line is released now.
      const from = s.transferFrom;
      const release: CallEffect[] = from ? [{ kind: 'hangup', legId: from.legId }, ...(from.agentId ? [{ kind: 'contact_ended' as const, contactId: from.contactId, agentId: from.agentId }] : [])] : [];
      return { next: { ...s, contactId: e.contactId, queueId: e.queueId, transferFrom: undefined }, effects: release };
    }
    case 'transfer_refused': {
      const from = s.transferFrom;
      // Nobody to go back to (never produced by the services): the caller is not left waiting for nothing.
      if (!from) return step(s, { type: 'queue_exit', reason: 'other' });
      return {
        next: { ...s, name: 'connected', counterpart: { legId: from.legId, agentId: from.agentId, endpoint: from.endpoint }, contactId: from.contactId, transferFrom: undefined },
        effects: [{ kind: 'bridge', legIds: [from.legId] }],
      };
    }
    case 'closed':
      return end(s, 'out_of_hours', 'system', [
        ...offerLegHangup(s),
        { kind: 'farewell', prompt: 'closed' },
        { kind: 'hangup', legId: s.customerLegId ?? '' },
      ]);
    case 'ivr_finished':
      if (e.how === 'error') {
        return end(s, 'ivr_error', 'system', [{ kind: 'farewell', prompt: 'ivrError' }, { kind: 'hangup', legId: s.customerLegId ?? '' }]);
      }
      return end(s, e.how === 'hangup' ? 'ivr_completed' : 'ivr_transferred', 'system', [
        { kind: 'hangup', legId: s.customerLegId ?? '' },
      ]);
    case 'customer_gone':
      return endedByPbx(customerGone(s, e.at, 'caller', e.cause), e.byPbx);
    case 'offer':
      return {
        next: { ...s, name: 'offering', offer: { offerId: e.offerId, agentId: e.agentId, legId: e.legId, contactId: e.contactId } },
        effects: [],
      };
    case 'agent_answered':
      return agentAnswered(s);
    case 'agent_failed':
      if (s.name === 'dialing_agent') return end(s, 'outbound_agent_no_answer', 'agent', agentMissedOutbound(s, e.reason));
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
      return endedByPbx(agentGone(s), e.byPbx);
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
function customerGone(s: CallState, at: number, by: HungUpBy, cause?: HangupCause): Step {
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
      return end(s, dialedOutcome(cause), by, [...legs, ...contactEnded(s)]);
    default:
      return end(s, outcomeIfEndedNow(s), by, [...legs, ...contactEnded(s)]);
  }
}

/**
 * Why an agent's dial never reached the customer, from the media server's normalized cause:
 * busy (the line was busy, or the callee declined: SIP 486/600/603, Q.850 17/21); failed (the
 * number is unknown or unreachable, the trunk refused it, the dial itself failed); and otherwise
 * no answer (the ring timed out, or the customer's side ended it before answering).
 */
function dialedOutcome(cause: HangupCause | undefined): CallOutcome {
  if (cause === 'busy' || cause === 'rejected') return 'outbound_busy';
  if (cause === 'unreachable' || cause === 'failed') return 'outbound_failed';
  return 'outbound_no_answer';
}

function agentAnswered(s: CallState): Step {
  if (s.name === 'dialing_agent') {
    // A callback's offer was accepted before this event: from now on it is the agent's contact.
    return { next: { ...s, name: 'dialing_customer', callbackOfferId: undefined }, effects: [{ kind: 'dial_customer' }] };
  }
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

/** The PBX, not the person, ended the leg (dead media, a lost channel): the record says system. */
function endedByPbx(step: Step, byPbx: boolean | undefined): Step {
  if (!byPbx || step.next.name !== 'ended') return step;
  return { ...step, next: { ...step.next, hungUpBy: 'system' } };
}

function agentGone(s: CallState): Step {
  const agentId = s.counterpart?.agentId;
  switch (s.name) {
    case 'dialing_agent':
      return end(s, 'outbound_agent_no_answer', 'agent', agentMissedOutbound(s, 'failed'));
    case 'dialing_customer':
      return end(s, 'outbound_cancelled', 'agent', [...allLegHangups(s), ...contactEnded(s)]);
    case 'consult_ringing':
      // The agent's leg is gone but the contact stays theirs until the consulted party answers.
      return { next: { ...s, name: 'transfer_ringing', counterpart: { legId: '', agentId, endpoint: '' } }, effects: [] };
    case 'consulting':
    case 'conference':
      // The agent leaving a consultation completes the transfer, as desk phones do.
      return takeOver({ ...s, counterpart: { legId: '', agentId, endpoint: '' } }, []);
    case 'connected':
    case 'held':
      return end(s, outcomeIfEndedNow(s), 'agent', [...withSurvey(s, allLegHangups(s)), ...contactEnded(s)]);
    default:
      return end(s, outcomeIfEndedNow(s), 'agent', [...allLegHangups(s), ...contactEnded(s)]);
  }
}

/**
 * The agent left an inbound call the IVR asked a survey for: the customer, still on the line,
 * hears it instead of being hung up at once (the survey effect hangs them up after).
 */
function withSurvey(s: CallState, hangups: { kind: 'hangup'; legId: string }[]): CallEffect[] {
  const flow = s.postCallSurvey;
  const customer = s.customerLegId;
  if (!flow || !customer || s.direction !== 'inbound') return hangups;
  return hangups.map((h) => (h.legId === customer ? { kind: 'post_call_survey', legId: customer, flow } : h));
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
  const from = s.counterpart;
  if (to === 'agent' && from && s.contactId) {
    // The agent stays on the line until the engine takes the transfer (or refuses it: they get the caller back).
    return {
      next: { ...s, name: 'queued', counterpart: undefined, transferFrom: { ...from, contactId: s.contactId } },
      effects: [...unhold, { kind: 'to_holding' }, { kind: 'requeue', to, target }],
    };
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
  // During a transfer to an agent the contact is still the transferring agent's, not waiting.
  const from = s.transferFrom;
  const ended: CallEffect[] = from?.agentId ? [{ kind: 'contact_ended', contactId: from.contactId, agentId: from.agentId }] : [];
  const waiting = s.offer?.contactId ?? (from ? undefined : s.contactId);
  return waiting ? [...ended, { kind: 'abandon', contactId: waiting }] : ended;
}

function contactEnded(s: CallState): CallEffect[] {
  if (s.callbackOfferId) return [{ kind: 'offer_failed', offerId: s.callbackOfferId, reason: 'failed' }];
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
  const legs = [s.customerLegId, s.counterpart?.legId, s.offer?.legId, s.consult?.legId, s.transferFrom?.legId].filter(
    (l): l is string => typeof l === 'string' && l !== '',
  );
  return [...new Set(legs)].map((legId) => ({ kind: 'hangup' as const, legId }));
}

/** Click-to-dial: the agent's outbound contact ends. Callback: the engine's offer failed, the callback keeps its place. */
function agentMissedOutbound(s: CallState, reason: 'no_answer' | 'rejected' | 'failed'): CallEffect[] {
  if (s.callbackOfferId) return [{ kind: 'offer_failed', offerId: s.callbackOfferId, reason }];
  return contactEnded(s);
}
