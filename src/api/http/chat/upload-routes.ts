/**
 * Chat uploads (docs/chat-protocol.md, "Uploads"): images, files, video and voice clips as raw
 * request bodies, over HTTP because the widget socket's frames are small JSON.
 *
 *   visitor  POST /api/widget/chats/:id/uploads?clientId&kind&name   X-Visitor-Token, own chat only
 *            GET  /api/widget/attachments/:id                         X-Visitor-Token, own chats and own tickets' public replies
 *   agent    POST /api/chats/:id/uploads?clientId&kind&name           chat.handle, my chat
 *            GET  /api/chats/:id/attachments/:attachmentId            chat.handle, mine or chat.supervise
 *
 * The body's declared type is ignored (every type is read as bytes); the chat service checks the
 * bytes (src/attachments). Limits: uploads per visitor per minute (here) and per address
 * (@fastify/rate-limit on the route), and the largest kind's size as the body limit; a body over
 * its kind's limit is refused from its Content-Length before it is read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { servedHeaders, isAttachmentKind, type AttachmentLimits } from '../../../attachments/attachment-rules.js';
import type { AttachmentFiles, AttachmentRecord } from '../../../attachments/ports.js';
import type { ChatService, ChatUpload } from '../../../chat/chat-service.js';
import type { StoredMessage } from '../../../chat/ports.js';
import { CHAT_LIMITS } from '../../../chat/protocol.js';
import type { Clock } from '../../../core/clock.js';
import { AppError, isAppError } from '../../../core/errors.js';
import type { RefusalAudit } from '../../refusal-audit.js';
import { FrameBudget } from '../../ws/frame-budget.js';
import { sendRangedFile } from '../ranged-file-reply.js';
import { errorBodySchema } from '../schemas.js';
import { attachmentSchema } from './chat-schemas.js';
import { seesEveryChat } from '../../chat-reach.js';

export interface UploadRouteDeps {
  chat: ChatService;
  /** A file of a public reply of one of the visitor's tickets (TicketService.visitorAttachment). */
  visitorTicketAttachment: (visitorId: string, attachmentId: string) => Promise<AttachmentRecord>;
  files: AttachmentFiles;
  limits: AttachmentLimits;
  uploadsPerMinute: number;
  clock: Clock;
  /** Audits the refusals that matter (a type refused, too large, throttled), once per address and code a minute. */
  refusals?: RefusalAudit;
}

/**
 * The visitors' upload refusals worth an audit entry: someone sending executables, oversized files
 * or a flood from a customer's web site. An empty file or an unknown kind is a broken client, not
 * an attack, and is only answered.
 */
const AUDITED_UPLOAD_REFUSALS: Record<string, string> = {
  ATTACHMENT_TYPE_REFUSED: 'widget.upload_type_refused',
  ATTACHMENT_TOO_LARGE: 'widget.upload_too_large',
  RATE_LIMITED: 'widget.upload_throttled',
};

/** Several visitors may share an address (an office behind one NAT): its budget is larger. */
const ADDRESS_SHARE = 5;

const uploadQuery = {
  type: 'object',
  required: ['clientId', 'kind'],
  additionalProperties: false,
  properties: {
    clientId: { type: 'string', minLength: 1, maxLength: CHAT_LIMITS.maxClientIdLength, pattern: '^[A-Za-z0-9_.:-]+$' },
    // Checked by the rules so an unknown kind gets its own code.
    kind: { type: 'string', minLength: 1, maxLength: 40 },
    name: { type: 'string', maxLength: 1000, 'x-free-text': true },
  },
} as const;

const uploadReply = {
  type: 'object',
  required: ['clientId', 'seq', 'at', 'attachment'],
  properties: { clientId: { type: 'string' }, seq: { type: 'integer' }, at: { type: 'integer' }, attachment: attachmentSchema },
} as const;

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema, 429: errorBodySchema };
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const tokenHeaders = { type: 'object', required: ['x-visitor-token'], properties: { 'x-visitor-token': { type: 'string', minLength: 20, maxLength: 200 } } } as const;

type UploadRequest = { Params: { id: string }; Querystring: { clientId: string; kind: string; name?: string }; Body: Buffer | undefined };

