/** JSON schemas of the agent toolbar's own reads (/api/agent/today, directory, caller-ids, recent-numbers). */
import { AGENT_STATES } from '../acd/acd-schemas.js';

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;

export const todaySchema = {
  type: 'object',
  required: ['handled', 'missed', 'talkMs', 'longestTalkMs', 'since'],
  properties: {
    handled: { type: 'integer', description: 'calls answered with the customer connected' },
    missed: { type: 'integer', description: 'call offers that rang out or were rejected' },
    talkMs: { type: 'integer', description: 'answer to end of every answered leg, consultations and holds included' },
    longestTalkMs: int,
    since: { type: 'integer', description: "local midnight of the server's time zone (epoch ms)" },
  },
} as const;

export const directorySchema = {
  type: 'object',
  required: ['agents', 'queues'],
  properties: {
    agents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'displayName', 'number', 'state', 'teamIds'],
        properties: { id: str, displayName: str, number: str, state: { type: 'string', enum: AGENT_STATES }, teamIds: { type: 'array', items: str } },
      },
    },
    queues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'media', 'waiting', 'enabled'],
        properties: { id: str, name: str, media: str, waiting: { type: 'integer', description: 'contacts waiting now' }, enabled: { type: 'boolean' } },
      },
    },
  },
} as const;

export const callerIdsSchema = {
  type: 'object',
  required: ['callerIds', 'default'],
  properties: { callerIds: { type: 'array', items: str }, default: { type: ['string', 'null'], description: 'used when POST /api/calls/dial names none' } },
} as const;

export const recentNumbersSchema = {
  type: 'object',
  required: ['numbers'],
  properties: { numbers: { type: 'array', maxItems: 10, items: str, description: 'newest first, each once' } },
} as const;
