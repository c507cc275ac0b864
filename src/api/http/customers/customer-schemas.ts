/** JSON schema of a customer's calls (the customer page lists them beside the profile). */
import { CUSTOMER_CALLS } from '../../../customers/customer-record.js';

const str = { type: 'string' } as const;

export const customerCallsSchema = {
  type: 'object',
  required: ['calls'],
  properties: {
    calls: {
      type: 'array',
      maxItems: CUSTOMER_CALLS,
      description: 'calls from (inbound) or to (outbound) any of the numbers, newest first',
      items: {
        type: 'object',
        required: ['id', 'direction', 'number', 'startedAt'],
        properties: {
          id: str,
          direction: { type: 'string', enum: ['inbound', 'outbound'] },
          number: { type: 'string', description: "the customer's number on this call" },
          startedAt: { type: 'integer' },
          answeredAt: { type: 'integer' },
          endedAt: { type: 'integer' },
          outcome: str,
          agentName: str,
          queueName: str,
        },
      },
    },
  },
} as const;

/** A customer's timeline page (GET /api/customers/{id}/timeline). */
const int = { type: 'integer' } as const;

export const timelineSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    next: { type: 'string', description: 'pass as `before` for the next (older) page; absent on the last page' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'id', 'at'],
        properties: {
          kind: { type: 'string', enum: ['call', 'chat', 'ticket'] },
          id: str,
          at: { ...int, description: 'epoch ms: call started, chat started, ticket created' },
          direction: { type: 'string', enum: ['inbound', 'outbound'] },
          number: str,
          answeredAt: int,
          endedAt: int,
          outcome: str,
          endReason: str,
          state: str,
          agentName: str,
          queueName: str,
          ivrPath: { type: 'array', items: str },
          survey: { type: 'object', additionalProperties: str, description: 'a satisfaction survey: what a post-call survey stored (a rating), or a chat survey as rating 1-5 and comment' },
          recordingIds: { type: 'array', items: str, description: 'only for users who may listen (records.view)' },
          subject: str,
          status: str,
          priority: str,
        },
      },
    },
  },
} as const;


/** A merge of one customer into another (POST /api/customers/{id}/merge and its undo). */
export const mergeSchema = {
  type: 'object',
  required: ['id', 'keptId', 'mergedId', 'mergedName', 'mergedAt', 'mergedBy', 'undoneAt', 'undoneBy', 'movedIdentities', 'movedTickets'],
  properties: {
    id: { type: 'string' },
    keptId: { type: 'string' },
    mergedId: { type: 'string', description: 'the customer merged away (restored by an undo)' },
    mergedName: { type: 'string' },
    mergedAt: { type: 'integer' },
    mergedBy: { type: ['string', 'null'] },
    undoneAt: { type: ['integer', 'null'] },
    undoneBy: { type: ['string', 'null'] },
    movedIdentities: { type: 'integer' },
    movedTickets: { type: 'integer' },
  },
} as const;