export async function registerUploadRoutes(app: FastifyInstance, deps: UploadRouteDeps): Promise<void> {
  const visitors = new FrameBudget(deps.clock, deps.uploadsPerMinute);
  const bodyLimit = Math.max(...Object.values(deps.limits)) + 1;
  // Every declared type is read as plain bytes: what the content is, the rules read from it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
  const tags = ['chat'];

  // The widget runs on customers' sites (other origins): its two routes answer any origin. The
  // credential is a header the page sets, never a cookie, so no other site can ride on it.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/widget/')) return;
    void reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'content-disposition').header('cross-origin-resource-policy', 'cross-origin');
  });
  for (const url of ['/api/widget/chats/:id/uploads', '/api/widget/attachments/:id']) {
    app.options(url, { config: { access: 'public' }, schema: { summary: 'CORS preflight of the widget (customers\' sites)', tags, params: idParams } }, async (_request, reply) =>
      reply
        .code(204)
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'x-visitor-token, content-type')
        .header('access-control-max-age', '600')
        .send(),
    );
  }

  /** Refuses a body over its kind's limit from its Content-Length, before it is read (preParsing). */
  const declaredSize = async <P>(request: FastifyRequest<UploadRequest>, _reply: unknown, payload: P): Promise<P> => {
    checkDeclaredSize(request.query.kind, request.headers['content-length'], deps.limits);
    return payload;
  };
  const upload = (request: FastifyRequest<UploadRequest>): ChatUpload => ({
    clientId: request.query.clientId,
    kind: request.query.kind,
    name: request.query.name ?? '',
    bytes: request.body ?? Buffer.alloc(0),
  });
  const ack = (clientId: string, m: StoredMessage) => ({ clientId, seq: m.seq, at: m.at, attachment: m.attachment });
  const auditRefusal = (request: FastifyRequest<UploadRequest>, code: string) => {
    const action = AUDITED_UPLOAD_REFUSALS[code];
    if (action) deps.refusals?.refused(action, request.ip, { chatId: request.params.id, kind: String(request.query.kind) });
  };

  app.post<UploadRequest>(
    '/api/widget/chats/:id/uploads',
    {
      bodyLimit,
      // Public on purpose: the visitor widget; the visitor token (header) covers that visitor's own chats only.
      config: {
        access: 'public',
        rateLimit: { max: deps.uploadsPerMinute * ADDRESS_SHARE, timeWindow: 60_000, onExceeded: (request: FastifyRequest) => auditRefusal(request as FastifyRequest<UploadRequest>, 'RATE_LIMITED') },
      },
      preParsing: declaredSize,
      // Every refusal of this route passes here, the size refused before reading included.
      onError: async (request, _reply, error) => {
        if (isAppError(error)) auditRefusal(request, error.code);
      },
      schema: { summary: "The visitor uploads an image, file, video or voice clip into their chat (raw body; the server reads the type from the bytes)", tags, params: idParams, querystring: uploadQuery, headers: tokenHeaders, response: { 200: uploadReply, ...errors } },
    },
    async (request) => {
      const visitorId = await deps.chat.visitorByToken(String(request.headers['x-visitor-token']));
      if (!visitors.take([visitorId])) throw new AppError('RATE_LIMITED', 'Too many uploads; slow down', { clientId: request.query.clientId });
      return ack(request.query.clientId, await deps.chat.visitorUpload(visitorId, request.params.id, upload(request)));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/widget/attachments/:id',
    {
      config: { access: 'public', rateLimit: { max: 600, timeWindow: 60_000 } },
      schema: { summary: "An attachment of the visitor's own chat (X-Visitor-Token)", tags, params: idParams, headers: tokenHeaders, response: { 200: {}, ...errors } },
    },
    async (request, reply) => {
      const visitorId = await deps.chat.visitorByToken(String(request.headers['x-visitor-token']));
      // One of their chats' uploads, else a file of a public reply of one of their tickets.
      const a = await deps.chat.visitorAttachment(visitorId, request.params.id).catch((err: unknown) => {
        if (isAppError(err, 'ATTACHMENT_NOT_FOUND')) return deps.visitorTicketAttachment(visitorId, request.params.id);
        throw err;
      });
      return serve(request, reply, a, deps.files);
    },
  );

  app.post<UploadRequest>(
    '/api/chats/:id/uploads',
    {
      bodyLimit,
      config: { permission: 'chat.handle' },
      preParsing: declaredSize,
      schema: { summary: 'I send an image, file, video or voice clip to the visitor (raw body); a resend with the same clientId answers the same', tags, params: idParams, querystring: uploadQuery, response: { 200: uploadReply, ...errors } },
    },
    async (request) => {
      const agentId = request.principal?.agentId;
      if (!agentId) throw new AppError('NOT_AN_AGENT', 'You are not set up as an agent', { userId: request.principal?.userId });
      return ack(request.query.clientId, await deps.chat.agentUpload(agentId, request.params.id, upload(request)));
    },
  );

  app.get<{ Params: { id: string; attachmentId: string } }>(
    '/api/chats/:id/attachments/:attachmentId',
    {
      config: { permission: 'chat.handle' },
      schema: {
        summary: "An attachment of a chat (mine, or any with chat.supervise)",
        tags,
        params: { type: 'object', required: ['id', 'attachmentId'], additionalProperties: false, properties: { id: idParams.properties.id, attachmentId: idParams.properties.id } },
        response: { 200: {}, ...errors },
      },
    },
    async (request, reply) => {
      const viewer = { ...(request.principal?.agentId ? { agentId: request.principal.agentId } : {}), supervise: seesEveryChat(request.principal) };
      return serve(request, reply, await deps.chat.chatAttachment(request.params.id, request.params.attachmentId, viewer), deps.files);
    },
  );
}

/**
 * The bytes with their detected type, nosniff, and inline only for what is safe to show; one
 * byte range when asked (a video or audio player seeking), streamed from the file.
 */
export async function serve(request: FastifyRequest, reply: FastifyReply, a: AttachmentRecord, files: AttachmentFiles): Promise<FastifyReply> {
  const file = await files.open(a.storedName);
  return sendRangedFile(request, reply, file, { headers: servedHeaders(a) });
}

/** ATTACHMENT_TOO_LARGE when the declared length is over the kind's limit (the bytes are checked again after reading). */
export function checkDeclaredSize(kind: unknown, contentLength: string | undefined, limits: AttachmentLimits): void {
  const length = Number(contentLength ?? 0);
  if (isAttachmentKind(kind) && length > limits[kind]) {
    throw new AppError('ATTACHMENT_TOO_LARGE', `A ${kind} holds at most ${Math.floor(limits[kind] / 1048576)} MB`, { where: '/body', kind, maxBytes: limits[kind] });
  }
}
