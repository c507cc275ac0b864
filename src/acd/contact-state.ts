/**
 * The contact's life in the routing engine as an explicit transition table, like the call's
 * (src/calls/call-state.ts) and the agent's (src/agents/agent-state.ts). Every place of the engine
 * that changes a contact's state asks `nextContactState`, so a change the table does not list is
 * refused with INVALID_TRANSITION instead of leaving a contact in a state nobody expects.
 *
 *        ┌ pooled, offers_closed ┐       ┌── offered ──┐          ┌── answered ──┐
 *        ▼                       │       ▼             │          ▼              │
 *   ──▶ waiting ───────────── offered ──────▶ offering ───── answered ──────▶ connected
 *        ▲ ▲                                     │                          │
 *        │ └─────── pooled, offers_closed ───────┘                          │
 *        └─────────────────── transferred_to_queue ─────────────────────────┘
 *
 *   waiting | offering | connected ──ended──▶ ended   (terminal: the contact leaves the engine)
 *
 *   Self-transitions: waiting is pooled again when re-ranked (relaxation, a decline lifted, its
 *   queue rebuilt); offering is offered again for another ring-all leg or a reassignment; connected
 *   is answered again when a transfer to another agent is accepted.
 *
 * A new contact starts `waiting`; restore takes the stored state as it is.
 */
import { AppError } from '../core/errors.js';
import type { ContactState } from './types.js';

export type ContactEvent =
  /** Placed in its pool to wait for an agent. */
  | 'pooled'
  /** An offer rings an agent (routed, ring-all, taken, assigned). */
  | 'offered'
  /** No offer rings any more, before the contact moves on (overflow, closing queue, removal). */
  | 'offers_closed'
  /** An agent accepted an offer: the contact is with that agent. */
  | 'answered'
  /** A supervisor moved a connected contact back into a queue. */
  | 'transferred_to_queue'
  | 'ended';

export const CONTACT_TRANSITIONS: Readonly<Record<ContactState, Readonly<Partial<Record<ContactEvent, ContactState>>>>> = {
  waiting: { pooled: 'waiting', offered: 'offering', offers_closed: 'waiting', ended: 'ended' },
  offering: { pooled: 'waiting', offered: 'offering', offers_closed: 'waiting', answered: 'connected', ended: 'ended' },
  connected: { answered: 'connected', transferred_to_queue: 'waiting', ended: 'ended' },
  ended: {},
};

/** The state after `event`; throws INVALID_TRANSITION when the table does not allow it. */
export function nextContactState(state: ContactState, event: ContactEvent, contactId?: string): ContactState {
  const next = CONTACT_TRANSITIONS[state][event];
  if (next === undefined) {
    throw new AppError('INVALID_TRANSITION', `contact${contactId ? ` ${contactId}` : ''}: ${event} is not allowed in state ${state}`, { contactId, state, event });
  }
  return next;
}
