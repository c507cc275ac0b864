/** JSON schemas of the ACD routes (agent desk, supervisor commands, real-time view). */
import { MEDIA } from '../../../core/vocabulary.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const countMap = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export const AGENT_STATES = ['logged_out', 'available', 'not_ready', 'offered', 'on_contact', 'wrap_up', 'outbound'] as const;
export const SETTABLE_STATES = ['available', 'not_ready', 'outbound'] as const;

export const contactViewSchema = {
  type: 'object',
  required: ['id', 'media', 'queueId', 'priority', 'attributes', 'enqueuedAt', 'state'],
  properties: {
    id: str,
    media: { type: 'string', enum: MEDIA },
    queueId: str,
    priority: num,
    attributes: { type: 'object', additionalProperties: { type: 'string' } },
    requiredSkills: { type: 'object', additionalProperties: { type: 'number' } },
    customerLevel: str,
    enqueuedAt: int,
    state: str,
    agentId: str,
    callbackNumber: str,
    position: int,
    waitedMs: int,
  },
} as const;

export const offerViewSchema = {
  type: 'object',
  required: ['id', 'kind', 'contactId', 'agentId', 'queueId', 'media', 'offeredAt', 'expiresAt', 'contact'],
  properties: {
    id: str,
    kind: str,
    contactId: str,
    agentId: str,
    queueId: str,
    media: str,
    offeredAt: int,
    expiresAt: int,
    phone: str,
    contact: contactViewSchema,
  },
} as const;

export const deskSchema = {
  type: 'object',
  required: ['agentId', 'state', 'presence', 'reason', 'phone', 'chatCapacity', 'stateSince', 'wrapUpEndsAt', 'serverTime', 'loginAt', 'work', 'offers'],
  properties: {
    agentId: str,
    state: { type: 'string', enum: AGENT_STATES },
    presence: str,
    reason: nullableStr,
    phone: nullableStr,
    chatCapacity: int,
    stateSince: { type: 'integer', description: 'when the current state began (epoch ms): time in state is serverTime - stateSince' },
    wrapUpEndsAt: { type: ['integer', 'null'], description: 'in wrap_up: when the state ends by itself (the last wrap-up on the desk); else null' },
    serverTime: { type: 'integer', description: "the server's clock when this was answered: count time in state and the wrap-up down from it" },
    loginAt: nullableInt,
    missedOffers: int,
    work: {
      type: 'array',
      items: {
        type: 'object',
        required: ['contactId', 'media', 'queueId', 'phase', 'since'],
        properties: {
          contactId: str,
          callId: { type: 'string', description: 'the call of a voice or callback contact (for its screen-pop and wrap-up)' },
          media: str,
          queueId: str,
          phase: str,
          since: int,
          acceptedAt: nullableInt,
          wrapUpEndsAt: nullableInt,
        },
      },
    },
    offers: { type: 'array', items: offerViewSchema },
  },
} as const;

/** At most this many waiting contacts in one answer unless the caller asks for fewer or more (up to the maximum). */
export const WAITING_PAGE = { default: 100, maximum: 500 } as const;

export const waitingListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: WAITING_PAGE.maximum, default: WAITING_PAGE.default } },
} as const;

export const waitingListSchema = {
  type: 'object',
  required: ['contacts'],
  properties: {
    contacts: { type: 'array', items: contactViewSchema },
    /** How many wait in those queues in all: more than `contacts` holds when the page was cut. */
    total: { type: 'integer', minimum: 0 },
  },
} as const;

export const queueLiveSchema = {
  type: 'object',
  required: ['queueId', 'strategy', 'contacts', 'staffed', 'available', 'averageHandleMs', 'estimatedWaitMs'],
  properties: {
    queueId: str,
    strategy: str,
    contacts: { type: 'array', items: contactViewSchema },
    staffed: { type: 'object', properties: { voice: int, chat: int } },
    available: { type: 'object', properties: { voice: int, chat: int } },
    averageHandleMs: int,
    estimatedWaitMs: nullableInt,
  },
} as const;

export const realtimeSchema = {
  type: 'object',
  required: ['at', 'day', 'queues', 'teams'],
  properties: {
    at: int,
    day: str,
    queues: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          queueId: str,
          waiting: int,
          longestWaitMs: int,
          offered: int,
          answered: int,
          abandoned: int,
          exited: int,
          answeredInSl: int,
          serviceLevel: { type: ['number', 'null'] },
          averageWaitMs: nullableInt,
          averageHandleMs: nullableInt,
          handled: int,
          agentsByState: countMap,
          notReadyByReason: countMap,
        },
      },
    },
    teams: {
      type: 'array',
      items: {
        type: 'object',
        properties: { teamId: str, agentsByState: countMap, notReadyByReason: countMap, answered: int, handled: int, averageHandleMs: nullableInt },
      },
    },
  },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const reasonField = { type: 'string', minLength: 1, maxLength: 64 } as const;
