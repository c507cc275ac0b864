/**
 * Live screen sharing (issue 20, docs/remote-assistance.md). The agent's side of the signalling is
 * REST, like every agent action (authenticated, permission-checked, audited where it matters);
 * what comes back to the agent (the visitor's offer, ICE, the share's state) arrives on /api/ws as
 * `{ type: 'assist', frame }` to that user's own sockets only. The visitor's side is the widget
 * socket (share_answer / share_signal / share_end).
 *
 *   POST /api/chats/:id/shares        { quality?, kind? } chat.handle, my chat (owner or colleague): invite
 *                                                         (kind screen, the default, or video: a camera call)
 *   GET  /api/chats/:id/shares                           chat.handle, a chat I read: the chat's shares
 *   POST /api/shares/:id/signal       { peer, signal }   chat.handle, a viewer peer I hold
 *   POST /api/shares/:id/watch                           chat.supervise (a team lead: their teams' chats): watch it live
 *   POST /api/shares/:id/end                             chat.handle: end it (a watcher stops watching)
 *   GET  /api/chat-assist/settings                       config.view: the recording switch
 *   PUT  /api/chat-assist/settings    { recordShares }   config.edit: turn recording on or off (audited)
 * The recordings themselves: share-recording-routes.ts (raw bodies).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { ChatService } from '../../../chat/chat-service.js';
import type { ChatSupervision } from '../../../chat/chat-supervision.js';
import type { AssistSettings } from '../../../chat/assist/assist-settings.js';
import type { ShareService } from '../../../chat/assist/share-service.js';
import { SHARE_KINDS, SHARE_QUALITIES, SHARE_STATES, type ShareKind, type ShareQuality } from '../../../chat/assist/share-state.js';
import { SHARE_SIGNAL_SCHEMA, type ShareSignal } from '../../../chat/assist/assist-protocol.js';
import { AppError } from '../../../core/errors.js';
import { seesEveryChat } from '../../chat-reach.js';
import { seesAllTeams } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';

export interface ShareRouteDeps {
  chat: Pick<ChatService, 'seenBy'>;
  shares: ShareService;
  audit: AuditLog;
  /** A team lead's reach over one chat (their teams' chats), as the supervisor console decides it. */
  supervisedBy: Pick<ChatSupervision, 'reaches'>;
  settings: AssistSettings;
  /** Bytes one recording may hold (config assist.recordingMaxBytes): the agent's page stops recording there. */
  recordingMaxBytes: number;
}

const settingsSchema = {
  type: 'object',
  required: ['recordShares'],
  additionalProperties: false,
  properties: { recordShares: { type: 'boolean', description: "on: shares and video calls asked for from now are recorded by the agent's page, and the visitor is told before consenting" } },
} as const;

const int = { type: 'integer' } as const;
const nint = { type: ['integer', 'null'] } as const;
export const shareSchema = {
  type: 'object',
  required: ['id', 'chatId', 'agentId', 'kind', 'quality', 'state', 'invitedAt', 'recorded'],
  properties: {
    id: { type: 'string' },
    chatId: { type: 'string' },
    agentId: { type: 'string' },
    byUserId: { type: 'string' },
    kind: { type: 'string', enum: SHARE_KINDS, description: 'screen: the visitor\'s screen, view only; video: a two-way camera call' },
    quality: { type: 'string', enum: SHARE_QUALITIES },
    state: { type: 'string', enum: SHARE_STATES },
    invitedAt: int,
    acceptedAt: nint,
    liveAt: nint,
    endedAt: nint,
    endedBy: { type: ['string', 'null'], enum: ['visitor', 'agent', 'system', null] },
    recorded: { type: 'boolean', description: 'the visitor was told the session is recorded (the admin switch was on when it was asked for)' },
    recording: { type: 'object', required: ['size', 'at'], properties: { size: int, at: int }, description: "the recording the agent's page sent after the share (GET /api/shares/{id}/recording)" },
    peer: { type: 'string', description: 'the viewer peer id this caller answers as (watch)' },
    iceServers: {
      type: 'array',
      description: 'STUN/TURN servers for this viewer; TURN credentials are short-lived and made for this share',
      items: { type: 'object', required: ['urls'], properties: { urls: { type: 'array', items: { type: 'string' } }, username: { type: 'string' }, credential: { type: 'string' } } },
    },
  },
} as const;

const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
type Id = { Params: { id: string } };

function selfAgent(request: FastifyRequest): string {
  const agentId = request.principal?.agentId;
  if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: request.principal?.userId });
  return agentId;
}

