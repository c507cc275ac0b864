/** Kysely table types for the chat tables (sql/054_chat.sql owns the real schema). */
import type { ColumnType, Generated } from 'kysely';

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
  /** sql/057: visits of widget visitors and the pages they viewed. */
  chat_visits: ChatVisitsTable;
  chat_visit_pages: ChatVisitPagesTable;
  /** sql/097: screen shares (remote assistance). */
  chat_shares: ChatSharesTable;
  /** sql/104: the admin switch recording shares. */
  chat_assist_settings: ChatAssistSettingsTable;
  /** sql/105: proactive invitation rules and every invitation with its answer. */
  chat_invitation_rules: ChatInvitationRulesTable;
  chat_invitations: ChatInvitationsTable;
}

export interface ChatAssistSettingsTable {
  id: number;
  record_shares: boolean;
  updated_at: Date;
  updated_by: string;
}

export interface ChatInvitationRulesTable {
  id: string;
  name: string;
  enabled: boolean;
  url_pattern: string;
  min_seconds_on_page: number;
  visitor_kind: string;
  message_en: string;
  message_zh: string;
  queue_id: string;
  created_at: Date;
  updated_at: Date;
}

export interface ChatInvitationsTable {
  id: string;
  visitor_id: string;
  visit_id: string | null;
  agent_id: string | null;
  agent_name: string | null;
  rule_id: string | null;
  rule_name: string | null;
  queue_id: string | null;
  message: string;
  message_zh: string | null;
  created_at: Date;
  expires_at: Date;
  answer: string | null;
  answered_at: Date | null;
  chat_id: string | null;
}

export interface ChatSharesTable {
  id: string;
  chat_id: string;
  agent_id: string;
  by_user_id: string;
  kind: string;
  quality: string;
  state: string;
  invited_at: Date;
  accepted_at: Date | null;
  live_at: Date | null;
  ended_at: Date | null;
  ended_by: string | null;
  /** sql/104: the visitor was told the session is recorded; the recording once uploaded. */
  recorded: Generated<boolean>;
  recording_stored_name: string | null;
  recording_size: ColumnType<string | number | null, number | null, number | null>;
  recording_at: Date | null;
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

export interface ChatVisitsTable {
  id: string;
  visitor_id: string;
  started_at: Date;
  ended_at: Date | null;
  returning_visitor: boolean;
  landing_page: string;
  referrer: string;
  search_engine: string;
  search_keywords: string;
  device_type: string;
  browser: string;
  os: string;
  country: string;
  region: string;
  city: string;
}

export interface ChatVisitPagesTable {
  visit_id: string;
  seq: number;
  url: string;
  title: string;
  entered_at: Date;
  left_at: Date | null;
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
  /** sql/087 */
  channel: ColumnType<string, string | undefined, string>;
  handover: ColumnType<unknown, string | null | undefined, string | null>;
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
  /** sql/087: an article card; the bot's line key. */
  card: ColumnType<unknown, string | null | undefined, string | null>;
  bot_say: ColumnType<string | null, string | null | undefined, string | null>;
  /** sql/097: a screen share's note (AssistNote). */
  assist: ColumnType<unknown, string | null | undefined, string | null>;
}
