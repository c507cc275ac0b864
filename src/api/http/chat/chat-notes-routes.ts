/**
 * Private notes and tags of a chat (chat.handle; my chat, or any with chat.supervise). Notes are
 * for the agents only: they are kept apart from the chat's messages and never reach the visitor.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChatNotesService, ChatViewer } from '../../../chat/chat-notes-service.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { chatNoteSchema, noteBodySchema, tagsBodySchema, tagsSchema } from './chat-desk-schemas.js';
import { seesEveryChat } from '../../chat-reach.js';

export interface ChatNotesRouteDeps {
  notes: Pick<ChatNotesService, 'notes' | 'addNote' | 'tags' | 'setTags'>;
  /** The agent's display name (notes carry their author's name). */
  agentName(agentId: string): Promise<string | undefined>;
}

type Id = { Params: { id: string } };
const tags = ['chat'];
const config = { permission: 'chat.handle' } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema } as const;

export async function registerChatNotesRoutes(app: FastifyInstance, deps: ChatNotesRouteDeps): Promise<void> {
  const viewer = async (r: FastifyRequest): Promise<ChatViewer> => {
    const p = r.principal;
    const agentId = p?.agentId;
    const name = (agentId ? await deps.agentName(agentId) : undefined) ?? p?.username ?? 'unknown';
    return { userId: p?.userId ?? 'unknown', ...(agentId ? { agentId } : {}), name, supervise: seesEveryChat(p) };
  };

  app.get<Id>(
    '/api/chats/:id/notes',
    { config, schema: { summary: "A chat's private notes, oldest first (never shown to the visitor)", tags, params: idParamsSchema, response: { 200: { type: 'object', required: ['notes'], properties: { notes: { type: 'array', items: chatNoteSchema } } }, ...errors } } },
    async (r) => ({ notes: await deps.notes.notes(r.params.id, await viewer(r)) }),
  );

  app.post<Id & { Body: { text: string } }>(
    '/api/chats/:id/notes',
    { config, schema: { summary: 'Write a private note in the chat: the agents see it, the visitor never does', tags, params: idParamsSchema, body: noteBodySchema, response: { 201: chatNoteSchema, ...errors } } },
    async (r, reply) => reply.code(201).send(await deps.notes.addNote(r.params.id, r.body.text, await viewer(r))),
  );

  app.get<Id>('/api/chats/:id/tags', { config, schema: { summary: "A chat's tags", tags, params: idParamsSchema, response: { 200: tagsSchema, ...errors } } }, async (r) => ({
    tags: await deps.notes.tags(r.params.id, await viewer(r)),
  }));

  app.put<Id & { Body: { tags: string[] } }>(
    '/api/chats/:id/tags',
    { config, schema: { summary: "Replace a chat's tags (normalized: trimmed, lowercase; at most 20 of 40 characters)", tags, params: idParamsSchema, body: tagsBodySchema, response: { 200: tagsSchema, ...errors } } },
    async (r) => ({ tags: await deps.notes.setTags(r.params.id, r.body.tags, await viewer(r)) }),
  );
}
