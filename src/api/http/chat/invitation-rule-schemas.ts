/** JSON schemas of the invitation rule routes (src/chat/invitation-rules.ts holds the rules' own checks). */
import { RULE_LIMITS, VISITOR_KINDS } from '../../../chat/invitation-rules.js';

const message = { type: 'string', minLength: 1, maxLength: RULE_LIMITS.maxMessageLength, 'x-free-text': true } as const;

export const ruleInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'urlPattern', 'minSecondsOnPage', 'visitorKind', 'message', 'queueId'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: RULE_LIMITS.maxNameLength, 'x-free-text': true },
    enabled: { type: 'boolean' },
    // Only a length bound here: the domain refuses a bad pattern with INVITATION_RULE_PATTERN_INVALID and says why.
    urlPattern: { type: 'string', maxLength: 2000, description: 'an address glob, * for any characters (at most 5); starting with / it matches the path and query of any site' },
    minSecondsOnPage: { type: 'integer', minimum: 0, maximum: RULE_LIMITS.maxSecondsOnPage },
    visitorKind: { type: 'string', enum: VISITOR_KINDS, description: 'any, new (first visit) or returning' },
    message: { type: 'object', additionalProperties: false, required: ['en', 'zh'], properties: { en: message, zh: message } },
    queueId: { type: 'string', minLength: 1, maxLength: 100, description: 'the chat queue whose agents the invitation is for; accepting enters it' },
  },
} as const;

export const ruleSchema = {
  type: 'object',
  required: ['id', 'name', 'enabled', 'urlPattern', 'minSecondsOnPage', 'visitorKind', 'message', 'queueId', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    enabled: { type: 'boolean' },
    urlPattern: { type: 'string' },
    minSecondsOnPage: { type: 'integer' },
    visitorKind: { type: 'string', enum: VISITOR_KINDS },
    message: { type: 'object', required: ['en', 'zh'], properties: { en: { type: 'string' }, zh: { type: 'string' } } },
    queueId: { type: 'string' },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
} as const;

export const ruleListSchema = { type: 'object', required: ['rules'], properties: { rules: { type: 'array', items: ruleSchema } } } as const;
