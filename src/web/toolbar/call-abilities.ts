/**
 * Which call controls the agent may use now, from the live call (/api/calls/mine) and who the
 * agent is on it. Mirrors the daemon's call machine (src/calls/call-state.ts TRANSITIONS and the
 * checks in call-control.ts); test/unit/web/call-abilities.test.ts compares the two so a change
 * there cannot leave a button here that the daemon refuses, or hide one it allows.
 *
 * An agent is on a call as
 *   talking    the customer's counterpart: every control the state allows
 *   consulted  rung or talking in someone else's attended transfer: only hang up their own leg
 *   offered    their phone rings with the customer (the ACD offer): reject (answer is the phone's)
 */
import type { CallStateName, LiveCall } from '../api/types.js';

export type CallRole = 'talking' | 'consulted' | 'offered' | 'none';

export interface Abilities {
  role: CallRole;
  hold: boolean;
  unhold: boolean;
  mute: boolean;
  transfer: boolean;
  consult: boolean;
  completeConsult: boolean;
  cancelConsult: boolean;
  conference: boolean;
  hangup: boolean;
  dtmf: boolean;
  recording: boolean;
}

const NONE: Abilities = {
  role: 'none',
  hold: false,
  unhold: false,
  mute: false,
  transfer: false,
  consult: false,
  completeConsult: false,
  cancelConsult: false,
  conference: false,
  hangup: false,
  dtmf: false,
  recording: false,
};

/** States in which the agent is connected to someone (their own leg answered). */
const TALKING_STATES: ReadonlySet<CallStateName> = new Set(['connected', 'held', 'consult_ringing', 'consulting', 'conference', 'dialing_customer']);

/** The agent's own live leg on this call and in which role. */
export function roleOf(call: LiveCall, agentId: string): CallRole {
  const mine = call.legs.filter((l) => l.agentId === agentId && l.endedAt === undefined);
  if (mine.length === 0) return 'none';
  if (call.state === 'offering') return call.agentId === agentId ? 'offered' : 'none';
  // The counterpart first: after an attended transfer the consulted agent is the counterpart,
  // though their leg keeps the role 'consult'.
  if (call.agentId === agentId) return 'talking';
  return mine.some((l) => l.role === 'consult') ? 'consulted' : 'none';
}

export function abilities(call: LiveCall | null, agentId: string): Abilities {
  if (!call || call.state === 'ended') return NONE;
  const role = roleOf(call, agentId);
  const s = call.state;
  if (role === 'consulted') return { ...NONE, role, hangup: true };
  if (role === 'offered') return { ...NONE, role };
  if (role === 'none') return NONE;
  const live = s !== 'queued' && s !== 'ivr' && s !== 'offering' && s !== 'transfer_ringing';
  return {
    role,
    hold: s === 'connected',
    unhold: s === 'held',
    mute: TALKING_STATES.has(s),
    transfer: s === 'connected' || s === 'held',
    consult: s === 'connected' || s === 'held',
    completeConsult: s === 'consulting',
    cancelConsult: s === 'consult_ringing' || s === 'consulting',
    conference: s === 'consulting',
    hangup: live,
    dtmf: s === 'connected' || s === 'conference' || s === 'dialing_customer',
    recording: call.recording && TALKING_STATES.has(s) && s !== 'dialing_customer',
  };
}
