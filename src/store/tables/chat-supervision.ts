/** Kysely table types for chat supervision (sql/085_chat_whispers.sql owns the real schema). */
import type { Generated } from 'kysely';

export interface ChatSupervisionTables {
  chat_whispers: ChatWhispersTable;
}

export interface ChatWhispersTable {
  id: string;
  seq: Generated<string>;
  chat_id: string;
  agent_id: string;
  supervisor_user_id: string;
  supervisor_name: string;
  body: string;
  after_seq: number;
  at: Date;
}
