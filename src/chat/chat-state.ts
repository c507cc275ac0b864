/**
 * A chat's life, as a pure reducer. The routing engine owns the matching; this machine owns what
 * the visitor and the agent see of it.
 *
 *     bot ── bot_handover (the bot passes the chat to a person: the queue took it) ─┐
 *      │                                                                       ▼
 *      │                 assign (routed up to capacity, or picked)          take_over (a supervisor, or a
 *      │          waiting ─────────────────────────────────────────────▶ active ◀──┐  colleague after a silence
 *      │             │  ◀────────────── requeue (a transfer to a queue) ──┤  │  └────┘  alert: another agent)
 *      │             │                                                     │  │
 *      │             │                                                     │  └─ hand_over (a transfer to a named
 *      │             │                                                     │     agent: the agent changes, nothing else)
 *      │             │ end (visitor_left, visitor_inactive, no_agent)      │ end (any reason)
 *      │ end         ▼                                                     ▼
 *      └────────▶ ended ◀─────────────────────────────────────────────────┘
 *
 *   from \ event  bot_handover      assign   take_over                       hand_over  requeue  end
 *   bot           waiting (effect:  refused  refused                         refused    refused  ended (no effect: the bot's chat never reached a queue)
 *                 enter the queue)
 *   waiting       refused           active   refused                         refused    refused  ended (effect: leave the queue, counts as abandoned)
 *   active        refused           refused  active, another agent (effect:  active     waiting  ended (effect: the engine's contact ends, the agent's slot frees)
 *                                            the engine hands the contact over)
 *   ended         refused           refused  refused (CHAT_CLOSED)           refused    refused  refused (CHAT_CLOSED)
 *
 * bot_handover (the bot gives the chat to the queue) and hand_over (a transfer gives it to another
 * agent) are different steps; the names differ on purpose.
 * hand_over and requeue have no effect here: chat-transfer-service.ts moves the engine's contact
 * in the same step (ChatService.move). A requeued chat keeps its first answer time.
 *
 * `agent_ended` (with an outcome) is only possible from active: a waiting chat has no agent.
 */
import { AppError } from '../core/errors.js';
import type { HandoverInfo } from './bot/bot-rules.js';
import type { ChatChannel, ChatOutcome, ChatStateName, EndReason } from './protocol.js';

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
  /** Where the chat came from (the widget's channel, or the messaging webhook). */
  channel: ChatChannel;
  /** Why the bot passed the chat to a person (null: it went to the queue directly). */
  handover: HandoverInfo | null;
}

export type ChatEvent =
  | { kind: 'bot_handover'; info: HandoverInfo }
  | { kind: 'assign'; agentId: string; at: number }
  | { kind: 'take_over'; agentId: string; at: number }
  | { kind: 'hand_over'; agentId: string; at: number }
  | { kind: 'requeue'; queueId: string; at: number }
  | { kind: 'end'; reason: EndReason; at: number; outcome?: ChatOutcome; outcomeReason?: string };

export type ChatEffect = { kind: 'enter_queue' } | { kind: 'leave_queue' } | { kind: 'release_agent'; agentId: string } | { kind: 'hand_over'; fromAgentId: string; toAgentId: string };

export const CHAT_TRANSITIONS: Record<ChatStateName, Partial<Record<ChatEvent['kind'], ChatStateName>>> = {
  bot: { bot_handover: 'waiting', end: 'ended' },
  waiting: { assign: 'active', end: 'ended' },
  active: { take_over: 'active', hand_over: 'active', requeue: 'waiting', end: 'ended' },
  ended: {},
};

export function chatReducer(chat: ChatRecord, event: ChatEvent): { chat: ChatRecord; effects: ChatEffect[] } {
  const to = CHAT_TRANSITIONS[chat.state][event.kind];
  if (to === undefined) {
    if (chat.state === 'ended') throw new AppError('CHAT_CLOSED', `The chat ${chat.id} has ended`, { chatId: chat.id });
    throw new AppError('INVALID_TRANSITION', `A chat that is ${chat.state} cannot ${event.kind}`, { chatId: chat.id, state: chat.state, event: event.kind });
  }
  if (event.kind === 'bot_handover') {
    return { chat: { ...chat, state: to, handover: event.info }, effects: [{ kind: 'enter_queue' }] };
  }
  if (event.kind === 'assign') {
    return { chat: { ...chat, state: to, agentId: event.agentId, assignedAt: chat.assignedAt ?? event.at }, effects: [] };
  }
  if (event.kind === 'take_over') {
    // assignedAt stays: the chat's answer time is the first agent's; the visitor's wait ended then.
    if (chat.agentId === event.agentId) throw new AppError('CHAT_ALREADY_YOURS', undefined, { chatId: chat.id });
    return { chat: { ...chat, agentId: event.agentId }, effects: [{ kind: 'hand_over', fromAgentId: chat.agentId as string, toAgentId: event.agentId }] };
  }
  if (event.kind === 'hand_over') return { chat: { ...chat, agentId: event.agentId }, effects: [] };
  if (event.kind === 'requeue') return { chat: { ...chat, state: to, agentId: null, queueId: event.queueId }, effects: [] };
  if (chat.state !== 'active' && event.reason === 'agent_ended') {
    throw new AppError('INVALID_TRANSITION', `A ${chat.state} chat has no agent to end it`, { chatId: chat.id });
  }
  const ended: ChatRecord = {
    ...chat,
    state: to,
    endedAt: event.at,
    endReason: event.reason,
    outcome: event.outcome ?? null,
    outcomeReason: event.outcomeReason ?? null,
  };
  const effects: ChatEffect[] = chat.state === 'bot' ? [] : chat.state === 'waiting' ? [{ kind: 'leave_queue' }] : [{ kind: 'release_agent', agentId: chat.agentId as string }];
  return { chat: ended, effects };
}
