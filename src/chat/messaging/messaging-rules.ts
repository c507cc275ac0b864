/**
 * Messaging connectors (docs/messaging-webhook.md): what an admin configures, the inbound JSON a
 * platform's adapter posts, and the replies Switchboard posts back. Pure: every check is a table
 * test, and a refusal names each field (JSON pointers), so nothing is stored on a bad request.
 */
import { createHash } from 'node:crypto';
import { AppError, validationError, type FieldProblem } from '../../core/errors.js';
import { isHttpUrl } from '../../core/http-url.js';
import { newSecret } from '../../core/ids.js';
import { CHAT_LIMITS, type ArticleCard } from '../protocol.js';

export interface MessagingConnector {
  id: string;
  name: string;
  /** Free text, lower case ("wechat", "line"): matched against customers' messaging identities. */
  platform: string;
  /** Where agent and bot replies are POSTed, signed with the connector's secret. */
  deliveryUrl: string;
  /** The chat queue its chats enter; null: the daemon's default chat queue. */
  queueId: string | null;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface ConnectorInput {
  name: string;
  platform: string;
  deliveryUrl: string;
  queueId?: string | null;
  enabled?: boolean;
}

/** The inbound webhook's replay window: a timestamp further than this from now is refused. */
export const REPLAY_WINDOW_MS = 5 * 60_000;

export const MESSAGING_LIMITS = { maxName: 100, maxPlatform: 40, maxId: 200, maxUserName: CHAT_LIMITS.maxNameLength, maxText: CHAT_LIMITS.maxTextLength } as const;

/** A new shared secret: 256 random bits; shown to the admin once, then only used to sign. */
export function newConnectorSecret(): string {
  return `sbm_${newSecret(32)}`;
}

/** The connector as stored: trimmed, the platform in lower case; VALIDATION_FAILED names each bad field. */
export function checkConnector(input: ConnectorInput): ConnectorInput & { queueId: string | null; enabled: boolean } {
  const problems: FieldProblem[] = [];
  const name = input.name.trim();
  const platform = input.platform.trim().toLowerCase();
  if (name === '' || name.length > MESSAGING_LIMITS.maxName) problems.push({ where: '/name', reason: `must be 1 to ${MESSAGING_LIMITS.maxName} characters` });
  if (platform === '' || platform.length > MESSAGING_LIMITS.maxPlatform) problems.push({ where: '/platform', reason: `must be 1 to ${MESSAGING_LIMITS.maxPlatform} characters` });
  if (!isHttpUrl(input.deliveryUrl)) problems.push({ where: '/deliveryUrl', reason: 'must be an http or https URL' });
  if (problems.length > 0) throw validationError(problems);
  return { name, platform, deliveryUrl: input.deliveryUrl, queueId: input.queueId ?? null, enabled: input.enabled ?? true };
}

/** The inbound webhook's JSON body, as its schema (src/api/http/chat/messaging-schemas.ts) lets it through. */
export interface InboundBody {
  /** The platform's id of the message: the idempotency key (a retry stores nothing new). */
  messageId: string;
  from: { id: string; name?: string };
  text?: string;
  attachments?: unknown[];
  /** ISO 8601; informative only (the chat's times are the server's). */
  sentAt?: string;
}

/** One message a platform's adapter sends in, as the chat takes it. */
export interface InboundMessage {
  messageId: string;
  from: { id: string; name?: string };
  text: string;
}

/**
 * What the schema cannot say: text only for now (MESSAGING_ATTACHMENTS_UNSUPPORTED for files,
 * images, voice), and a message has some text.
 */
export function inboundMessage(body: InboundBody): InboundMessage {
  if (body.attachments && body.attachments.length > 0) throw new AppError('MESSAGING_ATTACHMENTS_UNSUPPORTED', undefined, { where: '/attachments' });
  const text = body.text ?? '';
  if (text.trim() === '') throw validationError([{ where: '/text', reason: 'a message needs text' }]);
  const name = body.from.name?.trim();
  return { messageId: body.messageId, from: { id: body.from.id, ...(name ? { name } : {}) }, text };
}

/**
 * The chat message's clientId for a platform message: the chat store keeps one message per
 * (author, clientId), so a platform's retry into the same chat is a duplicate there too. Hashed:
 * a platform id may be longer than a clientId, or hold any characters.
 */
export function clientIdOf(messageId: string): string {
  return `mp:${createHash('sha256').update(messageId).digest('hex').slice(0, 40)}`;
}

/** What the connector's delivery URL receives (docs/messaging-webhook.md, "Replies"). */
export interface OutboundPayload {
  type: 'message' | 'ended';
  connectorId: string;
  to: { id: string };
  chatId: string;
  /** `<chatId>:<seq>` for a message, `<chatId>:ended` for the end: the same on every retry. */
  messageId: string;
  /** The message's number in the chat (messages): a retried delivery may arrive after a later one. */
  seq?: number;
  text: string;
  cards?: ArticleCard[];
  /** The agent's name (agent messages); the bot's and the system's lines have none. */
  from: 'agent' | 'bot' | 'system';
  agentName?: string;
  /** A bot line's key (greeting, found, ask_solved, ...): the text is its English wording; an adapter may word it itself. */
  botSay?: string;
  /** For `ended`: visitor_left, agent_ended, visitor_inactive, no_agent. */
  reason?: string;
  sentAt: string;
}
