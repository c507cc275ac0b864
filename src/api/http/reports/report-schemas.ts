/** JSON schemas of the report routes (GET /api/reports/volume, /agents, /satisfaction). */
import { REPORT_INTERVALS } from '../../../reports/intervals.js';
import { SATISFACTION_GROUPINGS } from '../../../reports/satisfaction.js';
import { VOLUME_GROUPINGS } from '../../../reports/volume.js';

const range = {
  from: { type: 'integer', minimum: 0, description: 'start of the range, epoch ms (inclusive)' },
  to: { type: 'integer', minimum: 0, description: 'end of the range, epoch ms (exclusive); not after from: 400 INVALID_RANGE' },
  tz: { type: 'string', minLength: 1, maxLength: 64, description: "IANA time zone of the intervals and days (default: the center's); unknown: 400 VALIDATION_FAILED" },
} as const;
const format = { type: 'string', enum: ['json', 'csv', 'xlsx-csv'], default: 'json', description: 'csv or xlsx-csv (UTF-8 byte-order mark for Excel): a download' } as const;

export const volumeQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    ...range,
    interval: { type: 'string', enum: REPORT_INTERVALS, default: 'hour' },
    groupBy: { type: 'string', enum: VOLUME_GROUPINGS, default: 'none' },
    format,
  },
} as const;

export const agentsQuery = { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { ...range, format } } as const;

const int = { type: 'integer' } as const;
const intOrNull = { type: ['integer', 'null'] } as const;
const numOrNull = { type: ['number', 'null'] } as const;

const volumeFigures = {
  offered: int,
  answered: int,
  abandonedInQueue: int,
  abandonedInIvr: { ...intOrNull, description: 'null in rows that are not the whole center (an IVR abandon reaches no queue)' },
  answerRate: numOrNull,
  answeredInServiceLevel: int,
  serviceLevel: { ...numOrNull, description: "answered within the queue's serviceLevelSeconds (queue entry to answer) / offered" },
  averageWaitMs: intOrNull,
  longestWaitMs: int,
  averageHandleMs: { ...intOrNull, description: 'talk + hold + wrap-up, over answered calls that ended' },
  averageSpeedOfAnswerMs: intOrNull,
  averageTalkMs: intOrNull,
  averageHoldMs: intOrNull,
  averageWrapUpMs: intOrNull,
  transfers: int,
  callbacks: int,
} as const;

const group = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } } as const;

/** An interval report's answer (volume, satisfaction): intervals, groups, a row per interval and group, totals per group. */
function intervalReportResponse<F extends Record<string, object>>(figures: F) {
  return {
    type: 'object',
    properties: {
      from: int,
      to: int,
      timeZone: { type: 'string' },
      interval: { type: 'string' },
      groupBy: { type: 'string' },
      intervals: { type: 'array', items: { type: 'object', properties: { start: int, end: int, label: { type: 'string' } } } },
      groups: { type: 'array', items: group },
      rows: {
        type: 'array',
        items: { type: 'object', properties: { start: int, end: int, label: { type: 'string' }, groupId: { type: 'string' }, groupName: { type: 'string' }, ...figures } },
      },
      totals: { type: 'array', items: { type: 'object', properties: { groupId: { type: 'string' }, groupName: { type: 'string' }, ...figures } } },
    },
  } as const;
}

export const volumeResponse = intervalReportResponse(volumeFigures);

export const agentsResponse = {
  type: 'object',
  properties: {
    from: int,
    to: int,
    timeZone: { type: 'string' },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          agentId: { type: 'string' },
          agentName: { type: 'string' },
          date: { type: 'string' },
          dayStart: int,
          loggedInMs: int,
          availableMs: int,
          notReadyMs: int,
          notReadyByReason: { type: 'object', additionalProperties: int },
          onContactMs: int,
          wrapUpMs: int,
          occupancy: numOrNull,
          handled: int,
          handledPerHour: numOrNull,
          missedOffers: int,
          firstLogin: intOrNull,
          lastLogout: intOrNull,
        },
      },
    },
  },
} as const;

export const satisfactionQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    ...range,
    interval: { type: 'string', enum: REPORT_INTERVALS, default: 'day' },
    groupBy: { type: 'string', enum: SATISFACTION_GROUPINGS, default: 'none' },
    format,
  },
} as const;

const satisfactionFigures = {
  responses: int,
  averageScore: { ...numOrNull, description: 'mean score, 1 to 5' },
  csat: { ...numOrNull, description: 'share of answers scoring 4 or 5' },
  distribution: { type: 'array', items: int, minItems: 5, maxItems: 5, description: 'answers per score, 1 to 5' },
} as const;

export const satisfactionResponse = intervalReportResponse(satisfactionFigures);
