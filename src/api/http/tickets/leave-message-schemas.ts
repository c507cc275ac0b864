/** JSON schemas of the leave-a-message template routes (src/tickets/leave-message-template.ts). */
import { LEAVE_MESSAGE_CHANNELS, MAX_FIELDS } from '../../../tickets/leave-message-template.js';

const label = { type: 'string', minLength: 1, maxLength: 100 } as const;
/** A text in both page languages (a field's label, a template's name). */
const bilingual = { type: 'object', additionalProperties: false, required: ['en', 'zh'], properties: { en: label, zh: label } } as const;
const bilingualOut = { type: 'object', required: ['en', 'zh'], properties: { en: { type: 'string' }, zh: { type: 'string' } } } as const;

const fieldInput = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'label', 'kind', 'required'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z][A-Za-z0-9_]*$' },
    label: bilingual,
    // Any string: an unknown kind is refused by the domain with TEMPLATE_FIELD_KIND_UNKNOWN.
    kind: { type: 'string', minLength: 1, maxLength: 40, description: 'text, email, phone or long_text' },
    required: { type: 'boolean' },
  },
} as const;

export const templateInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['channel', 'businessLine', 'name', 'fields'],
  properties: {
    channel: { type: 'string', enum: LEAVE_MESSAGE_CHANNELS },
    businessLine: { type: 'string', minLength: 1, maxLength: 60, description: 'for example pre_sales, after_sales' },
    name: { ...bilingual, description: 'shown to the visitor in their language when the channel offers several' },
    // minItems is left to the domain, so that no fields gets its own code (TEMPLATE_NO_FIELDS).
    fields: { type: 'array', maxItems: MAX_FIELDS, items: fieldInput },
    enabled: { type: 'boolean' },
  },
} as const;

export const templateSchema = {
  type: 'object',
  required: ['id', 'channel', 'businessLine', 'name', 'fields', 'enabled', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    channel: { type: 'string', enum: LEAVE_MESSAGE_CHANNELS },
    businessLine: { type: 'string' },
    name: bilingualOut,
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'label', 'kind', 'required'],
        properties: { name: { type: 'string' }, label: bilingualOut, kind: { type: 'string' }, required: { type: 'boolean' } },
      },
    },
    enabled: { type: 'boolean' },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const templateListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { channel: { type: 'string', enum: LEAVE_MESSAGE_CHANNELS } },
} as const;
