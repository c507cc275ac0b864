import { WEEKDAYS } from '../../../calendars/calendar.js';
import { CUSTOMER_LEVELS, MEDIA, ROUTING_STRATEGIES } from '../../../core/vocabulary.js';
import { PHONE_MODES } from '../../../directory/model.js';
import { CLOSED_ACTION_PATTERN, EXIT_ACTION_PATTERN } from '../../../directory/queue-rules.js';
import { idString, nameString, nullableId, stamps, timeInterval } from './common-schemas.js';

/**
 * Body (`...Input`) and response (`...View`) schemas of every configuration entity. Inputs
 * reject unknown fields; cross-field and cross-entity rules are the repositories' job.
 */
const level = { type: 'integer', minimum: 1, maximum: 10 } as const;
const seconds = { type: 'integer', minimum: 0, maximum: 86_400 } as const;

export const skillInput = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: nameString, description: { type: 'string', maxLength: 2000, 'x-free-text': true } },
} as const;
export const skillView = {
  type: 'object',
  required: ['id', 'name', 'description', 'createdAt', 'updatedAt'],
  properties: { ...stamps, name: { type: 'string' }, description: { type: 'string' } },
} as const;

export const teamInput = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: nameString, leadUserIds: { type: 'array', items: idString, maxItems: 50 } },
} as const;
export const teamView = {
  type: 'object',
  required: ['id', 'name', 'leadUserIds', 'memberAgentIds', 'createdAt', 'updatedAt'],
  properties: {
    ...stamps,
    name: { type: 'string' },
    leadUserIds: { type: 'array', items: { type: 'string' } },
    memberAgentIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

const phoneBinding = {
  oneOf: [
    {
      type: 'object',
      required: ['mode', 'extension'],
      additionalProperties: false,
      properties: { mode: { type: 'string', enum: ['fixed'] }, extension: { type: 'string', minLength: 1, maxLength: 64 } },
    },
    {
      type: 'object',
      required: ['mode'],
      additionalProperties: false,
      properties: { mode: { type: 'string', enum: ['chosen_at_login'] } },
    },
    {
      type: 'object',
      required: ['mode', 'extension'],
      additionalProperties: false,
      description: "The toolbar's WebRTC softphone: the media server's WebRTC endpoint of this name",
      properties: { mode: { type: 'string', enum: ['browser'] }, extension: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' } },
    },
  ],
} as const;
const skillLevel = {
  type: 'object',
  required: ['skillId', 'level'],
  additionalProperties: false,
  properties: { skillId: idString, level },
} as const;

export const agentInput = {
  type: 'object',
  required: ['userId', 'number', 'displayName', 'phone'],
  additionalProperties: false,
  properties: {
    userId: idString,
    number: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,32}$' },
    displayName: nameString,
    teamId: nullableId,
    skills: { type: 'array', items: skillLevel, maxItems: 100 },
    phone: phoneBinding,
    chatCapacity: { type: 'integer', minimum: 0, maximum: 50 },
    enabled: { type: 'boolean' },
  },
} as const;
export const agentView = {
  type: 'object',
  required: ['id', 'userId', 'number', 'displayName', 'teamId', 'skills', 'phone', 'chatCapacity', 'enabled', 'createdAt', 'updatedAt'],
  properties: {
    ...stamps,
    userId: { type: 'string' },
    number: { type: 'string' },
    displayName: { type: 'string' },
    teamId: { type: ['string', 'null'] },
    skills: { type: 'array', items: { type: 'object', properties: { skillId: { type: 'string' }, level: { type: 'integer' } } } },
    phone: {
      type: 'object',
      required: ['mode'],
      properties: { mode: { type: 'string', enum: PHONE_MODES }, extension: { type: 'string' } },
    },
    chatCapacity: { type: 'integer' },
    enabled: { type: 'boolean' },
  },
} as const;

const weekdayProps = Object.fromEntries(
  WEEKDAYS.map((d) => [d, { type: 'array', items: timeInterval, maxItems: 12 }]),
);
const holiday = {
  type: 'object',
  required: ['date', 'name'],
  additionalProperties: false,
  properties: {
    date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    hours: { type: 'array', items: timeInterval, maxItems: 12 },
  },
} as const;

export const calendarInput = {
  type: 'object',
  required: ['name', 'timeZone', 'weekly'],
  additionalProperties: false,
  properties: {
    name: nameString,
    timeZone: { type: 'string', minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/London' },
    weekly: { type: 'object', additionalProperties: false, properties: weekdayProps },
    holidays: { type: 'array', items: holiday, maxItems: 1000, default: [] },
  },
} as const;
export const calendarView = {
  type: 'object',
  required: ['id', 'name', 'timeZone', 'weekly', 'holidays', 'createdAt', 'updatedAt'],
  properties: {
    ...stamps,
    name: { type: 'string' },
    timeZone: { type: 'string' },
    weekly: { type: 'object', properties: weekdayProps },
    holidays: { type: 'array', items: holiday },
  },
} as const;
export const calendarStatusView = {
  type: 'object',
  required: ['open', 'at', 'nextChange'],
  properties: {
    open: { type: 'boolean' },
    at: { type: 'integer', description: 'the instant evaluated, epoch ms' },
    nextChange: {
      type: ['object', 'null'],
      required: ['at', 'open'],
      properties: { at: { type: 'integer' }, open: { type: 'boolean' } },
    },
  },
} as const;

const relaxationStep = {
  oneOf: [
    {
      type: 'object',
      required: ['afterSeconds', 'acceptLevel'],
      additionalProperties: false,
      properties: { afterSeconds: seconds, acceptLevel: level },
    },
    {
      type: 'object',
      required: ['afterSeconds', 'overflowQueueId'],
      additionalProperties: false,
      properties: { afterSeconds: seconds, overflowQueueId: idString },
    },
  ],
} as const;
const boost = { type: 'integer', minimum: 0, maximum: 1000 } as const;
const queueFields = {
  name: nameString,
  media: { type: 'string', enum: MEDIA },
  strategy: { type: 'string', enum: ROUTING_STRATEGIES },
  priority: { type: 'integer', minimum: 0, maximum: 1000 },
  agingRate: { type: 'number', minimum: 0, maximum: 1000, description: 'priority points gained per second waiting' },
  vipBoost: { type: 'object', additionalProperties: false, properties: { silver: boost, gold: boost, vip: boost } },
  requiredSkills: {
    type: 'array',
    maxItems: 50,
    items: { type: 'object', required: ['skillId', 'minLevel'], additionalProperties: false, properties: { skillId: idString, minLevel: level } },
  },
  relaxation: { type: 'array', items: relaxationStep, maxItems: 20 },
  members: {
    type: 'array',
    maxItems: 2000,
    description: 'agents serving the queue, in top_down order',
    items: {
      type: 'object',
      required: ['agentId'],
      additionalProperties: false,
      properties: { agentId: idString, weight: { type: 'integer', minimum: 1, maximum: 1000, description: 'share for weighted_random' } },
    },
  },
  maxQueueSize: { type: ['integer', 'null'], minimum: 1, maximum: 100_000 },
  maxWaitSeconds: { type: ['integer', 'null'], minimum: 1, maximum: 86_400 },
  maxWaitAction: { type: ['string', 'null'], pattern: EXIT_ACTION_PATTERN, description: 'voicemail | callback | ticket | queue:<id>' },
  wrapUpSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
  noAnswerTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 600 },
  maxMissesBeforeNotReady: { type: 'integer', minimum: 1, maximum: 100 },
  calendarId: nullableId,
  closedAction: { type: ['string', 'null'], pattern: CLOSED_ACTION_PATTERN, description: 'voicemail | callback | ticket | hangup | queue:<id>' },
  overflowQueueId: nullableId,
  announcements: {
    type: 'object',
    additionalProperties: false,
    properties: {
      position: { type: 'boolean' },
      estimatedWait: { type: 'boolean' },
      everySeconds: { type: ['integer', 'null'], minimum: 10, maximum: 3600 },
    },
  },
  enabled: { type: 'boolean', description: 'false: takes no new contacts, still serves the waiting ones (drain before deleting)' },
  serviceLevelSeconds: {
    type: 'integer',
    minimum: 1,
    maximum: 3600,
    description: "a caller answered within this many seconds of entering the queue counts in the service level (answered in time / offered); default 20",
  },
  recordingRetentionDays: {
    type: ['integer', 'null'],
    minimum: 1,
    maximum: 36_500,
    description: 'whole days (center time) call recordings of this queue are kept after the day they stopped; then the daily purge deletes the file. null: kept forever',
  },
} as const;

export const queueInput = {
  type: 'object',
  required: ['name', 'media', 'strategy'],
  additionalProperties: false,
  properties: queueFields,
} as const;
export const queueView = {
  type: 'object',
  required: Object.keys(queueFields).concat(['id', 'createdAt', 'updatedAt']),
  properties: {
    ...stamps,
    ...queueFields,
    relaxation: {
      type: 'array',
      items: { type: 'object', properties: { afterSeconds: { type: 'integer' }, acceptLevel: { type: 'integer' }, overflowQueueId: { type: 'string' } } },
    },
  },
} as const;

export const breakReasonInput = {
  type: 'object',
  required: ['code', 'label', 'paid'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$' },
    label: { type: 'string', minLength: 1, maxLength: 100 },
    paid: { type: 'boolean' },
    maxMinutes: { type: ['integer', 'null'], minimum: 1, maximum: 1440 },
    active: { type: 'boolean' },
  },
} as const;
export const breakReasonView = {
  type: 'object',
  required: ['id', 'code', 'label', 'paid', 'maxMinutes', 'active', 'system', 'createdAt', 'updatedAt'],
  properties: {
    ...stamps,
    code: { type: 'string' },
    label: { type: 'string' },
    paid: { type: 'boolean' },
    maxMinutes: { type: ['integer', 'null'] },
    active: { type: 'boolean' },
    system: { type: 'boolean', description: 'set by the server only (missed_offers); not selectable, not editable' },
  },
} as const;

export const dispositionInput = {
  type: 'object',
  required: ['code', 'label'],
  additionalProperties: false,
  properties: {
    code: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'stable key for reports, e.g. sale, no_sale' },
    label: { type: 'string', minLength: 1, maxLength: 100 },
    active: { type: 'boolean', description: 'false: kept for stored calls, no longer offered to agents' },
  },
} as const;
export const dispositionView = {
  type: 'object',
  required: ['id', 'code', 'label', 'active', 'createdAt', 'updatedAt'],
  properties: { ...stamps, code: { type: 'string' }, label: { type: 'string' }, active: { type: 'boolean' } },
} as const;

const freeText = (maxLength: number) => ({ type: 'string', maxLength, 'x-free-text': true }) as const;
const customerFields = {
  name: nameString,
  company: { type: 'string', maxLength: 200 },
  level: { type: 'string', enum: CUSTOMER_LEVELS },
  phones: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 40 }, maxItems: 20 },
  emails: { type: 'array', items: { type: 'string', format: 'email', maxLength: 254 }, maxItems: 20 },
  chatVisitors: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, maxItems: 50, description: 'chat visitor ids of the widget' },
  messaging: {
    type: 'array',
    maxItems: 20,
    items: {
      type: 'object',
      required: ['platform', 'id'],
      additionalProperties: false,
      properties: { platform: { type: 'string', minLength: 1, maxLength: 40 }, id: { type: 'string', minLength: 1, maxLength: 200 } },
    },
  },
  tags: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 50 }, maxItems: 50 },
  notes: freeText(10_000),
  profile: {
    type: 'object',
    additionalProperties: false,
    description: 'free fields',
    properties: { age: { type: 'integer', minimum: 0, maximum: 150 }, gender: freeText(50), preferences: freeText(2000), needs: freeText(2000) },
  },
  custom: {
    type: 'object',
    description: 'values of the custom fields (/api/customer-fields) by key; null clears one',
    maxProperties: 100,
    additionalProperties: { type: ['string', 'number', 'null'], maxLength: 2000 },
  },
} as const;
export const customerInput = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: customerFields,
} as const;
/** A change in place: any of the fields, none required. */
export const customerPatch = { type: 'object', additionalProperties: false, minProperties: 1, properties: customerFields } as const;
export const customerView = {
  type: 'object',
  required: ['id', 'name', 'company', 'level', 'phones', 'emails', 'chatVisitors', 'messaging', 'tags', 'notes', 'profile', 'custom', 'createdAt', 'updatedAt'],
  properties: { ...stamps, ...customerFields },
} as const;
