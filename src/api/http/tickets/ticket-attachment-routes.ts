/**
 * Ticket attachments (issue 13): the same checks and store as chat uploads (src/attachments).
 *
 *   POST /api/tickets/:id/attachments?kind&name&replyId   tickets.edit, raw body
 *   GET  /api/tickets/:id/attachments/:attachmentId       tickets.view
 *
 * Both team-scoped by the ticket service (a ticket out of scope is not found). A visitor fetches
 * the files of their tickets' public replies through GET /api/widget/attachments/:id.
 */
import type { FastifyInstance } from 'fastify';
import type { AttachmentLimits } from '../../../attachments/attachment-rules.js';
import type { AttachmentFiles } from '../../../attachments/ports.js';
import type { TicketService } from '../../../tickets/ticket-service.js';
import type { TeamsOfAgent } from '../../team-scope.js';
import { checkDeclaredSize, serve } from '../chat/upload-routes.js';
import { errorBodySchema } from '../schemas.js';
import { ticketViewerOf } from './ticket-routes.js';
import { ticketAttachmentSchema } from './ticket-schemas.js';

export interface TicketAttachmentRouteDeps {
  tickets: Pick<TicketService, 'attach' | 'attachment'>;
  teamsOfAgent: TeamsOfAgent;
  files: AttachmentFiles;
  limits: AttachmentLimits;
}

const ID = { type: 'string', minLength: 1, maxLength: 100 } as const;
const errors = { 400: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema };

export async function registerTicketAttachmentRoutes(app: FastifyInstance, deps: TicketAttachmentRouteDeps): Promise<void> {
  const bodyLimit = Math.max(...Object.values(deps.limits)) + 1;
  // Every declared type is read as plain bytes: what the content is, the rules read from it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
  const tags = ['tickets'];

  app.post<{ Params: { id: string }; Querystring: { kind: string; name?: string; replyId?: string }; Body: Buffer | undefined }>(
    '/api/tickets/:id/attachments',
    {
      bodyLimit,
      config: { permission: 'tickets.edit' },
      // Over the kind's limit by its Content-Length: refused before the body is read.
      preParsing: async (request, _reply, payload) => {
        checkDeclaredSize(request.query.kind, request.headers['content-length'], deps.limits);
        return payload;
      },
      schema: {
        summary: 'Add a file to a ticket (raw body), optionally to one of its replies; checked by content like chat uploads',
        tags,
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: ID } },
        querystring: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: { kind: { type: 'string', minLength: 1, maxLength: 40 }, name: { type: 'string', maxLength: 1000, 'x-free-text': true }, replyId: ID },
        },
        response: { 201: ticketAttachmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { kind, name, replyId } = request.query;
      const added = await deps.tickets.attach(request.params.id, { kind, name: name ?? '', bytes: request.body ?? Buffer.alloc(0), ...(replyId ? { replyId } : {}) }, ticketViewerOf(request, deps.teamsOfAgent));
      return reply.code(201).send(added);
    },
  );

  app.get<{ Params: { id: string; attachmentId: string } }>(
    '/api/tickets/:id/attachments/:attachmentId',
    {
      config: { permission: 'tickets.view' },
      schema: {
        summary: "A ticket's file, with its detected type, nosniff, and inline only for images, audio and video",
        tags,
        params: { type: 'object', required: ['id', 'attachmentId'], additionalProperties: false, properties: { id: ID, attachmentId: ID } },
        response: { 200: {}, ...errors },
      },
    },
    async (request, reply) => serve(request, reply, await deps.tickets.attachment(request.params.id, request.params.attachmentId, ticketViewerOf(request, deps.teamsOfAgent)), deps.files),
  );
}
