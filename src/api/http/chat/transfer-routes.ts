/**
 * Chat transfers, multi-party chats (chat.handle) and supervisors' assign / force-transfer of
 * chats (chat.supervise; a team lead holding it only for agents of the teams they lead). Every
 * action is audited after it succeeded; a refusal is a coded error and changes nothing. Live
 * updates: chat.transfer_changed, chat.transferred and chat.colleague_changed on /api/ws.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import { can } from '../../../accounts/principal.js';
import type { ChatService } from '../../../chat/chat-service.js';
import type { ChatTransferService } from '../../../chat/chat-transfer-service.js';
import { AppError, validationError } from '../../../core/errors.js';
import { requireAgentInScope, type TeamsOfAgent } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { chatSummarySchema } from './chat-schemas.js';
import { agentBodySchema, agentParamsSchema, declineBodySchema, forceTransferBodySchema, partiesSchema, pendingSchema, targetsSchema, transferBodySchema, transferSchema } from './transfer-schemas.js';

export interface TransferTargets {
  agents: { agentId: string; name: string; freeChatSlots: number }[];
  queues: { id: string; name: string }[];
}

export interface TransferRouteDeps {
  chat: Pick<ChatService, 'seenBy'>;
  transfers: ChatTransferService;
  audit: AuditLog;
  teamsOfAgent: TeamsOfAgent;
  /** Logged-in agents and chat queues, for the workspace's pickers. */
  targets(): Promise<TransferTargets>;
}

type Id = { Params: { id: string } };
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

function selfAgent(request: FastifyRequest): string {
  const agentId = request.principal?.agentId;
  if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: request.principal?.userId });
  return agentId;
}

/** Exactly one of agentId and queueId (a JSON schema alone cannot say "not both" readably). */
function oneTarget(body: { agentId?: string; queueId?: string }): { agentId: string } | { queueId: string } {
  if (body.agentId !== undefined && body.queueId !== undefined) throw validationError([{ where: '/queueId', reason: 'name an agent or a queue, not both' }]);
  if (body.agentId !== undefined) return { agentId: body.agentId };
  if (body.queueId !== undefined) return { queueId: body.queueId };
  throw validationError([{ where: '/agentId', reason: 'name an agent or a queue' }]);
}

