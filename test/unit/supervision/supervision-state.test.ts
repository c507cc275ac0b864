import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { canStep, step, SUPERVISION_TRANSITIONS, type SupervisionEvent, type SupervisionStateName } from '../../../src/supervision/supervision-state.js';

const EVENTS: SupervisionEvent[] = ['answered', 'joined', 'mode', 'gone', 'stop'];

describe('supervision session state', () => {
  it('given the normal path when the phone answers and the server joins then the session is active and mode changes keep it active', () => {
    expect(step('dialing', 'answered')).toBe('joining');
    expect(step('joining', 'joined')).toBe('active');
    expect(step('active', 'mode')).toBe('active');
    expect(step('active', 'stop')).toBe('ended');
  });

  it('given any state when an event outside the table arrives then it is refused, and ended takes nothing', () => {
    for (const state of Object.keys(SUPERVISION_TRANSITIONS) as SupervisionStateName[]) {
      for (const e of EVENTS) {
        if (canStep(state, e)) continue;
        let err: unknown;
        try {
          step(state, e);
        } catch (caught) {
          err = caught;
        }
        expect(isAppError(err, 'INVALID_TRANSITION'), `${state} -${e}->`).toBe(true);
      }
    }
    expect(EVENTS.some((e) => canStep('ended', e))).toBe(false);
  });

  it('given any live state when the supervisor leg is gone then the session ends', () => {
    for (const state of ['dialing', 'joining', 'active'] as const) expect(step(state, 'gone')).toBe('ended');
  });
});
