/** Kysely table types for forms and surveys in chat (sql/089_chat_forms.sql owns the real schema). */
import type { ColumnType } from 'kysely';

/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string, string>;

export interface FormsTables {
  chat_forms: ChatFormsTable;
  chat_form_versions: ChatFormVersionsTable;
  chat_form_requests: ChatFormRequestsTable;
  chat_form_answers: ChatFormAnswersTable;
  chat_prechat_forms: ChatPrechatFormsTable;
}

export interface ChatFormsTable {
  id: string;
  kind: string;
  name: string;
  current_version: number;
  archived: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Date;
  updated_at: Date;
}

export interface ChatFormVersionsTable {
  form_id: string;
  version: number;
  definition: Json;
  created_by: string;
  created_at: Date;
}

export interface ChatFormRequestsTable {
  id: string;
  chat_id: string;
  form_id: string;
  version: number;
  prechat: boolean;
  sent_by: string | null;
  ticket_id: string | null;
  sent_at: Date;
}

export interface ChatFormAnswersTable {
  request_id: string;
  chat_id: string;
  visitor_id: string;
  client_id: string;
  answers: Json;
  at: Date;
}

export interface ChatPrechatFormsTable {
  channel: string;
  form_id: string;
  updated_at: Date;
}
