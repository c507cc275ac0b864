/**
 * Tickets over REST (issue 13): list with filters, saved views and keyset paging; create; read
 * one with its replies and history; change fields; move through the state machine; reply.
 * tickets.view reads, tickets.edit writes; closing also needs tickets.close (checked by the
 * domain, a coded 403 that changes nothing). Team scoping is the service's (ticket-service.ts):
 * supervisors and admins see everything, others their teams', their own and team-less tickets.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../accounts/principal.js';
import { AppError } from '../../../core/errors.js';
import { isOverdue, type NewTicketInput, type ReplyVisibility, type Ticket, type TicketPatch, type TicketPriority, type TicketStatus } from '../../../tickets/model.js';
import type { TicketService, TicketView, TicketViewer } from '../../../tickets/ticket-service.js';
import { seesAllTeams, type TeamsOfAgent } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { createBody, linkChatBody, listQuery, listResponse, patchBody, replyBody, replySchema, ticketDetailSchema, ticketSchema, transitionBody } from './ticket-schemas.js';
import { seesEveryChat } from '../../chat-reach.js';

export interface TicketRouteDeps {
  tickets: Pick<TicketService, 'list' | 'get' | 'create' | 'update' | 'transition' | 'reply' | 'linkChat'>;
  teamsOfAgent: TeamsOfAgent;
  now: () => number;
  /** A ticket made from a chat belongs to the chat's visitor (who then sees its public replies). */
  chats: {
    visitorOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<string>;
    liveChatOf(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<unknown>;
  };
  /** A user's display name (who wrote a reply, who changed what); undefined for a user deleted since. */
  nameOfUser: (userId: string) => Promise<string | undefined>;
}

interface ListQuery {
  view?: TicketView;
  status?: TicketStatus[];
  priority?: TicketPriority[];
  assignee?: string;
  team?: string;
  customer?: string;
  overdue?: boolean;
  limit?: number;
  beforeAt?: number;
  beforeId?: string;
}

