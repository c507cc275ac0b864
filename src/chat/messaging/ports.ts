/** What the messaging connectors need from the outside: their store, the chats, the outbox. */
import type { ChatService } from '../chat-service.js';
import type { ConnectorInput, MessagingConnector } from './messaging-rules.js';

export interface MessagingStore {
  list(): Promise<MessagingConnector[]>;
  find(id: string): Promise<MessagingConnector | undefined>;
  /** The shared secret, for checking and signing; never part of a MessagingConnector. */
  secretOf(id: string): Promise<string | undefined>;
  create(id: string, input: Required<ConnectorInput>, secret: string, at: number): Promise<MessagingConnector>;
  update(id: string, input: Required<ConnectorInput>, at: number): Promise<MessagingConnector>;
  setSecret(id: string, secret: string, at: number): Promise<void>;
  delete(id: string): Promise<boolean>;
  /** The chat visitor a platform user is on a connector, if they wrote before. */
  visitorOf(connectorId: string, platformUserId: string): Promise<string | undefined>;
  linkVisitor(link: { connectorId: string; platformUserId: string; platform: string; visitorId: string; at: number }): Promise<void>;
  /** A platform message already taken: the chat and seq it became. */
  inboundSeen(connectorId: string, messageId: string): Promise<{ chatId: string; seq: number } | undefined>;
  recordInbound(r: { connectorId: string; messageId: string; chatId: string; seq: number; at: number }): Promise<void>;
  /** The connector and platform user of a chat that came through a connector; undefined for other chats. */
  targetOfChat(chatId: string): Promise<{ connectorId: string; platformUserId: string } | undefined>;
  /** Waiting, active and bot chats that came through a connector (the catch-up after a restart). */
  openMessagingChats(): Promise<string[]>;
}

/** The chat service as the connectors use it: a platform user is a visitor without a widget. */
export type MessagingChats = Pick<ChatService, 'hello' | 'startChat' | 'visitorMessage' | 'openChatOfVisitor' | 'messages' | 'openChannelOf'>;

/** The notification outbox (src/notify), which sends, retries and survives restarts. */
export interface MessagingOutbox {
  enqueueDeliveries(items: { ruleId: string; sourceId: string; channel: 'messaging'; body: string }[]): Promise<void>;
}

/** An agent's display name for the replies (absent: none is sent). */
export type AgentNameOf = (agentId: string) => Promise<string>;
