/** JSON schemas of the CRM lookup's settings, its test and its answer (docs/crm-lookup.md). */
import { CRM_LIMITS, CRM_METHODS } from '../../../customers/crm-lookup.js';

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;

/** The answer as pages get it: the documented shape, already cut to size (parseCrmAnswer). */
export const crmAnswerSchema = {
  type: 'object',
  required: ['tags', 'fields'],
  properties: {
    name: str,
    company: str,
    level: str,
    tags: strings,
    fields: { type: 'object', additionalProperties: str },
    link: { type: 'string', description: 'http(s) only' },
  },
} as const;

const rule = {
  type: 'object',
  required: ['level'],
  additionalProperties: false,
  properties: {
    level: { type: 'string', minLength: 1, maxLength: 50 },
    voiceQueueId: { type: 'string', minLength: 1, maxLength: 100 },
    chatQueueId: { type: 'string', minLength: 1, maxLength: 100 },
    priority: { type: 'integer', minimum: 0, maximum: CRM_LIMITS.maxPriority },
  },
} as const;

const settingsProperties = {
  enabled: { type: 'boolean' },
  url: { type: 'string', maxLength: 2000 },
  method: { type: 'string', enum: CRM_METHODS },
  headers: { type: 'object', additionalProperties: { type: 'string', maxLength: 1000 }, description: 'plain headers, shown to admins: put the secret in `secret`' },
  secretHeader: { type: 'string', maxLength: 64, description: 'the header that carries the secret' },
  timeoutMs: { type: 'integer', minimum: CRM_LIMITS.minTimeoutMs, maximum: CRM_LIMITS.maxTimeoutMs },
  cacheTtlSeconds: { type: 'integer', minimum: 0, maximum: CRM_LIMITS.maxCacheTtlSeconds },
  routing: { type: 'array', maxItems: CRM_LIMITS.maxRules, items: rule },
} as const;

const required = ['enabled', 'url', 'method', 'headers', 'secretHeader', 'timeoutMs', 'cacheTtlSeconds', 'routing'] as const;

export const crmSettingsInput = {
  type: 'object',
  required,
  additionalProperties: false,
  properties: {
    ...settingsProperties,
    secret: { anyOf: [{ type: 'string', minLength: 1, maxLength: 2000 }, { type: 'null' }], description: 'write-only; omitted keeps the stored one, null removes it' },
  },
} as const;

export const crmSettingsView = {
  type: 'object',
  required: [...required, 'secretSet'],
  properties: { ...settingsProperties, secretSet: { type: 'boolean', description: 'a secret is stored (its value is never shown)' } },
} as const;

export const crmTestBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: {
    phone: { type: 'string', minLength: 3, maxLength: 40, description: 'ask about a caller' },
    visitorId: { type: 'string', minLength: 1, maxLength: 100, description: 'ask about a chat visitor' },
  },
} as const;

export const crmResultSchema = {
  type: 'object',
  required: ['outcome', 'cached', 'elapsedMs'],
  properties: {
    outcome: { type: 'string', enum: ['answer', 'not_found', 'timeout', 'http_error', 'unreachable', 'bad_answer', 'disabled'] },
    answer: crmAnswerSchema,
    cached: { type: 'boolean' },
    error: str,
    httpStatus: { type: 'integer' },
    elapsedMs: { type: 'integer' },
  },
} as const;
