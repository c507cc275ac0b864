import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { EVALUATION_STATES, EVALUATION_TRANSITIONS, nextEvaluationState, type EvaluationEvent } from '../../../src/qa/evaluation-state.js';

const EVENTS: EvaluationEvent[] = ['save', 'submit', 'accept', 'dispute', 'resolve'];
const ALLOWED: Record<string, string> = {
  'draft:save': 'draft',
  'draft:submit': 'submitted',
  'submitted:accept': 'accepted',
  'submitted:dispute': 'disputed',
  'disputed:resolve': 'resolved',
};

describe('evaluation states', () => {
  for (const from of EVALUATION_STATES) {
    for (const event of EVENTS) {
      const to = ALLOWED[`${from}:${event}`];
      it(`given ${from} when ${event} then ${to ?? 'QA_TRANSITION'}`, () => {
        if (to) expect(nextEvaluationState(from, event)).toBe(to);
        else {
          let code: string | undefined;
          try {
            nextEvaluationState(from, event);
          } catch (err) {
            if (isAppError(err)) code = err.code;
          }
          expect(code).toBe('QA_TRANSITION');
        }
      });
    }
  }

  it('given the table when counted then it holds exactly the allowed moves', () => {
    const moves = Object.entries(EVALUATION_TRANSITIONS).flatMap(([from, m]) => Object.entries(m).map(([e, to]) => `${from}:${e}->${to}`));
    expect(moves.sort()).toEqual(Object.entries(ALLOWED).map(([k, v]) => `${k}->${v}`).sort());
  });
});
