/** JSON schemas of the quality-scoring routes (src/qa). */
import { FREE_TEXT } from '../../validation.js';
import { EVALUATION_STATES } from '../../../qa/evaluation-state.js';
import { QA_GROUPINGS } from '../../../qa/qa-report.js';
import { MAX_PER_AGENT } from '../../../qa/sampling.js';
import { ITEM_KINDS, MAX_ITEMS, MAX_SECTIONS, QA_MEDIA } from '../../../qa/scorecard.js';
import { COMMENT_MAX } from '../../../qa/scoring.js';
import { REASON_MAX } from '../../../qa/qa-service.js';
import { REPORT_INTERVALS } from '../../../reports/intervals.js';

const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const itemId = { type: 'string', minLength: 1, maxLength: 40 } as const;
const free = (maxLength: number) => ({ type: 'string', maxLength, [FREE_TEXT]: true }) as const;
const epoch = { type: 'integer', minimum: 0 } as const;

const item = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label', 'kind', 'weight'],
  properties: {
    id: itemId,
    label: { type: 'string', minLength: 1, maxLength: 300 },
    kind: { type: 'string', enum: ITEM_KINDS },
    weight: { type: 'integer', minimum: 0, maximum: 100 },
    scaleMax: { type: 'integer', minimum: 2, maximum: 10 },
    help: free(1000),
  },
} as const;

const section = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'items'],
  properties: { id: itemId, title: { type: 'string', minLength: 1, maxLength: 200 }, items: { type: 'array', maxItems: MAX_ITEMS, items: item } },
} as const;

export const scorecardInput = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'media', 'sections'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: free(2000),
    media: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: QA_MEDIA } },
    sections: { type: 'array', maxItems: MAX_SECTIONS, items: section },
  },
} as const;

export const scorecardSchema = {
  type: 'object',
  required: ['id', 'version', 'name', 'media', 'sections', 'archived', 'createdBy', 'createdAt'],
  properties: {
    ...scorecardInput.properties,
    id: { type: 'string' },
    version: { type: 'integer' },
    archived: { type: 'boolean' },
    createdBy: { type: 'string' },
    createdAt: { type: 'integer' },
  },
} as const;

export const scorecardListQuery = { type: 'object', additionalProperties: false, properties: { archived: { type: 'boolean', default: false } } } as const;
export const versionQuery = { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } } as const;

const contactRef = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'id'],
  properties: { kind: { type: 'string', enum: QA_MEDIA }, id },
} as const;

export const sampleInput = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to', 'perAgent'],
  properties: {
    from: epoch,
    to: epoch,
    perAgent: { type: 'integer', minimum: 1, maximum: MAX_PER_AGENT },
    media: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: QA_MEDIA }, default: ['call', 'chat'] },
    perWeek: { type: 'boolean', default: false },
    tz: { type: 'string', minLength: 1, maxLength: 64 },
    queueIds: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: id },
    teamIds: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: id },
    agentIds: { type: 'array', minItems: 1, maxItems: 500, uniqueItems: true, items: id },
    minSeconds: { type: 'integer', minimum: 0, maximum: 86_400 },
    evaluatorId: id,
  },
} as const;

export const evaluatorListSchema = {
  type: 'array',
  items: { type: 'object', required: ['userId', 'name'], properties: { userId: { type: 'string' }, name: { type: 'string' } } },
} as const;

export const assignmentProps = {
  id: { type: 'string' },
  evaluatorId: { type: 'string' },
  contact: contactRef,
  agentId: { type: 'string' },
  startedAt: { type: 'integer' },
  createdAt: { type: 'integer' },
  evaluationId: { type: ['string', 'null'] },
} as const;
export const assignmentListSchema = { type: 'array', items: { type: 'object', required: Object.keys(assignmentProps), properties: assignmentProps } } as const;

export const startInput = {
  type: 'object',
  additionalProperties: false,
  required: ['scorecardId', 'contact'],
  properties: { scorecardId: id, contact: contactRef, assignmentId: id },
} as const;

const answer = {
  type: 'object',
  additionalProperties: false,
  required: ['value'],
  properties: { value: { type: ['boolean', 'integer'] }, comment: free(COMMENT_MAX) },
} as const;
const answers = { type: 'object', maxProperties: MAX_ITEMS, propertyNames: { maxLength: 40 }, additionalProperties: answer } as const;

export const answersInput = {
  type: 'object',
  additionalProperties: false,
  required: ['answers'],
  properties: { answers, comment: free(REASON_MAX) },
} as const;

export const disputeInput = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: { ...free(REASON_MAX), minLength: 1 } } } as const;

export const resolveInput = {
  type: 'object',
  additionalProperties: false,
  required: ['outcome', 'note'],
  properties: { outcome: { type: 'string', enum: ['upheld', 'revised'] }, note: free(REASON_MAX), answers },
} as const;

