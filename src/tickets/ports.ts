/** What tickets need from the outside: their store (tickets, replies, history, with the audit entry). */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { AttachmentRecord } from '../attachments/ports.js';
import type { LeftMessageRecord } from './leave-message-ports.js';
import type { ReplyVisibility, Ticket, TicketHistoryEntry, TicketPriority, TicketReply, TicketStatus } from './model.js';

export interface TicketFilter {
  status?: TicketStatus[];
  priority?: TicketPriority[];
  /** An agent id, or null for unassigned tickets. */
  assigneeId?: string | null;
  teamId?: string;
  customerId?: string;
  visitorId?: string;
  /** Only tickets still being worked whose due time is before this instant. */
  overdueAt?: number;
  /**
   * Team scoping: only tickets of these teams, assigned to this agent or (when `teamless`) of no
   * team at all. Absent: no restriction.
   */
  visibleTo?: { teamIds: string[]; agentId: string | null; teamless: boolean };
  /** Keyset paging, newest first: the last row's createdAt and id of the previous page. */
  before?: { createdAt: number; id: string };
  limit: number;
}

/** One change: the ticket as it is after it, its new history rows and, for a reply, the reply. */
export interface TicketWrite {
  ticket: Ticket;
  history: TicketHistoryEntry[];
  reply?: TicketReply;
  /** The version the change was computed from; undefined for a new ticket. */
  expectedVersion?: number;
  /** A new ticket made from a visitor's left message: its record, stored in the same transaction. */
  leftMessage?: LeftMessageRecord;
  /**
   * The chat this change keeps (sql/080 chat_tickets): `how` says whether the ticket was made from
   * the ending or the chat was linked to it; `ending` marks the chat's ending as applied, once: a
   * chat whose ending was applied already makes the write a CONFLICT and nothing is stored.
   */
  chat?: { chatId: string; how: 'ending' | 'linked'; at: number; ending: boolean };
  /**
   * A new ticket made from a voicemail: the message (still `new`) is marked `ticketed` with this
   * ticket in the same transaction; a message ticketed already makes the write a CONFLICT and
   * nothing is stored, so a message becomes exactly one ticket.
   */
  voicemail?: { messageId: string };
}

/** The voicemail a ticket was made from: its recording's name in the recordings folder. */
export interface TicketVoicemail {
  messageId: string;
  recordingName: string;
  durationMs: number | null;
}

/**
 * The message a visitor left that the ticket was made from (sql/073), with the template's words
 * for its fields as they are now: a template changed or deleted since keeps the values, and a
 * field it no longer has keeps its key as its label (null).
 */
export interface TicketLeftMessage {
  templateId: string;
  /** null: the template was deleted since. */
  templateName: { en: string; zh: string } | null;
  fields: { name: string; label: { en: string; zh: string } | null; value: string }[];
}

/** A chat's tie to a ticket (sql/080). */
export interface ChatTicketLink {
  chatId: string;
  ticketId: string;
  how: 'linked' | 'ending';
  /** When the chat's ending was applied to the ticket; null while it was only linked. */
  doneAt: number | null;
}

export interface TicketStore {
  /**
   * Stores the change and its audit entry in one transaction. A ticket changed meanwhile (its
   * version is no longer `expectedVersion`) is refused with CONFLICT and nothing is stored.
   */
  write(change: TicketWrite, audit: AuditEntry, log: AuditLog): Promise<void>;
  find(id: string): Promise<Ticket | undefined>;
  list(filter: TicketFilter): Promise<Ticket[]>;
  /** Oldest first; only the given visibility when asked (the widget asks for public ones). */
  replies(ticketId: string, visibility?: ReplyVisibility): Promise<TicketReply[]>;
  /** In the order the changes were made. */
  history(ticketId: string): Promise<TicketHistoryEntry[]>;
  chatLink(chatId: string): Promise<ChatTicketLink | undefined>;
  voicemailOf(ticketId: string): Promise<TicketVoicemail | undefined>;
  leftMessageOf(ticketId: string): Promise<TicketLeftMessage | undefined>;
  /**
   * Stores an attachment's row with its audit entry; `beforeCommit` runs last inside the
   * transaction (the file is moved into place) and its failure undoes both.
   */
  addAttachment(a: AttachmentRecord, audit: AuditEntry, log: AuditLog, beforeCommit: () => Promise<void>): Promise<void>;
  /** A ticket's attachments, oldest first. */
  attachments(ticketId: string): Promise<AttachmentRecord[]>;
  attachment(id: string): Promise<AttachmentRecord | undefined>;
}

/** Whether the ids a ticket names exist (the directory's customers, agents and teams). */
export interface TicketReferences {
  customerExists(id: string): Promise<boolean>;
  agentExists(id: string): Promise<boolean>;
  teamExists(id: string): Promise<boolean>;
}
