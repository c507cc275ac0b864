/**
 * JSON schemas of the indicator settings, the status strip and the wallboard reads. Indicator and
 * media names are checked by the domain (src/supervision/indicator-settings.ts) so a wrong one
 * gets its rule code (`unknown_indicator`, ...) instead of a bare schema message.
 */
import { AUDIENCES, INDICATOR_MEDIA, INDICATORS, LIMITED_STATES, MAX_INDICATORS } from '../../../supervision/indicators.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const valueMap = { type: 'object', additionalProperties: num } as const;

const thresholdsSchema = {
  type: 'object',
  description: 'Per indicator, per media (voice, chat): the alert threshold (null: none). `available` alerts below it, every other indicator above it; `longestWait` is in seconds.',
  additionalProperties: { type: 'object', additionalProperties: { type: ['number', 'null'] } },
} as const;

export const audienceSettingsSchema = {
  type: 'object',
  required: ['indicators', 'thresholds'],
  additionalProperties: false,
  properties: {
    indicators: { type: 'array', maxItems: 50, items: str, description: `Up to ${MAX_INDICATORS} of: ${INDICATORS.join(', ')}` },
    thresholds: thresholdsSchema,
    stateLimits: {
      type: 'object',
      description: `Seconds an agent may stay in ${LIMITED_STATES.join(', ')} before the console's agent list marks them (null or absent: the built-in limit)`,
      additionalProperties: { type: ['number', 'null'] },
    },
  },
} as const;

export const audienceParamsSchema = {
  type: 'object',
  required: ['audience'],
  additionalProperties: false,
  properties: { audience: { type: 'string', maxLength: 40, description: AUDIENCES.join(', ') } },
} as const;

export const allSettingsSchema = {
  type: 'object',
  required: ['audiences', 'indicators', 'media', 'maxIndicators', 'lowIsBad'],
  properties: {
    audiences: { type: 'object', additionalProperties: audienceSettingsSchema },
    indicators: { type: 'array', items: { type: 'string', enum: INDICATORS } },
    media: { type: 'array', items: { type: 'string', enum: INDICATOR_MEDIA } },
    maxIndicators: int,
    lowIsBad: { type: 'array', items: str },
  },
} as const;

/** GET /api/supervision/my-indicators: the strip of the caller's role. */
export const myIndicatorsSchema = {
  type: 'object',
  required: ['audience', 'at', 'settings', 'values', 'chat'],
  properties: { audience: str, at: int, settings: audienceSettingsSchema, values: valueMap, chat: valueMap },
} as const;

const queueFiguresSchema = {
  type: 'object',
  required: ['queueId', 'name', 'waiting', 'longestWaitMs', 'available'],
  properties: { queueId: str, name: str, waiting: int, longestWaitMs: int, available: int },
} as const;

/** GET /api/wallboard. */
export const wallboardSchema = {
  type: 'object',
  required: ['at', 'values', 'chat', 'queues', 'settings'],
  properties: { at: int, values: valueMap, chat: valueMap, queues: { type: 'array', items: queueFiguresSchema }, settings: audienceSettingsSchema },
} as const;

const tokenViewProps = { id: str, name: str, createdAt: int, createdBy: { type: ['string', 'null'] }, revokedAt: { type: ['integer', 'null'] } } as const;
export const tokenViewSchema = { type: 'object', required: ['id', 'name', 'createdAt', 'createdBy', 'revokedAt'], properties: tokenViewProps } as const;
export const createdTokenSchema = {
  type: 'object',
  required: ['id', 'name', 'createdAt', 'createdBy', 'revokedAt', 'token'],
  properties: { ...tokenViewProps, token: { type: 'string', description: 'Shown this once: only its hash is stored' } },
} as const;
export const newTokenSchema = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