export async function registerChatTransferRoutes(app: FastifyInstance, deps: TransferRouteDeps): Promise<void> {
  const handle = { permission: 'chat.handle' } as const;
  const supervise = { permission: 'chat.supervise' } as const;
  const tags = ['chat'];
  const userOf = (r: FastifyRequest) => r.principal?.userId ?? 'unknown';
  const audit = (r: FastifyRequest, action: string, chatId: string, details: Record<string, unknown>) => deps.audit.record({ actorId: userOf(r), action, target: `chat:${chatId}`, details, ip: r.ip });
  const viewerOf = (r: FastifyRequest) => ({ ...(r.principal?.agentId ? { agentId: r.principal.agentId } : {}), supervise: can(r.principal, 'chat.supervise') });
  const scope = (r: FastifyRequest, agentId: string | null, where: string) => {
    if (agentId) requireAgentInScope(r, agentId, deps.teamsOfAgent, where);
  };

  // ---- the owner ----

  app.post<Id & { Body: { agentId?: string; queueId?: string; note?: string } }>(
    '/api/chats/:id/transfer',
    {
      config: handle,
      schema: {
        summary: 'Transfer my chat: to an agent (offered; I keep it until they accept) or to a chat queue (at once)',
        tags,
        params: idParamsSchema,
        body: transferBodySchema,
        response: { 200: { type: 'object', properties: { transfer: transferSchema, chat: chatSummarySchema } }, ...errors },
      },
    },
    async (r) => {
      const target = oneTarget(r.body);
      if ('queueId' in target) {
        if (r.body.note !== undefined) throw validationError([{ where: '/note', reason: 'a note goes with a transfer to an agent only' }]);
        const chat = await deps.transfers.toQueue(selfAgent(r), userOf(r), r.params.id, target.queueId);
        await audit(r, 'chat.transfer', r.params.id, { queueId: target.queueId });
        return { chat };
      }
      const transfer = await deps.transfers.toAgent(selfAgent(r), userOf(r), r.params.id, target.agentId, r.body.note);
      await audit(r, 'chat.transfer', r.params.id, { agentId: target.agentId, transferId: transfer.id });
      return { transfer };
    },
  );

  app.get('/api/chat-transfers', { config: handle, schema: { summary: 'Transfers offered to me, and transfers of my chats waiting for an answer', tags, response: { 200: pendingSchema, 403: errorBodySchema } } }, async (r) =>
    deps.transfers.pendingOf(selfAgent(r)),
  );

  app.get('/api/chat-transfer-targets', { config: handle, schema: { summary: 'Who and where a chat can go: logged-in agents (with free chat slots) and chat queues', tags, response: { 200: targetsSchema, 403: errorBodySchema } } }, async (r) => {
    const me = r.principal?.agentId;
    const t = await deps.targets();
    return { agents: t.agents.filter((a) => a.agentId !== me), queues: t.queues };
  });

  app.post<Id>('/api/chat-transfers/:id/cancel', { config: handle, schema: { summary: 'Withdraw my pending transfer (I keep the chat)', tags, params: idParamsSchema, response: { 200: transferSchema, ...errors } } }, async (r) => {
    const t = await deps.transfers.cancel(selfAgent(r), r.params.id);
    await audit(r, 'chat.transfer_cancel', t.chatId, { transferId: t.id });
    return t;
  });

  // ---- the target ----

  app.post<Id>('/api/chat-transfers/:id/accept', { config: handle, schema: { summary: 'Accept a chat offered to me: it is mine at once, with its whole history', tags, params: idParamsSchema, response: { 200: transferSchema, ...errors } } }, async (r) => {
    const t = await deps.transfers.answer(selfAgent(r), r.params.id, true);
    await audit(r, 'chat.transfer_accept', t.chatId, { transferId: t.id, fromAgentId: t.fromAgentId });
    return t;
  });

  app.post<Id & { Body: { reason?: string } }>(
    '/api/chat-transfers/:id/decline',
    { config: handle, schema: { summary: 'Decline a chat offered to me: it stays with its owner, who is told the reason', tags, params: idParamsSchema, body: declineBodySchema, response: { 200: transferSchema, ...errors } } },
    async (r) => {
      const t = await deps.transfers.answer(selfAgent(r), r.params.id, false, r.body?.reason);
      await audit(r, 'chat.transfer_decline', t.chatId, { transferId: t.id, ...(t.reason ? { reason: t.reason } : {}) });
      return t;
    },
  );

  // ---- multi-party ----

  app.get<Id>('/api/chats/:id/parties', { config: handle, schema: { summary: "A chat's owner, invited colleagues and pending transfer (my chats, chats I was invited into, every chat with chat.supervise)", tags, params: idParamsSchema, response: { 200: partiesSchema, ...errors } } }, async (r) => {
    await deps.chat.seenBy(r.params.id, viewerOf(r));
    return deps.transfers.parties(r.params.id);
  });

  app.post<Id & { Body: { agentId: string } }>(
    '/api/chats/:id/colleagues',
    { config: handle, schema: { summary: 'Invite a logged-in colleague into my chat: they read the history and write; I keep control', tags, params: idParamsSchema, body: agentBodySchema, response: { 200: partiesSchema, ...errors } } },
    async (r) => {
      const parties = await deps.transfers.invite(selfAgent(r), r.params.id, r.body.agentId);
      await audit(r, 'chat.colleague_invite', r.params.id, { agentId: r.body.agentId });
      return parties;
    },
  );

  app.delete<{ Params: { id: string; agentId: string } }>(
    '/api/chats/:id/colleagues/:agentId',
    { config: handle, schema: { summary: 'Remove a colleague from my chat', tags, params: agentParamsSchema, response: { 200: partiesSchema, ...errors } } },
    async (r) => {
      const parties = await deps.transfers.remove(selfAgent(r), r.params.id, r.params.agentId);
      await audit(r, 'chat.colleague_remove', r.params.id, { agentId: r.params.agentId });
      return parties;
    },
  );

  app.post<Id>('/api/chats/:id/leave', { config: handle, schema: { summary: 'Leave a chat I was invited into', tags, params: idParamsSchema, response: { 204: { type: 'null' }, ...errors } } }, async (r, reply) => {
    await deps.transfers.leave(selfAgent(r), r.params.id);
    await audit(r, 'chat.colleague_leave', r.params.id, {});
    return reply.code(204).send();
  });

  // ---- supervisors ----

  app.post<Id & { Body: { agentId: string } }>(
    '/api/chats/:id/assign',
    { config: supervise, schema: { summary: 'Give a waiting chat to a chosen agent (connected at once)', tags, params: idParamsSchema, body: agentBodySchema, response: { 200: chatSummarySchema, ...errors } } },
    async (r) => {
      scope(r, r.body.agentId, '/agentId');
      const chat = await deps.transfers.assign(r.params.id, r.body.agentId, userOf(r));
      await audit(r, 'chat.assign', r.params.id, { agentId: r.body.agentId });
      return chat;
    },
  );

  app.post<Id & { Body: { agentId?: string; queueId?: string } }>(
    '/api/chats/:id/force-transfer',
    { config: supervise, schema: { summary: 'Move an active chat to an agent or a chat queue at once, without either agent answering', tags, params: idParamsSchema, body: forceTransferBodySchema, response: { 200: chatSummarySchema, ...errors } } },
    async (r) => {
      const target = oneTarget(r.body);
      const chat = await deps.chat.seenBy(r.params.id, { supervise: true });
      scope(r, chat.agentId, '/params/id');
      if ('agentId' in target) scope(r, target.agentId, '/agentId');
      const moved = await deps.transfers.forceTransfer(r.params.id, target, userOf(r));
      await audit(r, 'chat.force_transfer', r.params.id, { fromAgentId: chat.agentId, ...target });
      return moved;
    },
  );
}
