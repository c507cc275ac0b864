/** JSON schemas of the call-control and call-record routes. */
import { CALL_OUTCOMES } from '../../../calls/call-model.js';

export const callIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;

const legSchema = {
  type: 'object',
  required: ['id', 'role', 'endpoint', 'createdAt'],
  properties: {
    id: { type: 'string' },
    callId: { type: 'string' },
    role: { type: 'string', enum: ['customer', 'agent', 'consult', 'supervisor'] },
    agentId: { type: 'string' },
    endpoint: { type: 'string' },
    createdAt: { type: 'integer' },
    ringingAt: { type: 'integer' },
    answeredAt: { type: 'integer' },
    endedAt: { type: 'integer' },
    hangupCause: { type: 'string' },
    endedBy: { type: 'string' },
  },
} as const;

const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** What a live call and a stored call record both say about a call. */
const callCoreProperties = {
  id: { type: 'string' },
  state: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  callerName: { type: 'string' },
  agentId: { type: 'string' },
  queueId: { type: 'string' },
  contactId: { type: 'string' },
  customer: { type: 'string' },
  ivrPath: { type: 'array', items: { type: 'string' } },
  variables: stringMap,
  startedAt: { type: 'integer' },
  answeredAt: { type: 'integer' },
} as const;


export const liveCallSchema = {
  type: 'object',
  required: ['id', 'direction', 'state', 'from', 'to', 'startedAt', 'muted', 'recording', 'legs'],
  properties: {
    ...callCoreProperties,
    direction: { type: 'string', enum: ['inbound', 'outbound'] },
    muted: { type: 'boolean' },
    recording: { type: 'boolean' },
    recordingPaused: { type: 'boolean' },
    consultTarget: { type: 'string' },
    legs: { type: 'array', items: legSchema },
  },
} as const;

export const callResponse = { type: 'object', required: ['call'], properties: { call: liveCallSchema } } as const;

const dialable = { type: 'string', pattern: '^\\+?[0-9*#]{2,32}$' } as const;
const id = { type: 'string', minLength: 1, maxLength: 100 } as const;

const agentTarget = { type: 'object', required: ['kind', 'agentId'], additionalProperties: false, properties: { kind: { const: 'agent' }, agentId: id } } as const;
const numberTarget = { type: 'object', required: ['kind', 'number'], additionalProperties: false, properties: { kind: { const: 'number' }, number: dialable } } as const;
const queueTarget = { type: 'object', required: ['kind', 'queueId'], additionalProperties: false, properties: { kind: { const: 'queue' }, queueId: id } } as const;

/** `{ target }` where the target is one of the given kinds. */
function targetBody<T extends readonly object[]>(...kinds: T) {
  return { type: 'object', required: ['target'], additionalProperties: false, properties: { target: { oneOf: kinds } } } as const;
}

/** Blind transfer: to a queue, an agent or an external number. */
export const transferBody = targetBody(queueTarget, agentTarget, numberTarget);

/** Attended transfer: consult an agent or an external number first. */
export const consultBody = targetBody(agentTarget, numberTarget);

export const muteBody = { type: 'object', required: ['muted'], additionalProperties: false, properties: { muted: { type: 'boolean' } } } as const;
export const recordingBody = { type: 'object', required: ['paused'], additionalProperties: false, properties: { paused: { type: 'boolean' } } } as const;
export const dialBody = {
  type: 'object',
  required: ['number'],
  additionalProperties: false,
  properties: {
    number: dialable,
    callerId: { type: 'string', pattern: '^\\+[1-9][0-9]{1,14}$', description: 'the number the customer sees: one of GET /api/agent/caller-ids (the default when omitted)' },
  },
} as const;
/** Keypad tones: digits, * and #, and the A-D keys some IVRs use. */
export const dtmfBody = {
  type: 'object',
  required: ['digits'],
  additionalProperties: false,
  properties: { digits: { type: 'string', pattern: '^[0-9*#A-D]{1,32}$', description: '1 to 32 of 0-9 * # A-D' } },
} as const;
export const releaseBody = {
  type: 'object',
  required: ['scope'],
  additionalProperties: false,
  properties: { scope: { type: 'string', enum: ['agent', 'call'], description: 'agent: free the agent, the caller queues again; call: end every leg' } },
} as const;

export const sessionSchema = {
  type: 'object',
  required: ['id', 'callId', 'supervisorId', 'mode', 'state'],
  properties: {
    id: { type: 'string' },
    callId: { type: 'string' },
    supervisorId: { type: 'string' },
    mode: { type: 'string', enum: ['listen', 'whisper', 'barge'] },
    state: { type: 'string' },
    startedAt: { type: 'integer' },
  },
} as const;

