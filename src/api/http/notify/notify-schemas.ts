/** JSON schemas of outcome-notification rules and deliveries (docs/notifications.md explains them). */
const str = { type: 'string' } as const;
const queueIds = { type: 'array', maxItems: 100, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 100 }, description: 'empty: every queue' } as const;
const names = { type: 'array', minItems: 1, maxItems: 20, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 40 } } as const;

const trigger = {
  oneOf: [
    { type: 'object', required: ['media', 'outcomes', 'queueIds'], additionalProperties: false, properties: { media: { const: 'call' }, outcomes: names, queueIds } },
    { type: 'object', required: ['media', 'endings', 'queueIds'], additionalProperties: false, properties: { media: { const: 'chat' }, endings: names, queueIds } },
  ],
} as const;

const url = { type: 'string', minLength: 8, maxLength: 2000 } as const;
const channel = {
  oneOf: [
    { type: 'object', required: ['kind', 'url'], additionalProperties: false, properties: { kind: { const: 'webhook' }, url } },
    {
      type: 'object',
      required: ['kind', 'url', 'to', 'template'],
      additionalProperties: false,
      properties: { kind: { const: 'sms' }, url, to: { type: 'string', minLength: 1, maxLength: 20 }, template: { type: 'string', minLength: 1, maxLength: 480 } },
    },
  ],
} as const;

export const ruleInputSchema = {
  type: 'object',
  required: ['name', 'trigger', 'channel'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    enabled: { type: 'boolean' },
    trigger,
    channel,
    secret: { anyOf: [{ type: 'string', minLength: 16, maxLength: 200 }, { type: 'null' }], description: 'write-only; omitted on update keeps the stored one' },
  },
} as const;

export const ruleSchema = {
  type: 'object',
  required: ['id', 'name', 'enabled', 'trigger', 'channel', 'hasSecret', 'createdAt', 'updatedAt'],
  properties: {
    id: str,
    name: str,
    enabled: { type: 'boolean' },
    trigger: { type: 'object', additionalProperties: true },
    channel: { type: 'object', additionalProperties: true },
    hasSecret: { type: 'boolean' },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const deliverySchema = {
  type: 'object',
  required: ['id', 'ruleId', 'sourceId', 'channel', 'body', 'status', 'attempts', 'nextAttemptAt', 'createdAt'],
  properties: {
    id: str,
    ruleId: str,
    sourceId: { type: 'string', description: 'the call (or chat) it is about' },
    channel: { type: 'string', enum: ['webhook', 'sms', 'messaging'], description: 'messaging: a reply to a messaging platform; ruleId is then the connector (docs/messaging-webhook.md)' },
    body: { type: 'string', description: 'the JSON sent, the same on every attempt' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: 'integer' },
    lastError: str,
    lastHttpStatus: { type: 'integer' },
    createdAt: { type: 'integer' },
    deliveredAt: { type: 'integer' },
  },
} as const;

export const deliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    ruleId: { type: 'string', minLength: 1, maxLength: 100 },
    beforeAt: { type: 'integer', minimum: 0, description: 'keyset paging: createdAt of the last row seen (with beforeId)' },
    beforeId: { type: 'string', minLength: 1, maxLength: 100 },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
  },
  dependencies: { beforeAt: ['beforeId'], beforeId: ['beforeAt'] },
} as const;
