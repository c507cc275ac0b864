/**
 * Messaging connectors (issues 12 and 21; docs/messaging-webhook.md):
 * - GET /api/messaging/connectors (config.view); POST, PUT /:id, POST /:id/rotate, DELETE /:id
 *   (config.edit, audited without the secret, which only the creation and rotation answers carry).
 * - GET /api/chats/:id/source (chat.handle, the reach of the chat's messages): the connector that
 *   brought the chat, for the agent workspace.
 * - POST /api/messaging/:connectorId/inbound: public on purpose (a messaging platform's adapter
 *   calls it), authenticated by the HMAC signature of the raw body with the connector's secret
 *   (preHandler: after the schema, before anything is read or stored); rate limited per address.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { MessagingService } from '../../../chat/messaging/messaging-service.js';
import type { ConnectorInput, InboundBody, MessagingConnector } from '../../../chat/messaging/messaging-rules.js';
import type { ChatService } from '../../../chat/chat-service.js';
import { AppError } from '../../../core/errors.js';
import { seesEveryChat } from '../../chat-reach.js';
import { errorBodySchema, idParamsSchema } from '../schemas.js';
import { chatSourceSchema, connectorInputSchema, connectorSchema, connectorWithSecretSchema, inboundBodySchema, inboundParamsSchema, inboundReplySchema } from './messaging-schemas.js';

export interface MessagingRouteDeps {
  messaging: Pick<MessagingService, 'list' | 'get' | 'create' | 'update' | 'rotate' | 'delete' | 'authenticate' | 'receive' | 'sourceOf'>;
  /** The reach of a chat's messages (the owner, an invited colleague, chat.supervise): CHAT_NOT_YOURS otherwise. */
  chat: Pick<ChatService, 'visitorOf'>;
  audit: AuditLog;
}

/** Requests one address may send a minute: a platform's gateway speaks for all its users from few addresses. */
const INBOUND_PER_MINUTE = 1200;
/** The largest inbound body: text of 4000 characters with room for its JSON. */
const INBOUND_BODY_LIMIT = 64 * 1024;

const tags = ['messaging'];
const errors = { 400: errorBodySchema, 404: errorBodySchema };
type Id = { Params: { id: string } };
type Inbound = { Params: { connectorId: string }; Body: InboundBody };

/** The raw text of each inbound request's body, for its signature (kept only while the request lives). */
const rawBodies = new WeakMap<FastifyRequest, string>();

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed connector of a messaging webhook request (set in preValidation). */
    messagingConnector?: MessagingConnector;
  }
}

