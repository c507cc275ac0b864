/** JSON schemas of the agent's chat routes (/api/chats...). The visitor's side is src/chat/protocol.ts. */
import { HANDOVER_REASONS } from '../../../chat/bot/bot-rules.js';
import { BOT_SAYS, CHAT_CHANNELS, CHAT_LIMITS, CHAT_OUTCOMES, CHAT_STATES, END_REASONS, MESSAGE_AUTHORS } from '../../../chat/protocol.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

/** One chat as the agent's workspace lists it. */
export const chatSummarySchema = {
  type: 'object',
  required: ['id', 'state', 'queueId', 'agentId', 'visitorName', 'page', 'createdAt', 'assignedAt', 'endedAt', 'lastSeq'],
  properties: {
    id: str,
    state: { type: 'string', enum: CHAT_STATES },
    queueId: str,
    agentId: { type: ['string', 'null'] },
    visitorName: { type: 'string', description: 'the name the visitor gave, or "" when none' },
    page: { type: 'string', description: 'the page the widget ran on when the chat started' },
    createdAt: { ...int, description: 'epoch ms: the visitor started the chat (waited since)' },
    assignedAt: { type: ['integer', 'null'] },
    endedAt: { type: ['integer', 'null'] },
    endReason: { type: 'string', enum: END_REASONS },
    outcome: { type: 'string', enum: CHAT_OUTCOMES },
    lastSeq: { ...int, description: 'the highest message seq of the chat' },
    channel: { type: 'string', enum: CHAT_CHANNELS, description: 'where the chat came from' },
    region: { type: 'string', description: "waiting chats in GET /api/chats: where the visitor is (city, region, country from the local database of their visit); absent when unknown" },
    handover: {
      type: 'object',
      description: 'why the bot handed the chat to a person: asked (the phrase, or "button"), unhelpful (turns), negative (each message\'s score and its words), vip',
      required: ['reason', 'at', 'detail'],
      properties: {
        reason: { type: 'string', enum: HANDOVER_REASONS },
        at: int,
        detail: {
          type: 'object',
          properties: { phrase: str, turns: int, scores: { type: 'array', items: { type: 'object', required: ['score', 'words'], properties: { score: { type: 'number' }, words: str } } } },
        },
      },
    },
  },
} as const;

export const chatListSchema = {
  type: 'object',
  required: ['active', 'waiting'],
  properties: {
    active: { type: 'array', items: chatSummarySchema, description: 'my open chats (every open chat with chat.supervise)' },
    waiting: {
      type: 'array',
      items: chatSummarySchema,
      description: 'waiting chats of the queues I serve (of every queue with chat.supervise), longest waiting first',
    },
  },
} as const;

/** An upload's message carries its attachment (bytes: GET /api/chats/:id/attachments/:attachmentId). */
export const attachmentSchema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'size', 'contentType'],
  properties: { id: str, kind: { type: 'string', enum: ['image', 'file', 'video', 'voice'] }, name: str, size: int, contentType: str },
} as const;

export const chatMessageSchema = {
  type: 'object',
  required: ['seq', 'from', 'text', 'at'],
  properties: {
    seq: int,
    from: { type: 'string', enum: MESSAGE_AUTHORS },
    agentId: str,
    agentName: str,
    text: str,
    at: int,
    clientId: { ...str, description: 'the id the author sent it with (visitor and agent messages)' },
    attachment: attachmentSchema,
    card: { type: 'object', required: ['articleId', 'title', 'excerpt'], properties: { articleId: str, title: str, excerpt: str }, description: 'an article card (the text is its title)' },
    botSay: { type: 'string', enum: BOT_SAYS, description: "the bot's line as a key (the text is its English line)" },
    assist: {
      type: 'object',
      required: ['what', 'outcome', 'agentName', 'startedAt', 'durationMs', 'endedBy'],
      properties: {
        what: { type: 'string', enum: ['screen_share', 'video_call'] },
        outcome: { type: 'string', enum: ['ended', 'declined'] },
        agentName: str,
        startedAt: { type: ['integer', 'null'] },
        durationMs: int,
        endedBy: { type: ['string', 'null'], enum: ['visitor', 'agent', 'system', null] },
        recorded: { type: 'boolean', description: 'the session was recorded; its recording: GET /api/shares/{shareId}/recording' },
        shareId: str,
      },
      description: 'a screen share on the timeline (the text is its English line)',
    },
  },
} as const;

export const messagesQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: { type: 'integer', minimum: 0, default: 0, description: 'return messages with a seq above this' },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 200 },
  },
} as const;

export const messagesPageSchema = {
  type: 'object',
  required: ['messages', 'lastSeq'],
  properties: { messages: { type: 'array', items: chatMessageSchema }, lastSeq: int },
} as const;

export const sendMessageBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'text'],
  properties: {
    clientId: { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxClientIdLength, pattern: '^[A-Za-z0-9_.:-]+$' },
    text: { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxTextLength, 'x-free-text': true },
  },
} as const;

/** The same for a first send and for a resend of the same clientId. */
export const sendMessageReplySchema = {
  type: 'object',
  required: ['clientId', 'seq', 'at'],
  properties: { clientId: str, seq: int, at: int },
} as const;

export const endChatBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['outcome'],
  properties: {
    outcome: { type: 'string', enum: CHAT_OUTCOMES },
    reason: { type: 'string', minLength: 1, maxLength: 500, 'x-free-text': true, description: 'required when outcome is spam' },
  },
} as const;

export const chatListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { tag: { type: 'string', minLength: 1, maxLength: 40, description: 'only chats carrying this tag (normalized like tags)' } },
} as const;
