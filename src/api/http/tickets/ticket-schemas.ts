/** JSON schemas of the ticket routes (src/tickets/model.ts is the model they describe). */
import { REPLY_VISIBILITIES, TICKET_PRIORITIES, TICKET_STATUSES } from '../../../tickets/model.js';

const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const nullableId = { anyOf: [id, { type: 'null' }] } as const;
const status = { type: 'string', enum: TICKET_STATUSES } as const;
const priority = { type: 'string', enum: TICKET_PRIORITIES } as const;
const subject = { type: 'string', minLength: 1, maxLength: 200 } as const;
const text = { type: 'string', maxLength: 20_000, 'x-free-text': true } as const;

export const ticketSchema = {
  type: 'object',
  required: ['id', 'subject', 'description', 'status', 'priority', 'customerId', 'visitorId', 'assigneeId', 'teamId', 'createdBy', 'createdAt', 'updatedAt', 'dueAt', 'deletedReason', 'version', 'overdue'],
  properties: {
    id: { type: 'string' },
    subject: { type: 'string' },
    description: { type: 'string' },
    status,
    priority,
    customerId: { type: ['string', 'null'] },
    visitorId: { type: ['string', 'null'] },
    assigneeId: { type: ['string', 'null'], description: 'agent id' },
    teamId: { type: ['string', 'null'] },
    createdBy: { type: 'string', description: 'user id' },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
    dueAt: { type: 'integer', description: 'epoch ms when the SLA of its priority runs out' },
    deletedReason: { type: ['string', 'null'] },
    version: { type: 'integer' },
    overdue: { type: 'boolean', description: 'still being worked and past its due time' },
  },
} as const;

export const replySchema = {
  type: 'object',
  required: ['id', 'ticketId', 'visibility', 'body', 'authorId', 'at'],
  properties: {
    id: { type: 'string' },
    ticketId: { type: 'string' },
    visibility: { type: 'string', enum: REPLY_VISIBILITIES },
    body: { type: 'string' },
    authorId: { type: 'string' },
    at: { type: 'integer' },
  },
} as const;

export const historySchema = {
  type: 'object',
  required: ['at', 'by', 'field', 'from', 'to'],
  properties: { at: { type: 'integer' }, by: { type: 'string' }, field: { type: 'string' }, from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } },
} as const;

/** A file of a ticket (bytes: GET /api/tickets/:id/attachments/:attachmentId). */
export const ticketAttachmentSchema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'size', 'contentType', 'replyId', 'at'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['image', 'file', 'video', 'voice'] },
    name: { type: 'string' },
    size: { type: 'integer' },
    contentType: { type: 'string' },
    replyId: { type: ['string', 'null'] },
    at: { type: 'integer' },
  },
} as const;

const bilingualOrNull = { type: ['object', 'null'], required: ['en', 'zh'], properties: { en: { type: 'string' }, zh: { type: 'string' } } } as const;

export const ticketDetailSchema = {
  type: 'object',
  required: ['ticket', 'replies', 'history', 'people', 'attachments', 'voicemail', 'leftMessage'],
  properties: {
    ticket: ticketSchema,
    leftMessage: {
      type: ['object', 'null'],
      required: ['templateId', 'templateName', 'fields'],
      properties: {
        templateId: { type: 'string' },
        templateName: { ...bilingualOrNull, description: 'null: the template was deleted since' },
        fields: {
          type: 'array',
          description: "the visitor's values in the template's order, each with the template's label (null: the template no longer has that field)",
          items: { type: 'object', required: ['name', 'label', 'value'], properties: { name: { type: 'string' }, label: bilingualOrNull, value: { type: 'string' } } },
        },
      },
      description: 'the message a visitor left with a leave-a-message template that the ticket was made from; null for other tickets',
    },
    voicemail: {
      type: ['object', 'null'],
      required: ['durationMs'],
      additionalProperties: false,
      properties: { durationMs: { type: ['integer', 'null'] } },
      description: 'the voicemail the ticket was made from (GET /api/tickets/{id}/voicemail plays it, with records.view); null for other tickets',
    },
    attachments: { type: 'array', items: ticketAttachmentSchema, description: 'files of the ticket and its replies (replyId), oldest first' },
    replies: { type: 'array', items: replySchema },
    history: { type: 'array', items: historySchema },
    people: { type: 'object', additionalProperties: { type: 'string' }, description: 'display name by user id, for authors and history' },
  },
} as const;

export const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    view: { type: 'string', enum: ['mine', 'my_teams', 'unassigned', 'overdue'] },
    status: { type: 'array', maxItems: 6, items: status, description: 'repeat for several; default every status but deleted' },
    priority: { type: 'array', maxItems: 4, items: priority },
    assignee: id,
    team: id,
    customer: id,
    overdue: { type: 'boolean' },
    limit: { type: 'integer', minimum: 1, maximum: 200 },
    beforeAt: { type: 'integer', description: 'keyset paging: createdAt of the last ticket of the previous page' },
    beforeId: { type: 'string', maxLength: 100, description: 'keyset paging: id of the last ticket of the previous page' },
  },
  dependencies: { beforeAt: ['beforeId'], beforeId: ['beforeAt'] },
} as const;

export const listResponse = {
  type: 'object',
  required: ['tickets', 'next'],
  properties: {
    tickets: { type: 'array', items: ticketSchema },
    next: {
      anyOf: [{ type: 'null' }, { type: 'object', required: ['beforeAt', 'beforeId'], properties: { beforeAt: { type: 'integer' }, beforeId: { type: 'string' } } }],
      description: 'the query parameters of the next page; null on the last page',
    },
  },
} as const;

export const createBody = {
  type: 'object',
  required: ['subject'],
  additionalProperties: false,
  properties: {
    subject,
    description: text,
    priority,
    customerId: nullableId,
    visitorId: { ...nullableId, description: 'the chat visitor it belongs to (sees its public replies in the widget)' },
    chatId: { ...id, description: 'made from this chat: the ticket belongs to its visitor (chats you may read)' },
    assigneeId: nullableId,
    teamId: nullableId,
  },
} as const;

export const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { subject, description: text, priority, customerId: nullableId, assigneeId: nullableId, teamId: nullableId },
} as const;

export const transitionBody = {
  type: 'object',
  required: ['to'],
  additionalProperties: false,
  properties: { to: status, reason: { type: 'string', maxLength: 500, description: 'required to delete' } },
} as const;

export const replyBody = {
  type: 'object',
  required: ['visibility', 'body'],
  additionalProperties: false,
  properties: { visibility: { type: 'string', enum: REPLY_VISIBILITIES }, body: { type: 'string', minLength: 1, maxLength: 20_000, 'x-free-text': true } },
} as const;

export const linkChatBody = {
  type: 'object',
  additionalProperties: false,
  required: ['chatId'],
  properties: { chatId: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
