/** Schemas of the chat records routes (chat-record-routes.ts); an unknown filter is refused, not ignored. */
import { CHAT_CHANNELS, CHAT_OUTCOMES, END_REASONS } from '../../../chat/protocol.js';

const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const OUTCOME_FILTERS = [...CHAT_OUTCOMES, 'none'] as const;

/** The search filters (src/chat/chat-record-search.ts). */
const chatRecordFilters = {
  from: { type: 'integer', minimum: 0, description: 'created at or after (epoch ms); required' },
  to: { type: 'integer', minimum: 0, description: 'created before (epoch ms); required' },
  agentId: id,
  teamId: id,
  queueId: id,
  outcome: { type: 'array', items: { type: 'string', enum: OUTCOME_FILTERS }, maxItems: OUTCOME_FILTERS.length, description: 'any of these (repeat the parameter); none: ended without an outcome' },
  endReason: { type: 'array', items: { type: 'string', enum: END_REASONS }, maxItems: END_REASONS.length, description: 'why it ended, any of these (repeat the parameter)' },
  tag: { type: 'string', minLength: 1, maxLength: 100, description: 'chats with this tag (any case and spacing, as tags are stored)' },
  visitor: { type: 'string', minLength: 1, maxLength: 100, description: "part of the visitor's name, any case" },
  minDuration: { type: 'integer', minimum: 0, maximum: 864_000, description: 'seconds from start to end, at least' },
  maxDuration: { type: 'integer', minimum: 0, maximum: 864_000, description: 'seconds from start to end, at most' },
} as const;

export const chatRecordsQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    ...chatRecordFilters,
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    before: { ...id, description: 'the last chat id of the previous page' },
  },
} as const;

export const chatRecordsExportQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    ...chatRecordFilters,
    format: { type: 'string', enum: ['csv', 'xlsx-csv'], default: 'csv', description: 'xlsx-csv: starts with a UTF-8 byte-order mark so that Excel reads Chinese text' },
  },
} as const;

const chatRecordSchema = {
  type: 'object',
  required: ['id', 'queueId', 'visitorName', 'channel', 'createdAt', 'messageCount', 'tags'],
  properties: {
    id: { type: 'string' },
    queueId: { type: 'string' },
    agentId: { type: 'string' },
    visitorName: { type: 'string' },
    channel: { type: 'string', enum: CHAT_CHANNELS },
    createdAt: { type: 'integer' },
    assignedAt: { type: 'integer' },
    endedAt: { type: 'integer' },
    endReason: { type: 'string', enum: END_REASONS },
    outcome: { type: 'string', enum: CHAT_OUTCOMES },
    outcomeReason: { type: 'string' },
    messageCount: { type: 'integer', description: 'messages of the visitor, agents, bot and system' },
    tags: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const chatRecordsResponse = { type: 'object', required: ['chats'], properties: { chats: { type: 'array', items: chatRecordSchema } } } as const;