export async function registerMessagingRoutes(app: FastifyInstance, deps: MessagingRouteDeps): Promise<void> {
  const audit = (r: FastifyRequest, action: string, id: string, details: Record<string, unknown>) =>
    deps.audit.record({ actorId: r.principal?.userId ?? 'unknown', action, target: `messaging_connector:${id}`, details, ip: r.ip });

  app.get('/api/messaging/connectors', { config: { permission: 'config.view' }, schema: { summary: 'Messaging connectors (secrets never included)', tags, response: { 200: { type: 'object', required: ['connectors'], properties: { connectors: { type: 'array', items: connectorSchema } } } } } }, async () => ({
    connectors: await deps.messaging.list(),
  }));

  app.post<{ Body: ConnectorInput }>(
    '/api/messaging/connectors',
    { config: { permission: 'config.edit' }, schema: { summary: 'Add a connector; the answer carries its secret, shown this once', tags, body: connectorInputSchema, response: { 201: connectorWithSecretSchema, ...errors } } },
    async (r, reply) => {
      const created = await deps.messaging.create(r.body);
      await audit(r, 'messaging.connector_created', created.connector.id, { ...r.body });
      return reply.code(201).send(created);
    },
  );

  app.put<Id & { Body: ConnectorInput }>(
    '/api/messaging/connectors/:id',
    { config: { permission: 'config.edit' }, schema: { summary: 'Change a connector (its secret stays)', tags, params: idParamsSchema, body: connectorInputSchema, response: { 200: connectorSchema, ...errors } } },
    async (r) => {
      const c = await deps.messaging.update(r.params.id, r.body);
      await audit(r, 'messaging.connector_updated', c.id, { ...r.body });
      return c;
    },
  );

  app.post<Id>(
    '/api/messaging/connectors/:id/rotate',
    { config: { permission: 'config.edit' }, schema: { summary: 'A new secret replaces the old one at once; the answer carries it, shown this once', tags, params: idParamsSchema, response: { 200: connectorWithSecretSchema, ...errors } } },
    async (r) => {
      const rotated = await deps.messaging.rotate(r.params.id);
      await audit(r, 'messaging.connector_secret_rotated', r.params.id, {});
      return rotated;
    },
  );

  app.delete<Id>(
    '/api/messaging/connectors/:id',
    { config: { permission: 'config.edit' }, schema: { summary: 'Delete a connector: its webhook is refused from now on, its replies not yet sent fail', tags, params: idParamsSchema, response: { 204: { type: 'null' }, 404: errorBodySchema } } },
    async (r, reply) => {
      await deps.messaging.delete(r.params.id);
      await audit(r, 'messaging.connector_deleted', r.params.id, {});
      return reply.code(204).send();
    },
  );

  app.get<Id>(
    '/api/chats/:id/source',
    { config: { permission: 'chat.handle' }, schema: { summary: 'The messaging connector that brought the chat (null: the widget)', tags: ['chat', ...tags], params: idParamsSchema, response: { 200: chatSourceSchema, 403: errorBodySchema, 404: errorBodySchema } } },
    async (r) => {
      const p = r.principal;
      await deps.chat.visitorOf(r.params.id, { ...(p?.agentId ? { agentId: p.agentId } : {}), supervise: seesEveryChat(p) });
      return { messaging: await deps.messaging.sourceOf(r.params.id) };
    },
  );

  await app.register(async (inbound) => {
    // The signature covers the bytes as sent: the raw text is kept beside the parsed body.
    inbound.removeAllContentTypeParsers();
    inbound.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: INBOUND_BODY_LIMIT }, (request, body, done) => {
      const raw = typeof body === 'string' ? body : body.toString('utf8');
      rawBodies.set(request, raw);
      try {
        done(null, JSON.parse(raw));
      } catch {
        done(new AppError('BAD_JSON', undefined, { where: '/' }), undefined);
      }
    });
    inbound.post<Inbound>(
      '/api/messaging/:connectorId/inbound',
      {
        bodyLimit: INBOUND_BODY_LIMIT,
        // Public on purpose: the platform's adapter has no session; the HMAC signature is its credential.
        config: { access: 'public', rateLimit: { max: INBOUND_PER_MINUTE, timeWindow: 60_000 } },
        // After the schema (a malformed body is a 400 like on every route), before anything is read or stored.
        preHandler: async (request) => {
          const header = (name: string) => {
            const v = request.headers[name];
            return typeof v === 'string' ? v : undefined;
          };
          const timestamp = header('x-switchboard-timestamp');
          const signature = header('x-switchboard-signature');
          request.messagingConnector = await deps.messaging.authenticate(request.params.connectorId, rawBodies.get(request) ?? '', { ...(timestamp ? { timestamp } : {}), ...(signature ? { signature } : {}) });
        },
        schema: {
          summary: "A messaging platform's message (signed webhook): into the user's open chat or a new one; answered after it is stored",
          tags,
          params: inboundParamsSchema,
          body: inboundBodySchema,
          response: { 200: inboundReplySchema, 401: errorBodySchema, 403: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema, 429: errorBodySchema, ...errors },
        },
      },
      async (request) => deps.messaging.receive(request.messagingConnector as MessagingConnector, request.body),
    );
  });
}