export async function registerShareRoutes(app: FastifyInstance, deps: ShareRouteDeps): Promise<void> {
  const tags = ['chat'];
  const handle = { permission: 'chat.handle' } as const;
  const userOf = (r: FastifyRequest) => r.principal?.userId ?? 'unknown';
  const viewerOf = (r: FastifyRequest) => ({ ...(r.principal?.agentId ? { agentId: r.principal.agentId } : {}), supervise: seesEveryChat(r.principal) });

  app.post<Id & { Body: { quality?: ShareQuality; kind?: ShareKind } }>(
    '/api/chats/:id/shares',
    {
      config: handle,
      schema: {
        summary: 'Ask the visitor of my chat to share their screen (view only) or for a video call (they accept or decline in the widget)',
        tags,
        params: idParamsSchema,
        body: { type: 'object', additionalProperties: false, properties: { quality: { type: 'string', enum: SHARE_QUALITIES, description: 'speed (default): 720p at 15 fps; picture: 1080p at 5 fps (screen shares)' }, kind: { type: 'string', enum: SHARE_KINDS, description: 'screen (default) or video' } } },
        response: { 200: { type: 'object', properties: { share: shareSchema } }, ...errors },
      },
    },
    async (r) => {
      const share = await deps.shares.invite(selfAgent(r), userOf(r), r.params.id, r.body.quality ?? 'speed', r.body.kind ?? 'screen');
      await deps.audit.record({ actorId: userOf(r), action: 'chat.share_invite', target: `chat:${r.params.id}`, details: { shareId: share.id, kind: share.kind, quality: share.quality, recorded: share.recorded }, ip: r.ip });
      return { share };
    },
  );

  app.get<Id>(
    '/api/chats/:id/shares',
    { config: handle, schema: { summary: "The chat's screen shares, oldest first", tags, params: idParamsSchema, response: { 200: { type: 'object', properties: { shares: { type: 'array', items: shareSchema } } }, ...errors } } },
    async (r) => {
      await deps.chat.seenBy(r.params.id, viewerOf(r));
      return { shares: await deps.shares.history(r.params.id) };
    },
  );

  app.post<Id & { Body: { peer: string; signal: ShareSignal } }>(
    '/api/shares/:id/signal',
    {
      config: handle,
      schema: {
        summary: "A viewer's WebRTC answer or ICE candidate for the visitor's browser (relayed over the widget socket)",
        tags,
        params: idParamsSchema,
        body: { type: 'object', additionalProperties: false, required: ['peer', 'signal'], properties: { peer: { type: 'string', minLength: 1, maxLength: 100 }, signal: SHARE_SIGNAL_SCHEMA } },
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (r, reply) => {
      await deps.shares.staffSignal(userOf(r), r.params.id, r.body.peer, r.body.signal);
      return reply.code(204).send();
    },
  );

  app.post<Id>(
    '/api/shares/:id/watch',
    {
      config: { permission: 'chat.supervise' },
      schema: { summary: "A supervisor (a team lead: of the chat's teams) watches a live share as a second viewer (the visitor sends to each viewer)", tags, params: idParamsSchema, response: { 200: { type: 'object', properties: { share: shareSchema } }, ...errors } },
    },
    async (r) => {
      const p = r.principal;
      const share = await deps.shares.watch(userOf(r), viewerOf(r), r.params.id, (chatId) => deps.supervisedBy.reaches({ seesAll: seesAllTeams(p), ledTeamIds: p?.ledTeamIds ?? [] }, chatId));
      await deps.audit.record({ actorId: userOf(r), action: 'chat.share_watch', target: `chat:${share.chatId}`, details: { shareId: share.id }, ip: r.ip });
      return { share };
    },
  );

  app.post<Id>(
    '/api/shares/:id/end',
    { config: handle, schema: { summary: 'End the share (a watching supervisor stops watching only)', tags, params: idParamsSchema, response: { 200: { type: 'object', properties: { share: shareSchema } }, ...errors } } },
    async (r) => ({ share: await deps.shares.staffEnd(r.principal?.agentId, userOf(r), r.params.id) }),
  );

  app.get(
    '/api/chat-assist/settings',
    {
      config: { permission: 'config.view' },
      schema: {
        summary: 'Remote assistance settings: whether shares and video calls are recorded (off by default), and the largest recording (set in the configuration)',
        tags: ['chat', 'config'],
        response: { 200: { ...settingsSchema, required: ['recordShares', 'recordingMaxBytes'], properties: { ...settingsSchema.properties, recordingMaxBytes: { type: 'integer', description: "bytes one recording may hold; the agent's page stops recording there (SWITCHBOARD_SHARE_RECORDING_MAX_MB)" } } }, 401: errorBodySchema, 403: errorBodySchema },
      },
    },
    async () => ({ ...(await deps.settings.get()), recordingMaxBytes: deps.recordingMaxBytes }),
  );

  app.put<{ Body: { recordShares: boolean } }>(
    '/api/chat-assist/settings',
    {
      config: { permission: 'config.edit' },
      schema: { summary: 'Turn recording of shares and video calls on or off; applies to sessions asked for afterwards (audited chat.assist_settings)', tags: ['chat', 'config'], body: settingsSchema, response: { 200: settingsSchema, 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema } },
    },
    async (r) => deps.settings.set(r.body, userOf(r), r.ip),
  );
}
