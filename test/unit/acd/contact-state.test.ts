import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { CONTACT_TRANSITIONS, nextContactState, type ContactEvent } from '../../../src/acd/contact-state.js';
import type { ContactState } from '../../../src/acd/types.js';

const STATES: ContactState[] = ['waiting', 'offering', 'connected', 'ended'];
const EVENTS: ContactEvent[] = ['pooled', 'offered', 'offers_closed', 'answered', 'transferred_to_queue', 'ended'];

/** The table written out once more by hand: a change to the engine's contact life shows up here. */
const LEGAL: Array<[ContactState, ContactEvent, ContactState]> = [
  ['waiting', 'pooled', 'waiting'],
  ['waiting', 'offered', 'offering'],
  ['waiting', 'offers_closed', 'waiting'],
  ['waiting', 'ended', 'ended'],
  ['offering', 'pooled', 'waiting'],
  ['offering', 'offered', 'offering'],
  ['offering', 'offers_closed', 'waiting'],
  ['offering', 'answered', 'connected'],
  ['offering', 'ended', 'ended'],
  ['connected', 'answered', 'connected'],
  ['connected', 'transferred_to_queue', 'waiting'],
  ['connected', 'ended', 'ended'],
];

function refusal(state: ContactState, event: ContactEvent): unknown {
  try {
    nextContactState(state, event, 'c1');
  } catch (err) {
    return err;
  }
  return null;
}

describe('contact state machine', () => {
  it('given each legal transition when it is applied then the contact reaches the listed state', () => {
    for (const [from, event, to] of LEGAL) expect(nextContactState(from, event, 'c1'), `${from} --${event}-->`).toBe(to);
  });

  it('given every state and event outside the table when applied then it is refused with INVALID_TRANSITION naming the contact', () => {
    let refused = 0;
    for (const state of STATES) {
      for (const event of EVENTS) {
        if (LEGAL.some(([s, e]) => s === state && e === event)) continue;
        const err = refusal(state, event);
        expect(isAppError(err, 'INVALID_TRANSITION'), `${state} --${event}-->`).toBe(true);
        expect(err).toMatchObject({ details: { contactId: 'c1', state, event } });
        refused++;
      }
    }
    expect(refused).toBe(STATES.length * EVENTS.length - LEGAL.length);
  });

  it('given the exported table when compared with the legal list then they hold exactly the same transitions', () => {
    const fromTable = STATES.flatMap((s) => Object.entries(CONTACT_TRANSITIONS[s]).map(([e, to]) => [s, e, to]));
    expect(fromTable.sort()).toEqual([...LEGAL].sort());
  });

  it('given an ended contact when anything happens then every event is refused: ended is terminal', () => {
    expect(CONTACT_TRANSITIONS.ended).toEqual({});
    for (const event of EVENTS) expect(isAppError(refusal('ended', event), 'INVALID_TRANSITION')).toBe(true);
  });
});
