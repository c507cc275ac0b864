import { describe, expect, it } from 'vitest';
import type { CallStateName } from '../../../src/calls/call-model.js';
import { TRANSITIONS, type CallEventType } from '../../../src/calls/call-state.js';
import type { LiveCall } from '../../../src/web/api/types.js';
import { abilities, roleOf } from '../../../src/web/toolbar/call-abilities.js';

const STATES = Object.keys(TRANSITIONS) as CallStateName[];

function liveCall(state: CallStateName, over: Partial<LiveCall> = {}): LiveCall {
  return {
    id: 'c1',
    direction: 'inbound',
    state,
    from: '+4930111',
    to: '+15550100',
    startedAt: 1,
    muted: false,
    recording: true,
    agentId: 'a1',
    legs: [
      { id: 'l-cust', role: 'customer', endpoint: '+4930111', createdAt: 1, answeredAt: 1 },
      { id: 'l-a1', role: 'agent', agentId: 'a1', endpoint: 'agent1', createdAt: 2, ...(state === 'offering' ? {} : { answeredAt: 3 }) },
    ],
    ...over,
  };
}

describe('which call controls the toolbar enables', () => {
  // Button -> the call-machine event the daemon dispatches for it (call-control.ts).
  const BUTTONS: [keyof ReturnType<typeof abilities>, CallEventType][] = [
    ['hold', 'hold'],
    ['unhold', 'unhold'],
    ['transfer', 'transfer_blind'],
    ['consult', 'consult_started'],
    ['completeConsult', 'transfer_completed'],
    ['cancelConsult', 'consult_cancelled'],
    ['conference', 'conference_started'],
  ];

  it.each(STATES)('given the talking agent on a call in state %s then exactly the controls the call machine allows are enabled', (state) => {
    const can = abilities(liveCall(state), 'a1');
    for (const [button, event] of BUTTONS) {
      const allowed = TRANSITIONS[state][event] !== undefined && state !== 'offering';
      expect({ state, button, enabled: can[button] }).toEqual({ state, button, enabled: allowed });
    }
  });

  it('given the ringing agent (the ACD offer) then no call control is enabled: answering is the phone\'s, rejecting the offer\'s', () => {
    const call = liveCall('offering');
    expect(roleOf(call, 'a1')).toBe('offered');
    const can = abilities(call, 'a1');
    expect(Object.entries(can).filter(([k, v]) => k !== 'role' && v)).toEqual([]);
  });

  it('given a consulted colleague then they may only hang up their own leg, before and after answering', () => {
    const consult = { id: 'l-a2', role: 'consult' as const, agentId: 'a2', endpoint: 'agent2', createdAt: 4 };
    for (const [state, leg] of [
      ['consult_ringing', consult],
      ['consulting', { ...consult, answeredAt: 5 }],
    ] as const) {
      const call = liveCall(state, { legs: [...liveCall(state).legs, leg] });
      expect(roleOf(call, 'a2')).toBe('consulted');
      const can = abilities(call, 'a2');
      expect(Object.entries(can).filter(([k, v]) => k !== 'role' && v)).toEqual([['hangup', true]]);
    }
  });

  it('given the transfer completed then the consulted colleague is the talking agent with every control of a connected call', () => {
    const call = liveCall('connected', {
      agentId: 'a2',
      legs: [
        { id: 'l-cust', role: 'customer', endpoint: '+4930111', createdAt: 1, answeredAt: 1 },
        { id: 'l-a1', role: 'agent', agentId: 'a1', endpoint: 'agent1', createdAt: 2, answeredAt: 3, endedAt: 9 },
        { id: 'l-a2', role: 'consult', agentId: 'a2', endpoint: 'agent2', createdAt: 4, answeredAt: 5 },
      ],
    });
    expect(roleOf(call, 'a2')).toBe('talking');
    expect(roleOf(call, 'a1')).toBe('none');
    expect(abilities(call, 'a2')).toMatchObject({ hold: true, mute: true, transfer: true, hangup: true, dtmf: true, recording: true });
  });

  it('given a call that is not recorded then the recording control stays off', () => {
    expect(abilities(liveCall('connected', { recording: false }), 'a1').recording).toBe(false);
  });

  it('given a click-to-dial call while the agent\'s own phone rings then only hanging up is possible', () => {
    const can = abilities(liveCall('dialing_agent', { direction: 'outbound' }), 'a1');
    expect(Object.entries(can).filter(([k, v]) => k !== 'role' && v)).toEqual([['hangup', true]]);
  });
});
