/**
 * The typed client of the messaging connectors' routes (src/api/http/chat/messaging-routes.ts):
 * the admin section on the chat bot page, and where a chat came from in the workspace.
 */
import type { FromSchema } from './schema-type.js';
import type { chatSourceSchema, connectorInputSchema, connectorSchema, connectorWithSecretSchema } from '../../api/http/chat/messaging-schemas.js';
import { request } from './http.js';

export type MessagingConnectorView = FromSchema<typeof connectorSchema>;
export type MessagingConnectorInput = FromSchema<typeof connectorInputSchema>;
/** Only the creation and rotation answers carry the secret, shown that once. */
export type MessagingConnectorCreated = FromSchema<typeof connectorWithSecretSchema>;
export type ChatSource = FromSchema<typeof chatSourceSchema>;

const enc = encodeURIComponent;

export const messagingApi = {
  connectors: () => request<{ connectors: MessagingConnectorView[] }>('GET', '/api/messaging/connectors'),
  create: (body: MessagingConnectorInput) => request<MessagingConnectorCreated>('POST', '/api/messaging/connectors', body),
  update: (id: string, body: MessagingConnectorInput) => request<MessagingConnectorView>('PUT', `/api/messaging/connectors/${enc(id)}`, body),
  rotate: (id: string) => request<MessagingConnectorCreated>('POST', `/api/messaging/connectors/${enc(id)}/rotate`),
  remove: (id: string) => request<void>('DELETE', `/api/messaging/connectors/${enc(id)}`),
  source: (chatId: string) => request<ChatSource>('GET', `/api/chats/${enc(chatId)}/source`),
};
