/** JSON schemas of the Today figures and trends (src/supervision/today-figures.ts). */

const int = { type: 'integer' } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const nullableNum = { type: ['number', 'null'] } as const;
const str = { type: 'string' } as const;

const GROUP_FIELDS = [
  'offered',
  'answered',
  'abandonedInQueue',
  'abandonedInIvr',
  'answerRate',
  'answeredInServiceLevel',
  'serviceLevel',
  'averageWaitMs',
  'longestWaitMs',
  'averageHandleMs',
  'callbacksPending',
  'chats',
] as const;

const chatFigures = {
  type: 'object',
  required: ['active', 'waiting', 'messagesToday', 'ended', 'averageDurationMs'],
  properties: { active: int, waiting: int, messagesToday: int, ended: int, averageDurationMs: nullableInt },
} as const;

const groupProperties = {
  offered: int,
  answered: int,
  abandonedInQueue: int,
  abandonedInIvr: nullableInt,
  answerRate: nullableNum,
  answeredInServiceLevel: int,
  serviceLevel: nullableNum,
  averageWaitMs: nullableInt,
  longestWaitMs: int,
  averageHandleMs: nullableInt,
  callbacksPending: int,
  chats: chatFigures,
} as const;

const groupSchema = { type: 'object', required: GROUP_FIELDS, properties: groupProperties } as const;

export const todayFiguresSchema = {
  type: 'object',
  required: ['since', 'at', 'timeZone', 'center', 'queues', 'teams'],
  properties: {
    since: int,
    at: int,
    timeZone: str,
    center: { anyOf: [groupSchema, { type: 'null' }] },
    queues: {
      type: 'array',
      items: { type: 'object', required: ['queueId', 'name', 'serviceLevelMs', ...GROUP_FIELDS], properties: { queueId: str, name: str, serviceLevelMs: int, ...groupProperties } },
    },
    teams: {
      type: 'array',
      items: { type: 'object', required: ['teamId', 'name', 'queueIds', ...GROUP_FIELDS], properties: { teamId: str, name: str, queueIds: { type: 'array', items: str }, ...groupProperties } },
    },
  },
} as const;

export const todayTrendsSchema = {
  type: 'object',
  required: ['since', 'at', 'timeZone', 'intervalMs', 'intervals'],
  properties: {
    since: int,
    at: int,
    timeZone: str,
    intervalMs: int,
    intervals: {
      type: 'array',
      items: {
        type: 'object',
        required: ['start', 'inboundOffered', 'inboundAnswered', 'inboundAbandoned', 'outboundDialed', 'outboundAnswered', 'agents'],
        properties: {
          start: int,
          inboundOffered: int,
          inboundAnswered: int,
          inboundAbandoned: int,
          outboundDialed: int,
          outboundAnswered: int,
          agents: { type: 'object', required: ['available', 'not_ready', 'on_contact', 'wrap_up'], properties: { available: int, not_ready: int, on_contact: int, wrap_up: int } },
        },
      },
    },
  },
} as const;