const evaluationProps = {
  id: { type: 'string' },
  scorecardId: { type: 'string' },
  scorecardVersion: { type: 'integer' },
  contact: contactRef,
  contactStartedAt: { type: 'integer' },
  agentId: { type: 'string' },
  evaluatorId: { type: 'string' },
  state: { type: 'string', enum: EVALUATION_STATES },
  answers,
  comment: { type: 'string' },
  score: { type: ['number', 'null'] },
  criticalFailed: { type: 'boolean' },
  fractions: { type: 'object', additionalProperties: { type: 'number' } },
  dispute: { type: ['object', 'null'], additionalProperties: true },
  resolution: { type: ['object', 'null'], additionalProperties: true },
  assignmentId: { type: ['string', 'null'] },
  createdAt: { type: 'integer' },
  updatedAt: { type: 'integer' },
  submittedAt: { type: ['integer', 'null'] },
} as const;
export const evaluationSchema = { type: 'object', required: Object.keys(evaluationProps), properties: evaluationProps } as const;
export const evaluationListSchema = { type: 'array', items: evaluationSchema } as const;

export const evaluationListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    agentId: id,
    evaluatorId: id,
    state: { type: 'string', enum: EVALUATION_STATES },
    scorecardId: id,
    from: epoch,
    to: epoch,
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
    before: id,
  },
} as const;

export const transcriptSchema = {
  type: 'object',
  required: ['kind', 'messages'],
  properties: {
    kind: { type: 'string', enum: QA_MEDIA },
    visitorName: { type: 'string' },
    page: { type: 'string' },
    messages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'from', 'text', 'at'],
        properties: { seq: { type: 'integer' }, from: { type: 'string' }, text: { type: 'string' }, at: { type: 'integer' }, attachmentName: { type: 'string' } },
      },
    },
  },
} as const;

export const reportQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: epoch,
    to: epoch,
    groupBy: { type: 'string', enum: QA_GROUPINGS, default: 'agent' },
    interval: { type: 'string', enum: REPORT_INTERVALS, default: 'week' },
    tz: { type: 'string', minLength: 1, maxLength: 64, default: 'UTC' },
    scorecardId: id,
  },
} as const;

const figures = {
  evaluations: { type: 'integer' },
  average: { type: ['number', 'null'] },
  criticalFailed: { type: 'integer' },
  disputed: { type: 'integer' },
} as const;
export const reportSchema = {
  type: 'object',
  required: ['total', 'rows', 'trend'],
  properties: {
    total: { type: 'object', properties: figures },
    rows: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, label: { type: 'string' }, name: { type: 'string' }, ...figures } } },
    trend: { type: 'array', items: { type: 'object', properties: { start: { type: 'integer' }, label: { type: 'string' }, ...figures } } },
  },
} as const;

const nullable = (t: 'string' | 'integer') => ({ type: [t, 'null'] }) as const;
const customerSummary = {
  type: ['object', 'null'],
  required: ['id', 'name', 'company', 'level', 'tags'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, company: { type: 'string' }, level: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
} as const;
const visitTrail = {
  type: ['object', 'null'],
  required: ['startedAt', 'returning', 'landingPage', 'referrer', 'searchEngine', 'searchKeywords', 'device', 'region', 'pages'],
  properties: {
    startedAt: { type: 'integer' },
    returning: { type: 'boolean' },
    landingPage: { type: 'string' },
    referrer: { type: 'string' },
    searchEngine: { type: 'string' },
    searchKeywords: { type: 'string' },
    device: { type: 'object', properties: { type: { type: 'string' }, browser: { type: 'string' }, os: { type: 'string' } } },
    region: { type: ['object', 'null'], properties: { country: { type: 'string' }, region: { type: 'string' }, city: { type: 'string' } } },
    pages: {
      type: 'array',
      items: { type: 'object', required: ['seq', 'url', 'title', 'enteredAt', 'leftAt'], properties: { seq: { type: 'integer' }, url: { type: 'string' }, title: { type: 'string' }, enteredAt: { type: 'integer' }, leftAt: nullable('integer') } },
    },
  },
} as const;

/** One of two shapes by kind (src/qa/model.ts ContactContext); fields of the other kind are absent. */
export const contextSchema = {
  type: 'object',
  required: ['kind', 'startedAt', 'customer'],
  properties: {
    kind: { type: 'string', enum: QA_MEDIA },
    startedAt: { type: 'integer' },
    customer: customerSummary,
    direction: { type: 'string' },
    number: { type: 'string' },
    callerName: { type: 'string' },
    queueId: nullable('string'),
    answeredAt: nullable('integer'),
    endedAt: nullable('integer'),
    outcome: nullable('string'),
    disposition: nullable('string'),
    wrapUpNote: nullable('string'),
    visitorName: { type: 'string' },
    page: { type: 'string' },
    channel: { type: 'string' },
    assignedAt: nullable('integer'),
    trail: visitTrail,
  },
} as const;

export const candidateQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to'],
  properties: {
    from: epoch,
    to: epoch,
    media: { type: 'string', enum: QA_MEDIA },
    queueId: id,
    teamId: id,
    agentId: id,
    minSeconds: { type: 'integer', minimum: 0, maximum: 86_400 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;

export const candidateListSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['kind', 'id', 'agentId', 'startedAt'],
    properties: { kind: { type: 'string', enum: QA_MEDIA }, id: { type: 'string' }, agentId: { type: 'string' }, startedAt: { type: 'integer' }, queueId: { type: ['string', 'null'] }, handledMs: { type: ['integer', 'null'] } },
  },
} as const;

export const assignmentListQuery = { type: 'object', additionalProperties: false, properties: { holder: { type: 'string', enum: ['me', 'anyone'], default: 'me' } } } as const;
export const reassignInput = { type: 'object', additionalProperties: false, required: ['evaluatorId'], properties: { evaluatorId: id } } as const;
