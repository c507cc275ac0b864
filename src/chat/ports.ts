/** What the chat domain needs from the outside: its store, the routing engine, agent names. */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { AttachmentRecord, AttachmentView } from '../attachments/ports.js';
import type { CannedReply } from './canned-replies.js';
import type { ChatNote } from './chat-notes.js';
import type { ChatRecord } from './chat-state.js';
import type { MessageAuthor } from './protocol.js';

export interface StoredMessage {
  chatId: string;
  seq: number;
  from: MessageAuthor;
  agentId?: string;
  text: string;
  at: number;
  /** The id its author sent it with (visitor and agent messages; system messages have none). */
  clientId?: string;
  /** An upload: the text is empty (src/attachments). */
  attachment?: AttachmentView;
}

export type NewMessage = Omit<StoredMessage, 'seq' | 'attachment'> & { attachment?: AttachmentRecord };

export interface ChatStore {
  /** `tokenHash` only: the raw token never reaches the store. */
  createVisitor(visitor: { id: string; tokenHash: string; createdAt: number }): Promise<void>;
  visitorByTokenHash(tokenHash: string): Promise<{ id: string } | undefined>;
  insertChat(chat: ChatRecord): Promise<void>;
  /** Stores the state columns (state, agent, times, ending). */
  saveChat(chat: ChatRecord): Promise<void>;
  chat(id: string): Promise<ChatRecord | undefined>;
  /** Waiting and active chats (to rebuild the service's view after a restart). */
  openChats(): Promise<ChatRecord[]>;
  /**
   * Numbers and stores the message in one transaction, or, when the chat already holds a message
   * of that author with that clientId, stores nothing and returns the stored one (`duplicate`).
   * Resolves only after the commit. A message with an attachment inserts its row in the same
   * transaction; `beforeCommit` runs last inside it (the upload's file is moved into place), and
   * its failure undoes both rows.
   */
  appendMessage(message: NewMessage, opts?: { beforeCommit?: () => Promise<void> }): Promise<{ message: StoredMessage; duplicate: boolean }>;
  /** An attachment's row (chat uploads and ticket attachments alike). */
  attachment(id: string): Promise<AttachmentRecord | undefined>;
  messagesAfter(chatId: string, afterSeq: number, limit: number): Promise<StoredMessage[]>;
  /** Stores the chat's survey unless it has one; returns the one stored (the new or the earlier). */
  saveSurvey(survey: ChatSurvey): Promise<ChatSurvey>;
}

/** The visitor's answer to the survey after a solved chat. */
export interface ChatSurvey {
  chatId: string;
  /** 1 (bad) to 5 (very good). */
  score: number;
  comment: string;
  at: number;
}

export interface QueuePlace {
  /** 1 = next. */
  position: number;
  estimatedWaitMs: number | null;
}

/** The routing engine as chat sees it (src/wiring/chat-routing-port.ts). */
export interface ChatRouting {
  /** The chat queue a widget choice (a queue id, or undefined for the default) names; CHAT_NO_QUEUE when none. */
  resolveQueue(choice: string | undefined): Promise<string>;
  /** Enters the queue; QUEUE_CLOSED / QUEUE_FULL / QUEUE_DISABLED when it does not take the chat. */
  enqueue(request: { chatId: string; queueId: string; attributes: Record<string, string> }): QueuePlace;
  /** undefined when the chat is not waiting in the engine. */
  position(chatId: string): QueuePlace | undefined;
  /** Connects an offered chat (chats are connected automatically). */
  accept(offerId: string): void;
  /** The agent picks a waiting chat; the engine offers it to them (then `accept`). */
  take(agentId: string, chatId: string): void;
  /** The visitor left, or the chat was closed, while it waited. */
  abandon(chatId: string): void;
  /** The chat is over: the agent's chat slot frees. */
  ended(chatId: string): void;
  /** The queues an agent serves (their waiting list). */
  queuesOf(agentId: string): string[];
}

export interface AgentNames {
  displayName(agentId: string): Promise<string>;
}

/** Where canned replies are kept (src/chat/canned-replies.ts holds the rules). */
export interface CannedReplyStore {
  /** Replies of any of these owners (every team's with allTeams), by shortcut. */
  replies(owners: { agentIds: string[]; teamIds: string[]; allTeams?: boolean }): Promise<CannedReply[]>;
  reply(id: string): Promise<CannedReply | undefined>;
  /** Inserts or replaces with the audit entry in one transaction; CANNED_SHORTCUT_TAKEN on a shortcut its owner already uses. */
  save(reply: CannedReply, isNew: boolean, audit: AuditEntry, log: AuditLog): Promise<void>;
  /** false when there was no such reply (nothing audited then). */
  remove(id: string, audit: AuditEntry, log: AuditLog): Promise<boolean>;
}

/** Private notes and tags of chats (never read for the visitor). */
export interface ChatNotesStore {
  notes(chatId: string): Promise<ChatNote[]>;
  addNote(note: ChatNote): Promise<void>;
  tags(chatId: string): Promise<string[]>;
  /** Replaces the chat's tags in one transaction. */
  setTags(chatId: string, tags: string[], by: string, at: number): Promise<void>;
  /** Of these chats, the ids that carry the tag. */
  chatsTagged(tag: string, chatIds: string[]): Promise<string[]>;
}
