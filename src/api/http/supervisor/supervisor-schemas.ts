/** JSON schemas of the supervisor console's reads (GET /api/realtime/agents). */
import { AGENT_STATES } from '../acd/acd-schemas.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const countMap = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const phases = { type: 'object', required: ['ringing', 'talking', 'onHold'], properties: { ringing: int, talking: int, onHold: int } } as const;

/** floor-indicators.ts FloorCounts. */
export const floorCountsSchema = {
  type: 'object',
  required: ['agents', 'supervisors', 'calls'],
  properties: {
    agents: {
      type: 'object',
      required: ['online', 'available', 'notReady', 'wrapUp', 'outboundIdle', 'handling', 'dialingOut', 'consulted'],
      properties: {
        online: int,
        available: int,
        notReady: countMap,
        wrapUp: int,
        outboundIdle: int,
        handling: phases,
        dialingOut: phases,
        consulted: { type: 'object', required: ['ringing', 'threeWay', 'transferConsult'], properties: { ringing: int, threeWay: int, transferConsult: int } },
      },
    },
    supervisors: { type: 'object', required: ['listening', 'barging', 'handling', 'dialingOut'], properties: { listening: int, barging: int, handling: int, dialingOut: int } },
    calls: {
      type: 'object',
      required: ['inboundInProgress', 'waiting', 'longestWaitMs', 'inIvr', 'outboundInProgress'],
      properties: { inboundInProgress: int, waiting: int, longestWaitMs: int, inIvr: int, outboundInProgress: int },
    },
  },
} as const;

export const ACTIVITY_GROUPS = ['available', 'notReady', 'wrapUp', 'outboundIdle', 'handling', 'dialingOut', 'consulted'] as const;

export const listedAgentSchema = {
  type: 'object',
  required: ['agentId', 'name', 'number', 'teams', 'state', 'reason', 'stateSince', 'activity', 'contact', 'monitor', 'today'],
  properties: {
    agentId: str,
    name: str,
    number: str,
    teams: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: str, name: str } } },
    state: { type: 'string', enum: AGENT_STATES },
    reason: nullableStr,
    stateSince: int,
    /** Where the agent counts on the floor (floor-indicators.ts AgentActivity); null when logged out. */
    activity: {
      anyOf: [
        { type: 'null' },
        { type: 'object', required: ['group'], properties: { group: { type: 'string', enum: ACTIVITY_GROUPS }, phase: str, reason: str } },
      ],
    },
    contact: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['contactId', 'callId', 'media', 'caller', 'callerName', 'queueId', 'since'],
          properties: { contactId: nullableStr, callId: nullableStr, media: { type: 'string', enum: ['voice', 'chat', 'callback'] }, caller: nullableStr, callerName: nullableStr, queueId: nullableStr, since: int },
        },
      ],
    },
    /** The supervisor monitoring the agent now (listen / whisper / barge), null when nobody does. */
    monitor: {
      anyOf: [
        { type: 'null' },
        { type: 'object', required: ['supervisorId', 'mode', 'state'], properties: { supervisorId: str, mode: { type: 'string', enum: ['listen', 'whisper', 'barge'] }, state: str } },
      ],
    },
    today: { type: 'object', required: ['handled', 'missed'], properties: { handled: int, missed: int } },
  },
} as const;

/** A contact waiting in line or ringing an agent (floor-sources.ts WaitingContact), longest wait first. */
export const waitingContactSchema = {
  type: 'object',
  required: ['contactId', 'callId', 'caller', 'callerName', 'queueId', 'since'],
  properties: { contactId: str, callId: nullableStr, caller: nullableStr, callerName: nullableStr, queueId: str, since: int },
} as const;

export const realtimeAgentsSchema = {
  type: 'object',
  required: ['serverTime', 'agents', 'floor', 'waiting'],
  properties: {
    serverTime: int,
    agents: { type: 'array', items: listedAgentSchema },
    floor: floorCountsSchema,
    waiting: { type: 'array', items: waitingContactSchema },
  },
} as const;
