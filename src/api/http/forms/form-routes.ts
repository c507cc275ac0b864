/**
 * Forms and surveys in chat (issue 21). Admins (config.edit) define them and each channel's
 * pre-chat form; agents (chat.handle) list them to send one in a chat they serve, and read a chat's
 * forms with the answers (their own chat, or any with chat.supervise). A customer's answers are
 * read with customer.view, like the chats on the customer's timeline.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../../accounts/principal.js';
import { seesEveryChat } from '../../chat-reach.js';
import { AppError } from '../../../core/errors.js';
import type { ChatFormService, ChatFormViewer } from '../../../forms/chat-form-service.js';
import type { FormInput, FormService, PrechatChannel } from '../../../forms/form-service.js';
import type { AnsweredRequest, FormRecord } from '../../../forms/ports.js';
import { seesAllTeams, type TeamsOfAgent } from '../../team-scope.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { channelParamsSchema, chatFormSchema, chatFormsSchema, formInputSchema, formSchema, formsSchema, prechatInputSchema, prechatSchema, sendFormSchema } from './form-schemas.js';

export interface FormRouteDeps {
  forms: FormService;
  chatForms: ChatFormService;
  /** The chat visitor ids a customer holds (NOT_FOUND for no such customer). */
  visitorsOfCustomer(customerId: string): Promise<string[]>;
  teamsOfAgent: TeamsOfAgent;
}

type Id = { Params: { id: string } };
const tags = ['forms'];
const edit = { permission: 'config.edit' } as const;
const handle = { permission: 'chat.handle' } as const;
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema } as const;

function viewerOf(r: FastifyRequest, teamsOfAgent: TeamsOfAgent): ChatFormViewer {
  const p = r.principal;
  if (!p) throw new AppError('UNAUTHENTICATED');
  const agentId = p.agentId ?? null;
  const teamIds = [...new Set([...p.ledTeamIds, ...(agentId ? teamsOfAgent(agentId) : [])])];
  return { userId: p.userId, ...(p.agentId ? { agentId: p.agentId } : {}), supervise: seesEveryChat(p), tickets: { agentId, seesAll: seesAllTeams(p), teamIds, canClose: can(p, 'tickets.close'), ip: r.ip } };
}

const actor = (r: FastifyRequest) => ({ userId: r.principal?.userId ?? 'unknown', ip: r.ip });
const formOut = (f: FormRecord) => f;

function chatFormOut(r: AnsweredRequest) {
  const q = r.request;
  return { requestId: q.id, chatId: q.chatId, formId: q.formId, version: q.version, name: r.name, prechat: q.prechat, ticketId: q.ticketId, sentAt: q.sentAt, definition: r.definition, answer: r.answer ? { answers: r.answer.answers, at: r.answer.at } : null };
}

export async function registerFormRoutes(app: FastifyInstance, deps: FormRouteDeps): Promise<void> {
  app.get<{ Querystring: { archived?: boolean } }>(
    '/api/forms',
    { config: handle, schema: { summary: 'Forms and surveys, at their current version (archived ones with ?archived=true)', tags, querystring: { type: 'object', properties: { archived: { type: 'boolean' } } }, response: { 200: formsSchema, ...errors } } },
    async (r) => ({ forms: (await deps.forms.list(r.query.archived === true)).map(formOut) }),
  );

  app.get<Id>('/api/forms/:id', { config: handle, schema: { summary: 'A form or survey at its current version', tags, params: idParamsSchema, response: { 200: formSchema, ...errors } } }, async (r) => formOut(await deps.forms.get(r.params.id)));

  app.post<{ Body: FormInput }>(
    '/api/forms',
    { config: edit, schema: { summary: 'Define a form or survey (version 1)', tags, body: formInputSchema, response: { 201: formSchema, ...errors } } },
    async (r, reply) => reply.code(201).send(formOut(await deps.forms.create(r.body, actor(r)))),
  );

  app.put<Id & { Body: FormInput }>(
    '/api/forms/:id',
    { config: edit, schema: { summary: 'Change a form or survey: saved as a new version; answers keep the version they answered', tags, params: idParamsSchema, body: formInputSchema, response: { 200: formSchema, ...errors } } },
    async (r) => formOut(await deps.forms.update(r.params.id, r.body, actor(r))),
  );

  app.put<Id & { Body: { archived: boolean } }>(
    '/api/forms/:id/archived',
    {
      config: edit,
      schema: { summary: 'Archive (no longer sent) or restore a form', tags, params: idParamsSchema, body: { type: 'object', additionalProperties: false, required: ['archived'], properties: { archived: { type: 'boolean' } } }, response: { 200: formSchema, ...errors } },
    },
    async (r) => formOut(await deps.forms.archive(r.params.id, r.body.archived, actor(r))),
  );

  app.get('/api/forms-prechat', { config: edit, schema: { summary: "Each widget channel's pre-chat form", tags, response: { 200: prechatSchema, ...errors } } }, async () => ({ channels: await deps.forms.prechat() }));

  app.put<{ Params: { channel: PrechatChannel }; Body: { formId: string | null } }>(
    '/api/forms-prechat/:channel',
    { config: edit, schema: { summary: "Choose the channel's pre-chat form (null: none)", tags, params: channelParamsSchema, body: prechatInputSchema, response: { 200: prechatSchema, ...errors } } },
    async (r) => ({ channels: await deps.forms.setPrechat(r.params.channel, r.body.formId, actor(r)) }),
  );

  app.get<Id>(
    '/api/chats/:id/forms',
    { config: handle, schema: { summary: "The chat's forms and surveys with their answers (my chat, or any with chat.supervise)", tags: ['chat', ...tags], params: idParamsSchema, response: { 200: chatFormsSchema, ...errors } } },
    async (r) => ({ forms: (await deps.chatForms.forChat(r.params.id, viewerOf(r, deps.teamsOfAgent))).map(chatFormOut) }),
  );

  app.post<Id & { Body: { formId: string; ticketId?: string; toChatTicket?: boolean } }>(
    '/api/chats/:id/forms',
    { config: handle, schema: { summary: 'Send a form or survey to the visitor of my live chat', tags: ['chat', ...tags], params: idParamsSchema, body: sendFormSchema, response: { 201: chatFormSchema, ...errors } } },
    async (r, reply) => {
      // Adding to a ticket writes on it: the sender needs the right to.
      const toTicket = r.body.ticketId !== undefined || r.body.toChatTicket === true;
      if (toTicket && !can(r.principal, 'tickets.edit')) throw new AppError('FORBIDDEN', undefined, { where: r.body.ticketId !== undefined ? '/ticketId' : '/toChatTicket' });
      const sent = await deps.chatForms.send(r.params.id, { formId: r.body.formId, ...(r.body.ticketId ? { ticketId: r.body.ticketId } : {}), ...(r.body.toChatTicket ? { toChatTicket: true } : {}) }, viewerOf(r, deps.teamsOfAgent));
      return reply.code(201).send(chatFormOut(sent));
    },
  );

  app.get<Id>(
    '/api/customers/:id/form-answers',
    { config: { permission: 'customer.view' }, schema: { summary: "Forms and surveys the customer's chat visitors answered, newest first", tags: ['customers', ...tags], params: idParamsSchema, response: { 200: chatFormsSchema, ...errors } } },
    async (r) => ({ forms: (await deps.chatForms.forVisitors(await deps.visitorsOfCustomer(r.params.id))).map(chatFormOut) }),
  );
}

