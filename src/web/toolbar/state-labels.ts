/** How agent and call states are named and coloured on screen. */
import type { AgentStateName, CallStateName } from '../api/types.js';
import type { MessageKey } from '../i18n/i18n.js';

export const AGENT_STATE_KEY: Record<AgentStateName, MessageKey> = {
  logged_out: 'state.logged_out',
  available: 'state.available',
  not_ready: 'state.not_ready',
  offered: 'state.offered',
  on_contact: 'state.on_contact',
  wrap_up: 'state.wrap_up',
  outbound: 'state.outbound',
};

/**
 * The agent's own state as the toolbar names it: the engine says on_contact for any contact, and
 * an agent serving chats only is not "on a call".
 */
export function deskStateKey(desk: { state: AgentStateName; work: readonly { media: string }[] }): MessageKey {
  if (desk.state === 'on_contact' && desk.work.length > 0 && desk.work.every((w) => w.media === 'chat')) return 'state.in_chat';
  return AGENT_STATE_KEY[desk.state];
}

/** An agent on the console's list: one whose contact is a chat is "in a chat", not "on a call". */
export function listedStateKey(agent: { state: AgentStateName; contact: { media: string } | null }): MessageKey {
  if (agent.state === 'on_contact' && agent.contact?.media === 'chat') return 'state.in_chat';
  return AGENT_STATE_KEY[agent.state];
}

export const CALL_STATE_KEY: Record<CallStateName, MessageKey> = {
  ivr: 'call.state.ivr',
  queued: 'call.state.queued',
  offering: 'call.state.offering',
  connected: 'call.state.connected',
  held: 'call.state.held',
  consult_ringing: 'call.state.consult_ringing',
  consulting: 'call.state.consulting',
  conference: 'call.state.conference',
  transfer_ringing: 'call.state.transfer_ringing',
  dialing_agent: 'call.state.dialing_agent',
  dialing_customer: 'call.state.dialing_customer',
  ended: 'call.state.ended',
};

/** A colour family per state: green ready, amber busy, grey away, blue working. */
export function stateTone(state: AgentStateName): string {
  switch (state) {
    case 'available':
      return 'ready';
    case 'not_ready':
    case 'logged_out':
      return 'away';
    case 'offered':
      return 'ringing';
    case 'wrap_up':
      return 'wrap';
    default:
      return 'busy';
  }
}
