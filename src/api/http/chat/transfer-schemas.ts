/** JSON schemas of chat transfers, multi-party chats and supervisors' assign / force-transfer. */
import { TRANSFER_STATES } from '../../../chat/chat-transfer-state.js';
import { TRANSFER_NOTE_MAX } from '../../../chat/chat-transfer-service.js';

const str = { type: 'string' } as const;
const id = { type: 'string', minLength: 1, maxLength: 100 } as const;

export const transferSchema = {
  type: 'object',
  required: ['id', 'chatId', 'fromAgentId', 'toAgentId', 'visitorName', 'note', 'createdAt', 'expiresAt', 'state', 'endedAt', 'reason'],
  properties: {
    id: str,
    chatId: str,
    fromAgentId: str,
    toAgentId: str,
    visitorName: str,
    note: { type: 'string', description: 'what the owner told the target (never shown to the visitor)' },
    createdAt: { type: 'integer' },
    expiresAt: { type: 'integer', description: 'epoch ms: unanswered by then, the chat stays with its owner (state expired)' },
    state: { type: 'string', enum: TRANSFER_STATES },
    endedAt: { type: ['integer', 'null'] },
    reason: { type: ['string', 'null'], description: "the target's decline reason, or the refusal's code when accepting failed" },
  },
} as const;

/** Exactly one of agentId (offered to that agent, who accepts or declines) and queueId (entered at once). */
export const transferBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { agentId: id, queueId: id, note: { type: 'string', maxLength: TRANSFER_NOTE_MAX } },
} as const;

export const forceTransferBodySchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { agentId: id, queueId: id },
} as const;

export const agentBodySchema = { type: 'object', additionalProperties: false, required: ['agentId'], properties: { agentId: id } } as const;

export const declineBodySchema = { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: TRANSFER_NOTE_MAX } } } as const;

const named = { type: 'object', required: ['agentId', 'name'], properties: { agentId: str, name: str } } as const;

export const partiesSchema = {
  type: 'object',
  required: ['chatId', 'owner', 'colleagues', 'transfer'],
  properties: {
    chatId: str,
    owner: { anyOf: [named, { type: 'null' }] },
    colleagues: { type: 'array', items: named, description: 'colleagues the owner invited (they use no chat slot)' },
    transfer: { anyOf: [transferSchema, { type: 'null' }], description: 'the transfer waiting for an answer, if any' },
  },
} as const;

export const pendingSchema = {
  type: 'object',
  required: ['incoming', 'outgoing'],
  properties: {
    incoming: { type: 'array', items: transferSchema, description: 'transfers offered to me, waiting for my answer' },
    outgoing: { type: 'array', items: transferSchema, description: 'transfers of my chats waiting for the target' },
  },
} as const;

export const targetsSchema = {
  type: 'object',
  required: ['agents', 'queues'],
  properties: {
    agents: {
      type: 'array',
      items: { type: 'object', required: ['agentId', 'name', 'freeChatSlots'], properties: { agentId: str, name: str, freeChatSlots: { type: 'integer' } } },
      description: 'logged-in agents other than me, with their free chat slots (0: invite only)',
    },
    queues: { type: 'array', items: { type: 'object', required: ['id', 'name'], properties: { id: str, name: str } } },
  },
} as const;

export const agentParamsSchema = {
  type: 'object',
  required: ['id', 'agentId'],
  additionalProperties: false,
  properties: { id, agentId: id },
} as const;
