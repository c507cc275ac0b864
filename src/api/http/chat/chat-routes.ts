/**
 * The agent's chat routes (chat.handle): the list of my chats and the waiting ones, a chat's
 * messages, sending (idempotent by clientId), typing, ending with an outcome, picking a waiting
 * chat. Live updates come as chat.* events on /api/ws. The visitor's side is the widget socket.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChatNotesService } from '../../../chat/chat-notes-service.js';
import type { ChatService } from '../../../chat/chat-service.js';
import type { ChatOutcome } from '../../../chat/protocol.js';
import type { ChatSummary } from '../../../chat/chat-views.js';
import { AppError } from '../../../core/errors.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { chatListQuerySchema, chatListSchema, chatSummarySchema, endChatBodySchema, messagesPageSchema, messagesQuerySchema, sendMessageBodySchema, sendMessageReplySchema } from './chat-schemas.js';
import { seesEveryChat } from '../../chat-reach.js';

export interface ChatRouteDeps {
  chat: ChatService;
  notes: Pick<ChatNotesService, 'tagged'>;
  /** Where a chat's visitor is ('' when unknown), for the waiting list: agents choose whom to pick. */
  regionOf?: (chatId: string) => Promise<string>;
}

function selfAgent(request: FastifyRequest): string {
  const agentId = request.principal?.agentId;
  if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: request.principal?.userId });
  return agentId;
}

type Id = { Params: { id: string } };
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** The waiting chats, each with its visitor's region when known (a failed read only leaves it out). */
async function withRegions(request: FastifyRequest, waiting: ChatSummary[], regionOf: ChatRouteDeps['regionOf']): Promise<(ChatSummary & { region?: string })[]> {
  if (!regionOf) return waiting;
  return Promise.all(
    waiting.map(async (c) => {
      try {
        const region = await regionOf(c.id);
        return region ? { ...c, region } : c;
      } catch (err) {
        // Picked or ended since the list was read, or the visit store is down: the row stays, without a region.
        request.log.warn({ err, chatId: c.id }, 'the waiting chat is listed without its region');
        return c;
      }
    }),
  );
}

export async function registerChatRoutes(app: FastifyInstance, deps: ChatRouteDeps): Promise<void> {
  const config = { permission: 'chat.handle' } as const;
  const tags = ['chat'];

  app.get<{ Querystring: { tag?: string } }>(
    '/api/chats',
    { config, schema: { summary: 'My open chats and the waiting chats of my queues (every chat with chat.supervise); only those with a tag when asked', tags, querystring: chatListQuerySchema, response: { 200: chatListSchema, 400: errorBodySchema, 403: errorBodySchema } } },
    async (request) => {
      const list = deps.chat.list(request.principal?.agentId, seesEveryChat(request.principal));
      const tag = request.query.tag;
      const chosen = tag === undefined ? list : { active: await deps.notes.tagged(tag, list.active), waiting: await deps.notes.tagged(tag, list.waiting) };
      return { active: chosen.active, waiting: await withRegions(request, chosen.waiting, deps.regionOf) };
    },
  );

  app.get<Id & { Querystring: { after: number; limit: number } }>(
    '/api/chats/:id/messages',
    { config, schema: { summary: "A chat's messages after a seq (mine, or any with chat.supervise)", tags, params: idParamsSchema, querystring: messagesQuerySchema, response: { 200: messagesPageSchema, ...errors } } },
    async (request) => {
      const viewer = { ...(request.principal?.agentId ? { agentId: request.principal.agentId } : {}), supervise: seesEveryChat(request.principal) };
      return deps.chat.messages(request.params.id, viewer, request.query.after, request.query.limit);
    },
  );

  app.post<Id & { Body: { clientId: string; text: string } }>(
    '/api/chats/:id/messages',
    {
      config,
      schema: {
        summary: 'Send a message to the visitor; a resend with the same clientId answers the same and stores nothing',
        tags,
        params: idParamsSchema,
        body: sendMessageBodySchema,
        response: { 200: sendMessageReplySchema, ...errors },
      },
    },
    async (request) => {
      const m = await deps.chat.agentMessage(selfAgent(request), request.params.id, request.body.clientId, request.body.text);
      return { clientId: request.body.clientId, seq: m.seq, at: m.at };
    },
  );

  app.post<Id>('/api/chats/:id/typing', { config, schema: { summary: 'I am typing (the visitor sees it; nothing stored)', tags, params: idParamsSchema, response: { 204: { type: 'null' }, ...errors } } }, async (request, reply) => {
    await deps.chat.agentTyping(selfAgent(request), request.params.id);
    return reply.code(204).send();
  });

  app.post<Id & { Body: { outcome: ChatOutcome; reason?: string } }>(
    '/api/chats/:id/end',
    { config, schema: { summary: 'End my chat: solved, unresolved, or spam (with a reason); my chat slot frees', tags, params: idParamsSchema, body: endChatBodySchema, response: { 200: chatSummarySchema, ...errors } } },
    async (request) => deps.chat.agentEnd(selfAgent(request), request.params.id, request.body.outcome, request.body.reason),
  );

  app.post<Id>('/api/chats/:id/pick', { config, schema: { summary: 'Take a waiting chat from the list', tags, params: idParamsSchema, response: { 200: chatSummarySchema, ...errors } } }, async (request) =>
    deps.chat.pick(selfAgent(request), request.params.id),
  );
}
