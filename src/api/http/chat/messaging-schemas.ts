/** JSON schemas of messaging connectors and the inbound webhook (docs/messaging-webhook.md explains them). */
import { MESSAGING_LIMITS } from '../../../chat/messaging/messaging-rules.js';

const str = { type: 'string' } as const;

export const connectorInputSchema = {
  type: 'object',
  required: ['name', 'platform', 'deliveryUrl'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: MESSAGING_LIMITS.maxName },
    platform: { type: 'string', minLength: 1, maxLength: MESSAGING_LIMITS.maxPlatform, description: 'free text such as "wechat" or "line" (stored in lower case): matched with customers\' messaging identities' },
    deliveryUrl: { type: 'string', minLength: 8, maxLength: 2000, description: 'agent and bot replies are POSTed here, signed with the secret' },
    queueId: { anyOf: [{ type: 'string', minLength: 1, maxLength: 100 }, { type: 'null' }], description: "the chat queue its chats enter; null or absent: the daemon's default chat queue" },
    enabled: { type: 'boolean' },
  },
} as const;

export const connectorSchema = {
  type: 'object',
  required: ['id', 'name', 'platform', 'deliveryUrl', 'queueId', 'enabled', 'createdAt', 'updatedAt'],
  properties: {
    id: str,
    name: str,
    platform: str,
    deliveryUrl: str,
    queueId: { type: ['string', 'null'] },
    enabled: { type: 'boolean' },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

/** Creation and rotation: the only answers that carry the secret. */
export const connectorWithSecretSchema = {
  type: 'object',
  required: ['connector', 'secret'],
  properties: { connector: connectorSchema, secret: { type: 'string', description: 'shown this once: it is never shown again' } },
} as const;

const platformId = { type: 'string', minLength: 1, maxLength: MESSAGING_LIMITS.maxId } as const;

export const inboundBodySchema = {
  type: 'object',
  required: ['messageId', 'from'],
  additionalProperties: false,
  properties: {
    messageId: { ...platformId, description: "the platform's id of the message: a retry with the same id stores nothing new" },
    from: {
      type: 'object',
      required: ['id'],
      additionalProperties: false,
      properties: { id: { ...platformId, description: "the platform user's id" }, name: { type: 'string', maxLength: MESSAGING_LIMITS.maxUserName } },
    },
    text: { type: 'string', maxLength: MESSAGING_LIMITS.maxText, 'x-free-text': true },
    attachments: { type: 'array', maxItems: 20, description: 'not supported yet: a non-empty list is MESSAGING_ATTACHMENTS_UNSUPPORTED' },
    sentAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const inboundParamsSchema = {
  type: 'object',
  required: ['connectorId'],
  additionalProperties: false,
  properties: { connectorId: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

export const inboundReplySchema = {
  type: 'object',
  required: ['chatId', 'seq', 'duplicate'],
  properties: { chatId: str, seq: { type: 'integer' }, duplicate: { type: 'boolean', description: 'true: this messageId was taken before; nothing new was stored' } },
} as const;

/** Where a chat came from when a messaging connector brought it (the agent workspace shows it). */
export const chatSourceSchema = {
  type: 'object',
  required: ['messaging'],
  properties: {
    messaging: {
      anyOf: [
        { type: 'object', required: ['connectorName', 'platform'], properties: { connectorName: str, platform: str } },
        { type: 'null' },
      ],
      description: 'null: the chat came through the widget (or its connector was deleted)',
    },
  },
} as const;
