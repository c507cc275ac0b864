/** Kysely table types for the chat tables (sql/054_chat.sql owns the real schema). */
import type { Generated } from 'kysely';

export interface ChatTables {
  chat_visitors: ChatVisitorsTable;
  chats: ChatsTable;
  chat_messages: ChatMessagesTable;
  /** sql/058: the satisfaction survey after a solved chat. */
  chat_surveys: ChatSurveysTable;
  attachments: AttachmentsTable;
  /** sql/059: canned replies, private notes, tags. */
  canned_replies: CannedRepliesTable;
  chat_notes: ChatNotesTable;
  chat_tags: ChatTagsTable;
}

export interface CannedRepliesTable {
  id: string;
  scope: string;
  owner_agent_id: string | null;
  owner_team_id: string | null;
  scope_key: string;
  shortcut: string;
  title: string;
  body: string;
  language: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface ChatNotesTable {
  id: string;
  seq: Generated<string>;
  chat_id: string;
  author_user_id: string;
  author_agent_id: string | null;
  author_name: string;
  body: string;
  after_seq: number;
  at: Date;
}

export interface ChatTagsTable {
  chat_id: string;
  tag: string;
  position: number;
  added_by: string;
  added_at: Date;
}

/** sql/055_chat_attachments.sql and 056_ticket_attachments.sql (chat uploads and ticket attachments). */
export interface AttachmentsTable {
  id: string;
  seq: Generated<string>;
  kind: string;
  content_type: string;
  size_bytes: number;
  name: string;
  stored_name: string;
  chat_id: string | null;
  ticket_id: string | null;
  reply_id: string | null;
  uploaded_by: string;
  created_at: Date;
}

export interface ChatSurveysTable {
  chat_id: string;
  score: number;
  comment: string;
  at: Date;
}

export interface ChatVisitorsTable {
  id: string;
  token_hash: string;
  created_at: Date;
}

export interface ChatsTable {
  id: string;
  visitor_id: string;
  queue_id: string;
  state: string;
  agent_id: string | null;
  visitor_name: string;
  page: string;
  created_at: Date;
  assigned_at: Date | null;
  ended_at: Date | null;
  end_reason: string | null;
  outcome: string | null;
  outcome_reason: string | null;
  last_seq: number;
}

export interface ChatMessagesTable {
  chat_id: string;
  seq: number;
  author: string;
  agent_id: string | null;
  client_id: string | null;
  body: string;
  at: Date;
  attachment_id: string | null;
}
