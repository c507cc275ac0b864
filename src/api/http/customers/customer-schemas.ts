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
