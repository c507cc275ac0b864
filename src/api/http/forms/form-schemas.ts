/** JSON schemas of the forms-and-surveys routes (src/forms/form-rules.ts holds the rules). */
import { FIELD_KINDS, FORM_KINDS, FORM_LIMITS, IDENTITIES } from '../../../forms/form-rules.js';
import { PRECHAT_CHANNELS } from '../../../forms/form-service.js';

const text = (max: number) => ({ type: 'string', maxLength: max, 'x-free-text': true }) as const;
const label = { type: 'object', additionalProperties: false, required: ['en', 'zh'], properties: { en: text(FORM_LIMITS.maxLabelLength), zh: text(FORM_LIMITS.maxLabelLength) } } as const;
const int = { type: 'integer', minimum: 0, maximum: 100_000 } as const;

export const fieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'kind', 'label', 'required'],
  properties: {
    // The pattern is the domain's (FORM_INVALID names the field), so any name gets a coded answer.
    name: { type: 'string', maxLength: 60 },
    kind: { type: 'string', enum: FIELD_KINDS },
    label,
    required: { type: 'boolean' },
    min: { type: 'number' },
    max: { type: 'number' },
    minLength: int,
    maxLength: { type: 'integer', minimum: 1, maximum: FORM_LIMITS.maxTextLength },
    options: {
      type: 'array',
      maxItems: 40,
      items: { type: 'object', additionalProperties: false, required: ['value', 'label'], properties: { value: { type: 'string', maxLength: 60 }, label } },
    },
    identity: { type: 'string', enum: IDENTITIES },
  },
} as const;

export const definitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'title', 'fields'],
  properties: { kind: { type: 'string', enum: FORM_KINDS }, title: label, fields: { type: 'array', maxItems: 60, items: fieldSchema } },
} as const;

export const formInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'definition'],
  properties: { name: { type: 'string', maxLength: 100 }, definition: definitionSchema },
} as const;

export const formSchema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'version', 'definition', 'archived', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: FORM_KINDS },
    name: { type: 'string' },
    version: { type: 'integer' },
    definition: definitionSchema,
    archived: { type: 'boolean' },
    createdAt: { type: 'number' },
    updatedAt: { type: 'number' },
  },
} as const;

export const formsSchema = { type: 'object', required: ['forms'], properties: { forms: { type: 'array', items: formSchema } } } as const;

export const prechatSchema = {
  type: 'object',
  required: ['channels'],
  properties: { channels: { type: 'object', description: 'channel -> form id', additionalProperties: { type: 'string' } } },
} as const;

export const prechatInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['formId'],
  properties: { formId: { type: ['string', 'null'], maxLength: 100 } },
} as const;

export const channelParamsSchema = { type: 'object', required: ['channel'], properties: { channel: { type: 'string', enum: PRECHAT_CHANNELS } } } as const;

const answers = { type: 'object', additionalProperties: { type: ['string', 'number'] } } as const;

/** A form put to a chat, with the definition it was sent with and its answer (null: not answered yet). */
export const chatFormSchema = {
  type: 'object',
  required: ['requestId', 'chatId', 'formId', 'version', 'name', 'prechat', 'ticketId', 'sentAt', 'definition', 'answer'],
  properties: {
    requestId: { type: 'string' },
    chatId: { type: 'string' },
    formId: { type: 'string' },
    version: { type: 'integer' },
    name: { type: 'string' },
    prechat: { type: 'boolean' },
    ticketId: { type: ['string', 'null'] },
    sentAt: { type: 'number' },
    definition: definitionSchema,
    answer: { anyOf: [{ type: 'null' }, { type: 'object', required: ['answers', 'at'], properties: { answers, at: { type: 'number' } } }] },
  },
} as const;

export const chatFormsSchema = { type: 'object', required: ['forms'], properties: { forms: { type: 'array', items: chatFormSchema } } } as const;

export const sendFormSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['formId'],
  properties: { formId: { type: 'string', minLength: 1, maxLength: 100 }, ticketId: { type: 'string', minLength: 1, maxLength: 100, description: 'add the answers to this ticket as an internal note' },
    toChatTicket: { type: 'boolean', description: 'add the answers to the ticket the chat was made into or linked to (FORM_CHAT_NO_TICKET when none)' },
  },
} as const;
