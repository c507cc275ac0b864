/** JSON schemas of the chat workspace's extras: canned replies, private notes, tags. */
import { CANNED_LANGUAGES, CANNED_LIMITS, CANNED_SCOPES } from '../../../chat/canned-replies.js';

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;

export const cannedReplySchema = {
  type: 'object',
  required: ['id', 'scope', 'agentId', 'teamId', 'shortcut', 'title', 'body', 'language', 'createdAt', 'updatedAt', 'editable'],
  properties: {
    id: str,
    scope: { type: 'string', enum: CANNED_SCOPES },
    agentId: { type: ['string', 'null'], description: 'the owning agent of a personal reply' },
    teamId: { type: ['string', 'null'], description: 'the owning team of a team reply' },
    shortcut: { type: 'string', description: "what the agent types after '/' in the composer, e.g. /hello" },
    title: str,
    body: { type: 'string', description: 'the text; {visitor} and {agent} are filled when it is picked' },
    language: { type: ['string', 'null'], enum: [...CANNED_LANGUAGES, null] },
    createdAt: int,
    updatedAt: int,
    editable: { type: 'boolean', description: 'whether I may change or delete it' },
  },
} as const;

export const cannedReplyInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['scope', 'shortcut', 'title', 'body'],
  properties: {
    scope: { type: 'string', enum: CANNED_SCOPES },
    teamId: { type: 'string', minLength: 1, maxLength: 100 },
    shortcut: { type: 'string', maxLength: CANNED_LIMITS.shortcut + 10 },
    title: { type: 'string', maxLength: CANNED_LIMITS.title + 50 },
    body: { type: 'string', maxLength: CANNED_LIMITS.body + 100 },
    language: { type: ['string', 'null'], enum: [...CANNED_LANGUAGES, null] },
  },
} as const;

export const cannedListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { team: { type: 'string', minLength: 1, maxLength: 100, description: "one team's replies (a team I belong to or lead; any with chat.supervise)" } },
} as const;

export const chatNoteSchema = {
  type: 'object',
  required: ['id', 'chatId', 'authorName', 'text', 'afterSeq', 'at'],
  properties: {
    id: str,
    chatId: str,
    authorUserId: str,
    authorAgentId: { type: ['string', 'null'] },
    authorName: str,
    text: str,
    afterSeq: { ...int, description: 'the highest message seq when it was written (where it sits in the conversation)' },
    at: int,
  },
} as const;

export const noteBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  properties: { text: { type: 'string', maxLength: 4100 } },
} as const;

export const tagsSchema = { type: 'object', required: ['tags'], properties: { tags: { type: 'array', items: str } } } as const;

export const tagsBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tags'],
  properties: { tags: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } } },
} as const;