/** The agent's wrap-up of a call (PUT /api/calls/:id/disposition). */
export const wrapUpSchema = {
  type: 'object',
  required: ['disposition', 'note', 'by', 'at'],
  properties: {
    disposition: {
      anyOf: [
        { type: 'object', required: ['id', 'code', 'label'], properties: { id: { type: 'string' }, code: { type: 'string' }, label: { type: 'string' } }, description: 'as it was named when picked' },
        { type: 'null' },
      ],
    },
    note: { type: ['string', 'null'] },
    by: { type: 'string', description: 'agent id' },
    at: { type: 'integer', description: 'epoch ms' },
  },
} as const;

const recordSchema = {
  type: 'object',
  required: ['id', 'direction', 'state', 'from', 'to', 'startedAt'],
  properties: {
    ...callCoreProperties,
    direction: { type: 'string' },
    endedAt: { type: 'integer' },
    outcome: { type: 'string' },
    hungUpBy: { type: 'string' },
    recordingIds: { type: 'array', items: { type: 'string' } },
    wrapUp: wrapUpSchema,
  },
} as const;

/** The search filters (src/calls/record-search.ts); an unknown one is refused, not ignored. */
const recordFilters = {
  from: { type: 'integer', minimum: 0, description: 'started at or after (epoch ms)' },
  to: { type: 'integer', minimum: 0, description: 'started before (epoch ms)' },
  number: { type: 'string', minLength: 3, maxLength: 40, description: "the customer's number: calls from it or to it, in any written form" },
  agentId: id,
  teamId: id,
  queueId: id,
  direction: { type: 'string', enum: ['inbound', 'outbound'] },
  outcome: { type: 'array', items: { type: 'string', enum: CALL_OUTCOMES }, maxItems: CALL_OUTCOMES.length, description: 'any of these (repeat the parameter)' },
  minDuration: { type: 'integer', minimum: 0, maximum: 864_000, description: 'seconds from start to end, at least' },
  maxDuration: { type: 'integer', minimum: 0, maximum: 864_000, description: 'seconds from start to end, at most' },
  recording: { type: 'boolean', description: 'with a recording (true) or without (false)' },
} as const;

export const recordsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...recordFilters,
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    before: id,
  },
} as const;

export const recordsExportQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...recordFilters,
    format: { type: 'string', enum: ['csv', 'xlsx-csv'], default: 'csv', description: 'xlsx-csv: starts with a UTF-8 byte-order mark so that Excel reads Chinese text' },
  },
} as const;

/** A row of the list: the call, and whether its recordings can be played (src/calls/recording-presence.ts). */
const recordRowSchema = {
  ...recordSchema,
  required: [...recordSchema.required, 'recording'],
  properties: {
    ...recordSchema.properties,
    recording: { type: 'string', enum: ['present', 'purged', 'none'], description: 'present: at least one recording to play; purged: recordings whose files were all deleted (their rows stay); none: never recorded' },
    recordingPurge: {
      type: 'object',
      required: ['at', 'reason'],
      description: 'with purged: when the last file was deleted and why',
      properties: { at: { type: 'integer', description: 'epoch ms' }, reason: { type: 'string', enum: ['retention', 'deleted'], description: "retention: by its queue's retention; deleted: by hand" } },
    },
  },
} as const;

export const recordsResponse = { type: 'object', required: ['calls'], properties: { calls: { type: 'array', items: recordRowSchema } } } as const;

export const recordDetailResponse = {
  type: 'object',
  required: ['call', 'legs', 'timeline', 'recordings'],
  properties: {
    call: recordSchema,
    legs: { type: 'array', items: legSchema },
    timeline: {
      type: 'array',
      items: {
        type: 'object',
        required: ['seq', 'at', 'from', 'event', 'to'],
        properties: { seq: { type: 'integer' }, at: { type: 'integer' }, from: { type: 'string' }, event: { type: 'string' }, to: { type: 'string' }, details: stringMap },
      },
    },
    recordings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'startedAt'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, startedAt: { type: 'integer' }, stoppedAt: { type: 'integer' }, durationMs: { type: 'integer' }, fileState: { type: 'string', enum: ['complete', 'repaired', 'missing', 'damaged'], description: 'Set when a crash cut the recording off: what its file was found to be at the next start' }, purgedAt: { type: 'integer', description: 'when the file was deleted; the recording can no longer be played' }, purgeReason: { type: 'string', enum: ['retention', 'deleted'], description: 'retention: by its queue\'s retention; deleted: by hand (DELETE /api/recordings/{id})' } },
      },
    },
  },
} as const;
