/** JSON schemas of the chat bot's routes and article cards (chat-bot-routes.ts). */
import { HANDOVER_REASONS } from '../../../chat/bot/bot-rules.js';
import { BOT_CHANNELS, BOT_LIMITS, BOT_MODES } from '../../../chat/bot/bot-settings.js';
import { CHAT_LIMITS } from '../../../chat/protocol.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const count = (max: number) => ({ anyOf: [{ type: 'integer', minimum: 1, maximum: max }, { type: 'null' }] }) as const;

export const sendCardBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'articleId'],
  properties: {
    clientId: { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxClientIdLength, pattern: '^[A-Za-z0-9_.:-]+$' },
    articleId: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;

export const visitorArticleSchema = {
  type: 'object',
  required: ['articleId', 'title', 'body', 'language'],
  properties: { articleId: str, title: str, body: str, language: str },
} as const;

const handoverSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['onRequest', 'unhelpfulTurns', 'negativeStreak', 'vip'],
  properties: {
    onRequest: { type: 'boolean', description: 'the visitor may ask for a person (button or phrase)' },
    unhelpfulTurns: { ...count(BOT_LIMITS.maxTurns), description: 'hand over after this many turns with nothing found or "did not help"; null never' },
    negativeStreak: { ...count(BOT_LIMITS.maxStreak), description: 'hand over after this many negative messages in a row; null never' },
    vip: { type: 'boolean', description: 'a customer of level vip goes straight to a person' },
  },
} as const;

export const botSettingsBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['mode', 'calendarId', 'handover'],
  properties: {
    mode: { type: 'string', enum: BOT_MODES },
    calendarId: { type: ['string', 'null'], maxLength: 100, description: "null: the chat's queue's calendar decides what is outside business hours" },
    handover: handoverSchema,
  },
} as const;

export const botSettingsSchema = {
  type: 'object',
  required: ['channel', 'mode', 'calendarId', 'handover'],
  properties: { channel: { type: 'string', enum: BOT_CHANNELS }, mode: { type: 'string', enum: BOT_MODES }, calendarId: { type: ['string', 'null'] }, handover: handoverSchema },
} as const;

export const botSettingsListSchema = { type: 'object', required: ['channels'], properties: { channels: { type: 'array', items: botSettingsSchema } } } as const;

const wordList = { type: 'array', maxItems: BOT_LIMITS.maxWords, items: { type: 'string', maxLength: 200, 'x-free-text': true } } as const;

export const botWordsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sentiment', 'negators', 'handoverPhrases'],
  properties: {
    sentiment: {
      type: 'array',
      maxItems: BOT_LIMITS.maxWords,
      items: { type: 'object', additionalProperties: false, required: ['word', 'weight'], properties: { word: { type: 'string', maxLength: 200, 'x-free-text': true }, weight: { type: 'number' } } },
    },
    negators: wordList,
    handoverPhrases: wordList,
  },
} as const;

export const botReportQuerySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: { from: { ...int, minimum: 0 }, to: { ...int, minimum: 0 }, limit: { type: 'integer', minimum: 1, maximum: 100 } },
} as const;

export const botReportSchema = {
  type: 'object',
  required: ['from', 'to', 'chats', 'solved', 'handedOver', 'articles'],
  properties: {
    from: int,
    to: int,
    chats: { ...int, description: 'chats the bot answered first' },
    solved: { ...int, description: 'of those, solved by an article and never handed to a person' },
    handedOver: { type: 'object', required: [...HANDOVER_REASONS], properties: Object.fromEntries(HANDOVER_REASONS.map((r) => [r, int])) },
    articles: { type: 'array', items: { type: 'object', required: ['articleId', 'title', 'solved'], properties: { articleId: str, title: str, solved: int } } },
  },
} as const;
