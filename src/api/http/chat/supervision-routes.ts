/**
 * Chat supervision over HTTP (docs/chat-protocol.md, "Supervision"):
 *   GET    /api/supervisor/chats                      chat.supervise   active, waiting and bot chats in my reach
 *   POST   /api/supervisor/chats/:id/hand-over        chat.supervise   hand a chat the bot has to a person (its queue, reason 'supervisor')
 *   POST   /api/supervisor/chats/:id/monitor          chat.supervise   monitor silently: history now, chat.monitored events after
 *   GET    /api/supervisor/chats/:id?after=           chat.supervise   read on in a chat I monitor
 *   DELETE /api/supervisor/chats/:id/monitor          chat.supervise   stop monitoring
 *   POST   /api/supervisor/chats/:id/whisper          chat.supervise   a line to the agent only (a chat I monitor)
 *   POST   /api/supervisor/chats/:id/take-over        chat.supervise   I handle the chat now; the agent is released
 *   GET    /api/chats/:id/whispers                    chat.handle      the whispers of my chat (or one in my reach)
 *   GET    /api/chats/silence-alerts                  chat.handle      open silence alerts of my group
 *   POST   /api/chats/:id/take-over                   chat.handle      take a silent colleague's chat over (first wins)
 * Reach: supervisors and admins every chat; a team lead the chats of the teams they lead
 * (CHAT_OUTSIDE_TEAMS otherwise). Nothing here is visitor-facing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { seesEveryChat } from '../../chat-reach.js';
import type { ChatSilenceAlerts } from '../../../chat/chat-silence-alerts.js';
import type { ChatSupervisor } from '../../../chat/chat-supervision-rules.js';
import type { ChatSupervision } from '../../../chat/chat-supervision.js';
import { seesAllTeams } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { chatSummarySchema } from './chat-schemas.js';
import { monitorQuerySchema, monitorViewSchema, silenceAlertListSchema, supervisedListSchema, whisperBodySchema, whisperListSchema, whisperSchema } from './supervision-schemas.js';

export interface ChatSupervisionRouteDeps {
  supervision: ChatSupervision;
  silenceAlerts: ChatSilenceAlerts;
  /** The agent's display name (whispers carry their author's name). */
  agentName(agentId: string): Promise<string | undefined>;
}

type Id = { Params: { id: string } };
const tags = ['chat', 'supervision'];
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema } as const;
const supervise = { permission: 'chat.supervise' } as const;
const handle = { permission: 'chat.handle' } as const;

export async function registerChatSupervisionRoutes(app: FastifyInstance, deps: ChatSupervisionRouteDeps): Promise<void> {
  const { supervision, silenceAlerts } = deps;
  const who = async (r: FastifyRequest): Promise<ChatSupervisor> => {
    const p = r.principal;
    const agentId = p?.agentId;
    const name = (agentId ? await deps.agentName(agentId) : undefined) ?? p?.username ?? 'unknown';
    return { userId: p?.userId ?? 'unknown', name, ...(agentId ? { agentId } : {}), seesAll: seesAllTeams(p), ledTeamIds: p?.ledTeamIds ?? [] };
  };

  app.get('/api/supervisor/chats', { config: supervise, schema: { summary: 'Active, waiting and bot chats within my reach, for the Chats panel', tags, response: { 200: supervisedListSchema, 403: errorBodySchema } } }, async (r) =>
    supervision.list(await who(r)),
  );

  app.post<Id>(
    '/api/supervisor/chats/:id/monitor',
    { config: supervise, schema: { summary: 'Monitor an open chat silently (the visitor is not told): its history now, chat.monitored events after', tags, params: idParamsSchema, response: { 200: monitorViewSchema, ...errors } } },
    async (r) => supervision.monitor(await who(r), r.params.id, r.ip),
  );

  app.get<Id & { Querystring: { after: number } }>(
    '/api/supervisor/chats/:id',
    { config: supervise, schema: { summary: 'Read on in a chat I monitor: messages after a seq, and its whispers', tags, params: idParamsSchema, querystring: monitorQuerySchema, response: { 200: monitorViewSchema, ...errors } } },
    async (r) => supervision.monitored(await who(r), r.params.id, r.query.after),
  );

  app.delete<Id>('/api/supervisor/chats/:id/monitor', { config: supervise, schema: { summary: 'Stop monitoring a chat', tags, params: idParamsSchema, response: { 204: { type: 'null' }, ...errors } } }, async (r, reply) => {
    await supervision.stopMonitoring(await who(r), r.params.id);
    return reply.code(204).send();
  });

  app.post<Id & { Body: { text: string } }>(
    '/api/supervisor/chats/:id/whisper',
    { config: supervise, schema: { summary: "Whisper to the chat's agent (a chat I monitor): the agent sees it, the visitor never does", tags, params: idParamsSchema, body: whisperBodySchema, response: { 201: whisperSchema, ...errors } } },
    async (r, reply) => reply.code(201).send(await supervision.whisper(await who(r), r.params.id, r.body.text, r.ip)),
  );

  app.post<Id>(
    '/api/supervisor/chats/:id/take-over',
    { config: supervise, schema: { summary: "Take the chat over: I handle it now, its agent is released (told, slot freed); the visitor keeps the whole history", tags, params: idParamsSchema, response: { 200: chatSummarySchema, ...errors } } },
    async (r) => supervision.takeOver(await who(r), r.params.id, r.ip),
  );

  app.post<Id>(
    '/api/supervisor/chats/:id/hand-over',
    { config: supervise, schema: { summary: "Hand a chat the bot has to a person: it enters its queue with the whole conversation and the reason 'supervisor'", tags, params: idParamsSchema, response: { 200: chatSummarySchema, ...errors } } },
    async (r) => supervision.handToPerson(await who(r), r.params.id, r.ip),
  );

  app.get<Id>('/api/chats/:id/whispers', { config: handle, schema: { summary: "The supervisors' whispers in my chat (never shown to the visitor)", tags, params: idParamsSchema, response: { 200: whisperListSchema, ...errors } } }, async (r) => {
    const w = await who(r);
    return { whispers: await supervision.whispersOf(r.params.id, { ...w, supervise: seesEveryChat(r.principal) }) };
  });

  app.get('/api/chats/silence-alerts', { config: handle, schema: { summary: 'Silence alerts open in my group (a reconnected toolbar shows them again)', tags, response: { 200: silenceAlertListSchema, 403: errorBodySchema } } }, async (r) => ({
    alerts: r.principal?.agentId ? silenceAlerts.openFor(r.principal.agentId) : [],
  }));

  app.post<Id>(
    '/api/chats/:id/take-over',
    { config: handle, schema: { summary: "Take a silent colleague's chat over (an open silence alert of my group): the first one wins", tags, params: idParamsSchema, response: { 200: chatSummarySchema, ...errors } } },
    async (r) => silenceAlerts.takeOver({ userId: r.principal?.userId ?? 'unknown', ...(r.principal?.agentId ? { agentId: r.principal.agentId } : {}) }, r.params.id, r.ip),
  );
}
