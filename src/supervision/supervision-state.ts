/**
 * One supervision session: a supervisor's phone joined to an agent's leg.
 *
 *   dialing ──answered──▶ joining ──joined──▶ active ──mode──▶ active
 *      │                    │                   │
 *      └──gone / stop───────┴───────────────────┴──▶ ended
 *
 * `dialing`: the supervisor's phone rings; `joining`: it answered and the media server is
 * connecting it (snoop / bridge); `active`: listening, whispering or barged in.
 */
import { AppError } from '../core/errors.js';
import type { SupervisionMode } from '../pbx/port.js';

export type SupervisionStateName = 'dialing' | 'joining' | 'active' | 'ended';
export type SupervisionEvent = 'answered' | 'joined' | 'mode' | 'gone' | 'stop';

export const SUPERVISION_TRANSITIONS: Record<SupervisionStateName, Partial<Record<SupervisionEvent, SupervisionStateName>>> = {
  dialing: { answered: 'joining', gone: 'ended', stop: 'ended' },
  joining: { joined: 'active', gone: 'ended', stop: 'ended' },
  active: { mode: 'active', gone: 'ended', stop: 'ended' },
  ended: {},
};

export interface SupervisionSession {
  id: string;
  callId: string;
  supervisorId: string;
  mode: SupervisionMode;
  state: SupervisionStateName;
  /** The supervisor's leg. */
  legId: string;
  /** The agent leg supervised. */
  targetLegId: string;
  /**
   * The monitored agent's teams when the session started: the leads of those teams see the
   * session on the event stream. The agent never does (a silent listen stays silent).
   */
  teamIds: readonly string[];
  /** The media server's session id once joined. */
  pbxSessionId?: string;
  startedAt: number;
}

export function step(state: SupervisionStateName, event: SupervisionEvent): SupervisionStateName {
  const to = SUPERVISION_TRANSITIONS[state][event];
  if (!to) throw new AppError('INVALID_TRANSITION', `A supervision session in state ${state} cannot take ${event}`, { state, event });
  return to;
}

export function canStep(state: SupervisionStateName, event: SupervisionEvent): boolean {
  return SUPERVISION_TRANSITIONS[state][event] !== undefined;
}
