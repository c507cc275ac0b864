import type { DomainEvent } from '../../core/events.js';
import type { ErrorCode } from '../../core/errors.js';
import type { StaffShareFrame } from '../../chat/assist/assist-protocol.js';
import type { ValidateFunction } from 'ajv';
import { CHAT_LIMITS } from '../../chat/protocol.js';
import { compileBodyValidator, FREE_TEXT } from '../validation.js';

/**
 * The WebSocket message catalogue of /api/ws. Every frame is one JSON object with a `type`.
 *
 * Client -> server
 *   { type: 'subscribe', topics: string[] }   replace the topic set (event types or domain prefixes, '*' = all)
 *   { type: 'ping' }                          application-level liveness check; answered with 'pong'
 *   { type: 'chat.send', id, chatId, clientId, text }   a request (socket-requests.ts): send a message to the
 *       visitor of my chat, exactly as POST /api/chats/:id/messages (chat.handle, my chat or one I was
 *       invited into, still open; a resend with the same clientId stores nothing and answers the same).
 *       `id` (1-64 characters, the client's choice) correlates the reply; replies may come in any order.
 *
 * Server -> client
 *   { type: 'hello', userId, username, roles, topics }   once, after the connection is accepted
 *   { type: 'subscribed', topics }                        after each subscribe
 *   { type: 'event', event: DomainEvent }                 an event the user may see, on a subscribed topic
 *       (among them `realtime.today_changed`: the day's figures were folded again; re-read
 *       GET /api/realtime/today and /trends, which scope them to the reader)
 *   { type: 'pong' }
 *   { type: 'error', code, message }                      a bad message; the socket stays open
 *   { type: 'reply', id, ok: true, result: { chatId, clientId, seq, at } }   chat.send: committed (never before)
 *   { type: 'reply', id, ok: false, error: { code, message, details? } }      chat.send refused, nothing stored:
 *       VALIDATION_FAILED (details.where), CHAT_MESSAGE_TOO_LARGE, UNAUTHENTICATED / SESSION_EXPIRED, FORBIDDEN,
 *       NOT_AN_AGENT, CHAT_NOT_FOUND, CHAT_NOT_YOURS, CHAT_CLOSED, RATE_LIMITED (too many unanswered)
 *
 * Chat (topic `chat`, src/core/events.ts; agents see their own chats, supervisors every chat):
 *   event chat.waiting     { chatId, queueId, visitorName, since }   a chat waits: re-read GET /api/chats
 *   event chat.assigned    { chatId, agentId, queueId, visitorName, picked }   the chat is mine now
 *   event chat.message     { chatId, agentId, seq, from, text, clientId?, attachment? }   one stored message
 *   event chat.typing      { chatId, agentId, from: 'visitor', draft? }  (draft: the visitor's box so far, '' when cleared)
 *   event chat.note        { chatId, agentId?, noteId, authorUserId }   a private note: re-read GET /api/chats/:id/notes
 *   event chat.tags        { chatId, agentId?, tags, byUserId }   the chat's whole new tag set (also to its colleagues
 *                                 and the leads of its teams): show it; a list filtered by tag is read again
 *   event chat.form        { chatId, agentId?, requestId, what: sent|answered }   re-read GET /api/chats/:id/forms
 *   event chat.agent_silent{ chatId, agentId, silentMs }   the visitor waits for my answer
 *   event chat.ended       { chatId, agentId, reason, outcome? }   my chat slot is free again
 *   supervision (docs/chat-protocol.md, "Supervision"): chat.whisper, chat.taken_over, chat.silence_alert,
 *   chat.silence_cleared, chat.monitored (ids only: a monitor reads on GET /api/supervisor/chats/:id),
 *   chat.with_bot { chatId, queueId, from }   a message in a chat the bot has: re-read GET /api/supervisor/chats
 *   event chat.transfer_changed { transferId, chatId, fromAgentId, toAgentId, state, reason?, expiresAt, visitorName, note? }
 *                                 a transfer offered to me (pending: accept / decline) or how one ended
 *   event chat.transferred { chatId, queueId, visitorName, fromAgentId, toAgentId?, toQueueId?, forcedBy? }   re-read GET /api/chats
 *   event chat.share_changed { chatId, shareId, agentId, kind, state }   a screen share's or video call's state (ids only; docs/remote-assistance.md)
 *   event chat.colleague_changed { chatId, ownerAgentId, colleagueAgentId, change }   multi-party: joined / left / removed / ended
 *   (invited colleagues also get chat.message, chat.typing and chat.ended; chat.message has authorAgentId)
 * Visitors before any chat (topic `visitor`; holders of chat.visitors):
 *   event visitor.changed  { visitorId, online }   a visitor arrived, viewed a page or left: re-read GET /api/visitors
 * Remote assistance (src/chat/assist/assist-protocol.ts): { type: 'assist', frame } to the viewer's own
 *   sockets only (share_changed, share_signal); never through the hub's audiences.
 * The agent's other actions are REST (/api/chats...); a missed chat.message is read back with
 * GET /api/chats/:id/messages?after=<last seq held>.
 * Floor events (issue 11): `floor.changed` (indicator values and queue figures: at once to staff and
 * wall displays, at most once a second to everyone else) and
 * `floor.alert` (an audience's indicator past / back within its threshold, once per crossing; see
 * src/supervision/floor-watch.ts for who sees which). A wallboard token's socket gets these only.
 *
 * Close codes: 4401 not authenticated (or the session ended), 4403 not allowed, 1013 too slow to
 * keep up, 1001 server shutting down.
 */
