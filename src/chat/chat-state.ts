/**
 * A chat's life, as a pure reducer. The routing engine owns the matching; this machine owns what
 * the visitor and the agent see of it.
 *
 *              assign (routed up to capacity, or picked)
 *   waiting ─────────────────────────────────────────────▶ active
 *      │                                                     │
 *      │ end (visitor_left, visitor_inactive, no_agent)      │ end (any reason)
 *      ▼                                                     ▼
 *    ended ◀─────────────────────────────────────────────────┘
 *
 *   from \ event   assign       end
 *   waiting        active       ended (effect: leave the queue, counts as abandoned)
 *   active         refused      ended (effect: the engine's contact ends, the agent's slot frees)
 *   ended          refused      refused (CHAT_CLOSED)
 *
 * `agent_ended` (with an outcome) is only possible from active: a waiting chat has no agent.
 */
import { AppError } from '../core/errors.js';
import type { ChatOutcome, ChatStateName, EndReason } from './protocol.js';

export interface ChatRecord {
  id: string;
  visitorId: string;
  queueId: string;
  state: ChatStateName;
  agentId: string | null;
  visitorName: string;
  page: string;
  createdAt: number;
  assignedAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
  outcome: ChatOutcome | null;
  /** The agent's reason for a spam ending (required then), or a note for the others. */
  outcomeReason: string | null;
  /** The highest message seq stored for this chat. */
  lastSeq: number;
}

export type ChatEvent =
  | { kind: 'assign'; agentId: string; at: number }
  | { kind: 'end'; reason: EndReason; at: number; outcome?: ChatOutcome; outcomeReason?: string };

export type ChatEffect = { kind: 'leave_queue' } | { kind: 'release_agent'; agentId: string };

export const CHAT_TRANSITIONS: Record<ChatStateName, Partial<Record<ChatEvent['kind'], ChatStateName>>> = {
  waiting: { assign: 'active', end: 'ended' },
  active: { end: 'ended' },
  ended: {},
};

export function chatReducer(chat: ChatRecord, event: ChatEvent): { chat: ChatRecord; effects: ChatEffect[] } {
  const to = CHAT_TRANSITIONS[chat.state][event.kind];
  if (to === undefined) {
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', `The chat ${chat.id} has ended`, { chatId: chat.id });
    throw new AppError('INVALID_TRANSITION', `A chat that is ${chat.state} cannot ${event.kind}`, { chatId: chat.id, state: chat.state, event: event.kind });
  }
  if (event.kind === 'assign') {
    return { chat: { ...chat, state: to, agentId: event.agentId, assignedAt: event.at }, effects: [] };
  }
  if (chat.state === 'waiting' && event.reason === 'agent_ended') {
    throw new AppError('INVALID_TRANSITION', 'A waiting chat has no agent to end it', { chatId: chat.id });
  }
  const ended: ChatRecord = {
    ...chat,
    state: to,
    endedAt: event.at,
    endReason: event.reason,
    outcome: event.outcome ?? null,
    outcomeReason: event.outcomeReason ?? null,
  };
  const effects: ChatEffect[] = chat.state === 'waiting' ? [{ kind: 'leave_queue' }] : [{ kind: 'release_agent', agentId: chat.agentId as string }];
  return { chat: ended, effects };
}