const tags = ['tickets'];
const view = { permission: 'tickets.view' } as const;
const edit = { permission: 'tickets.edit' } as const;
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** Who asks, as the ticket service scopes it (also the attachment routes'). */
export function ticketViewerOf(r: FastifyRequest, teamsOfAgent: TeamsOfAgent): TicketViewer {
  const p = r.principal;
  if (!p) throw new AppError('UNAUTHENTICATED');
  const agentId = p.agentId ?? null;
  const teamIds = [...new Set([...p.ledTeamIds, ...(agentId ? teamsOfAgent(agentId) : [])])];
  return { userId: p.userId, agentId, seesAll: seesAllTeams(p), teamIds, canClose: can(p, 'tickets.close'), ip: r.ip };
}

export async function registerTicketRoutes(app: FastifyInstance, deps: TicketRouteDeps): Promise<void> {
  const viewerOf = (r: FastifyRequest): TicketViewer => ticketViewerOf(r, deps.teamsOfAgent);
  const out = (t: Ticket) => ({ ...t, overdue: isOverdue(t, deps.now()) });

  app.get<{ Querystring: ListQuery }>(
    '/api/tickets',
    { config: view, schema: { summary: 'Tickets, newest first, in your scope; filters and saved views; page with next', tags, querystring: listQuery, response: { 200: listResponse, 400: errorBodySchema } } },
    async (r) => {
      const q = r.query;
      const limit = q.limit ?? 50;
      const tickets = await deps.tickets.list(
        {
          ...(q.view ? { view: q.view } : {}),
          ...(q.status ? { status: q.status } : {}),
          ...(q.priority ? { priority: q.priority } : {}),
          ...(q.assignee ? { assigneeId: q.assignee } : {}),
          ...(q.team ? { teamId: q.team } : {}),
          ...(q.customer ? { customerId: q.customer } : {}),
          ...(q.overdue ? { overdue: true } : {}),
          ...(q.beforeAt !== undefined && q.beforeId !== undefined ? { before: { createdAt: q.beforeAt, id: q.beforeId } } : {}),
          limit,
        },
        viewerOf(r),
      );
      const last = tickets.at(-1);
      return { tickets: tickets.map(out), next: tickets.length === limit && last ? { beforeAt: last.createdAt, beforeId: last.id } : null };
    },
  );

  app.post<{ Body: NewTicketInput & { chatId?: string } }>(
    '/api/tickets',
    { config: edit, schema: { summary: 'Create a ticket (for a customer: customerId; from a chat: chatId)', tags, body: createBody, response: { 201: ticketSchema, ...errors } } },
    async (r, reply) => {
      const { chatId, ...input } = r.body;
      if (chatId !== undefined) {
        if (input.visitorId !== undefined) throw new AppError('VALIDATION_FAILED', '/visitorId: give chatId or visitorId, not both', { problems: [{ where: '/visitorId', reason: 'not with chatId' }] });
        const p = r.principal;
        input.visitorId = await deps.chats.visitorOf(chatId, { ...(p?.agentId ? { agentId: p.agentId } : {}), supervise: seesEveryChat(p) });
      }
      return reply.code(201).send(out(await deps.tickets.create(input, viewerOf(r))));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/tickets/:id',
    { config: view, schema: { summary: 'One ticket with its replies (internal ones included), history and the names of the people in them', tags, params: idParamsSchema, response: { 200: ticketDetailSchema, 404: errorBodySchema } } },
    async (r) => {
      const d = await deps.tickets.get(r.params.id, viewerOf(r));
      const ids = new Set([d.ticket.createdBy, ...d.replies.map((x) => x.authorId), ...d.history.map((h) => h.by)]);
      const people: Record<string, string> = {};
      for (const id of ids) {
        const name = await deps.nameOfUser(id);
        if (name !== undefined) people[id] = name;
      }
      return { ...d, ticket: out(d.ticket), people };
    },
  );

  app.patch<{ Params: { id: string }; Body: TicketPatch }>(
    '/api/tickets/:id',
    { config: edit, schema: { summary: 'Change fields (status moves through /transitions)', tags, params: idParamsSchema, body: patchBody, response: { 200: ticketSchema, ...errors } } },
    async (r) => out(await deps.tickets.update(r.params.id, r.body, viewerOf(r))),
  );

  app.post<{ Params: { id: string }; Body: { to: TicketStatus; reason?: string } }>(
    '/api/tickets/:id/transitions',
    { config: edit, schema: { summary: 'Move the ticket to another state (closing needs tickets.close; deleting a reason)', tags, params: idParamsSchema, body: transitionBody, response: { 200: ticketSchema, ...errors } } },
    async (r) => out(await deps.tickets.transition(r.params.id, r.body.to, viewerOf(r), r.body.reason)),
  );

  app.post<{ Params: { id: string }; Body: { visibility: ReplyVisibility; body: string } }>(
    '/api/tickets/:id/replies',
    { config: edit, schema: { summary: 'Reply: public (the customer sees it) or internal (agents only)', tags, params: idParamsSchema, body: replyBody, response: { 201: replySchema, ...errors } } },
    async (r, reply) => reply.code(201).send(await deps.tickets.reply(r.params.id, r.body, viewerOf(r))),
  );

  app.post<{ Params: { id: string }; Body: { chatId: string } }>(
    '/api/tickets/:id/chats',
    {
      config: edit,
      schema: {
        summary: "Tie my chat under way to this ticket: when the chat ends, its transcript and outcome are added to it instead of making a new ticket",
        tags,
        params: idParamsSchema,
        body: linkChatBody,
        response: { 200: ticketSchema, ...errors },
      },
    },
    async (r) => {
      const p = r.principal;
      await deps.chats.liveChatOf(r.body.chatId, { ...(p?.agentId ? { agentId: p.agentId } : {}), supervise: seesEveryChat(p) });
      return out(await deps.tickets.linkChat(r.body.chatId, r.params.id, viewerOf(r)));
    },
  );
}
