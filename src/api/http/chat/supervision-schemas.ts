/** JSON schemas of chat supervision (supervision-routes.ts). */
import { WHISPER_MAX } from '../../../chat/chat-supervision-rules.js';
import { chatMessageSchema, chatSummarySchema } from './chat-schemas.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

export const whisperSchema = {
  type: 'object',
  required: ['id', 'chatId', 'agentId', 'supervisorUserId', 'supervisorName', 'text', 'afterSeq', 'at'],
  properties: {
    id: str,
    chatId: str,
    agentId: { ...str, description: 'the agent it was meant for (the handler when it was written)' },
    supervisorUserId: str,
    supervisorName: str,
    text: str,
    afterSeq: { ...int, description: 'the highest message seq when it was written: where it sits in the conversation' },
    at: int,
  },
} as const;

export const whisperListSchema = { type: 'object', required: ['whispers'], properties: { whispers: { type: 'array', items: whisperSchema } } } as const;

export const whisperBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: { text: { type: 'string', minLength: 1, maxLength: WHISPER_MAX + 100, 'x-free-text': true } },
} as const;

const supervisedChatSchema = {
  ...chatSummarySchema,
  required: [...chatSummarySchema.required, 'monitoredByMe'],
  properties: {
    ...chatSummarySchema.properties,
    monitoredByMe: { type: 'boolean' },
    origin: { type: 'object', properties: { device: { ...str, description: 'desktop, mobile, tablet ...' }, region: { ...str, description: 'city, region, country (local database)' } } },
  },
} as const;

const botChatSchema = {
  ...supervisedChatSchema,
  required: [...supervisedChatSchema.required, 'turns'],
  properties: {
    ...supervisedChatSchema.properties,
    turns: { ...int, description: 'questions the bot answered with articles so far' },
    lastVisitorAt: { ...int, description: "the visitor's last message (absent: none yet); with the bot since createdAt" },
  },
} as const;

export const supervisedListSchema = {
  type: 'object',
  required: ['active', 'waiting', 'withBot'],
  properties: {
    active: { type: 'array', items: supervisedChatSchema, description: 'chats with an agent, within my reach (every chat, or my teams as a team lead)' },
    waiting: { type: 'array', items: supervisedChatSchema, description: 'chats waiting for an agent, within my reach, longest waiting first' },
    withBot: { type: 'array', items: botChatSchema, description: 'chats the bot has (before any queue), within my reach, longest with the bot first' },
  },
} as const;

export const monitorViewSchema = {
  type: 'object',
  required: ['chat', 'messages', 'lastSeq', 'whispers', 'tags'],
  properties: { chat: chatSummarySchema, messages: { type: 'array', items: chatMessageSchema }, lastSeq: int, whispers: { type: 'array', items: whisperSchema }, tags: { type: 'array', items: { type: 'string' } } },
} as const;

export const monitorQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { after: { type: 'integer', minimum: 0, default: 0, description: 'messages with a seq above this' } },
} as const;

export const silenceAlertListSchema = {
  type: 'object',
  required: ['alerts'],
  properties: { alerts: { type: 'array', items: { type: 'object', required: ['chatId', 'agentId', 'queueId'], properties: { chatId: str, agentId: str, queueId: str } } } },
} as const;
