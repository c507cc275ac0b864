/** Kysely table types of the chat bot (sql/087_chat_bot.sql owns the real schema). */
import type { ColumnType } from 'kysely';

type Json<T> = ColumnType<T, string, string>;

export interface ChatBotTables {
  chat_bot_settings: ChatBotSettingsTable;
  chat_bot_words: ChatBotWordsTable;
  chat_bot_sessions: ChatBotSessionsTable;
}

export interface ChatBotSettingsTable {
  channel: string;
  mode: string;
  calendar_id: string | null;
  handover: Json<unknown>;
  updated_at: Date;
  updated_by: string;
}

export interface ChatBotWordsTable {
  id: number;
  words: Json<unknown>;
  updated_at: Date;
  updated_by: string;
}

export interface ChatBotSessionsTable {
  chat_id: string;
  channel: string;
  started_at: Date;
  status: string;
  handover_reason: string | null;
  solved_article_id: string | null;
  session: Json<unknown>;
  updated_at: Date;
}