export interface ChatSendRequest {
  type: 'chat.send';
  id: string;
  chatId: string;
  clientId: string;
  text: string;
}

export type ClientMessage = { type: 'subscribe'; topics: string[] } | { type: 'ping' } | ChatSendRequest;

export interface ChatSendResult {
  chatId: string;
  clientId: string;
  seq: number;
  at: number;
}

/** What a refused request carries: the REST error body (src/core/errors.ts). */
export interface ReplyError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type ServerMessage =
  | { type: 'hello'; userId: string; username: string; roles: string[]; topics: string[] }
  | { type: 'subscribed'; topics: string[] }
  | { type: 'event'; event: DomainEvent }
  | { type: 'pong' }
  | { type: 'assist'; frame: StaffShareFrame }
  | { type: 'reply'; id: string; ok: true; result: ChatSendResult }
  | { type: 'reply'; id: string; ok: false; error: ReplyError }
  | { type: 'error'; code: ErrorCode; message: string };

/** A frame refused while parsing; `id` when it was a request that named one (the refusal is its reply). */
export type ParseError = { type: 'error'; code: ErrorCode; message: string; id?: string; details?: { where: string } };

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_TOO_SLOW = 1013;
export const CLOSE_GOING_AWAY = 1001;

const MAX_TOPICS = 100;
const TOPIC = /^(\*|[a-z_]+(\.[a-z_]+)?)$/;

const REQUEST_ID = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** The REST body's rules (chat-schemas.ts sendMessageBodySchema), plus the request's id and chat. */
const CHAT_SEND_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'id', 'chatId', 'clientId', 'text'],
  properties: {
    type: { const: 'chat.send' },
    id: REQUEST_ID,
    chatId: { type: 'string', minLength: 1, maxLength: 100 },
    clientId: { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxClientIdLength, pattern: '^[A-Za-z0-9_.:-]+$' },
    text: { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxTextLength, [FREE_TEXT]: true },
  },
} as const;

let chatSendValidator: ValidateFunction | undefined;

function parseChatSend(msg: Record<string, unknown>): ChatSendRequest | ParseError {
  const id = typeof msg.id === 'string' && msg.id.length >= 1 && msg.id.length <= REQUEST_ID.maxLength ? { id: msg.id } : {};
  // Checked before the schema, with its own code, as the widget does (widget-frames.ts).
  if (typeof msg.text === 'string' && msg.text.length > CHAT_LIMITS.maxTextLength) {
    return { type: 'error', code: 'CHAT_MESSAGE_TOO_LARGE', message: `A message holds at most ${CHAT_LIMITS.maxTextLength} characters`, ...id, details: { where: '/text' } };
  }
  chatSendValidator ??= compileBodyValidator(CHAT_SEND_SCHEMA);
  if (!chatSendValidator(msg)) {
    const first = chatSendValidator.errors?.[0];
    const where = first?.instancePath || '/';
    return { type: 'error', code: 'VALIDATION_FAILED', message: `${where}: ${first?.message ?? 'is not valid'}`, ...id, details: { where } };
  }
  return msg as unknown as ChatSendRequest;
}

/** Parses one client frame; returns an error message for anything else. */
export function parseClientMessage(text: string): ClientMessage | ParseError {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { type: 'error', code: 'BAD_JSON', message: 'The message is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { type: 'error', code: 'VALIDATION_FAILED', message: 'A message must be a JSON object with a type' };
  }
  const msg = data as Record<string, unknown>;
  if (msg.type === 'ping') return { type: 'ping' };
  if (msg.type === 'chat.send') return parseChatSend(msg);
  if (msg.type === 'subscribe') {
    const topics = msg.topics;
    if (!Array.isArray(topics) || topics.length > MAX_TOPICS) {
      return { type: 'error', code: 'VALIDATION_FAILED', message: `/topics: must be an array of at most ${MAX_TOPICS} topics` };
    }
    for (const [i, t] of topics.entries()) {
      if (typeof t !== 'string' || !TOPIC.test(t)) {
        return { type: 'error', code: 'VALIDATION_FAILED', message: `/topics/${i}: must be an event type, a domain such as "agent", or "*"` };
      }
    }
    return { type: 'subscribe', topics: topics as string[] };
  }
  return { type: 'error', code: 'VALIDATION_FAILED', message: `/type: unknown message type ${JSON.stringify(msg.type ?? null)}` };
}
