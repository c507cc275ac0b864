/** JSON schemas of the screen-pop and the wrap-up routes. */
import { wrapUpSchema } from './call-schemas.js';
import { crmAnswerSchema } from '../customers/crm-schemas.js';

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;

export const screenPopSchema = {
  type: 'object',
  required: ['callId', 'from', 'callerName', 'to', 'queue', 'waitedMs', 'ivr', 'customer', 'crm', 'previousCalls'],
  properties: {
    callId: str,
    from: { type: 'string', description: 'the caller (inbound), the agent id (click-to-dial)' },
    callerName: str,
    to: { type: 'string', description: 'the number dialed' },
    queue: { anyOf: [{ type: 'object', required: ['id', 'name'], properties: { id: str, name: str } }, { type: 'null' }] },
    waitedMs: { type: 'integer', description: 'time in queue until answered (until now while waiting)' },
    ivr: {
      type: 'array',
      items: {
        type: 'object',
        required: ['node', 'kind'],
        properties: { node: str, kind: str, digits: { type: 'string', description: 'keys pressed there' }, speech: { type: 'string', description: 'what a speech menu understood' } },
      },
    },
    customer: {
      anyOf: [
        {
          type: 'object',
          required: ['id', 'name', 'tags', 'numbers'],
          properties: { id: str, name: str, company: str, level: str, tags: strings, numbers: strings },
        },
        { type: 'null' },
      ],
    },
    crm: { anyOf: [crmAnswerSchema, { type: 'null' }], description: 'what the configured CRM answered about the caller (null: none configured, nothing known, or no answer in time)' },
    previousCalls: {
      type: 'array',
      maxItems: 5,
      items: {
        type: 'object',
        required: ['id', 'startedAt', 'direction'],
        properties: { id: str, startedAt: { type: 'integer' }, direction: { type: 'string', enum: ['inbound', 'outbound'] }, outcome: str, agentName: str, queueName: str },
      },
    },
  },
} as const;

export const wrapUpBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    disposition: { type: ['string', 'null'], minLength: 1, maxLength: 100, description: 'a disposition id (GET /api/dispositions?active=true); null clears; omitted keeps' },
    note: { type: 'string', maxLength: 2000, 'x-free-text': true, description: "the agent's note; '' clears; omitted keeps" },
  },
} as const;

export const wrapUpResponse = {
  type: 'object',
  required: ['callId', 'wrapUp'],
  properties: { callId: str, wrapUp: wrapUpSchema },
} as const;
