/** Kysely table types for chat supervision (sql/085_chat_whispers.sql and sql/107_chat_monitors.sql own the real schema). */
import type { Generated } from 'kysely';

export interface ChatSupervisionTables {
  chat_whispers: ChatWhispersTable;
  chat_monitors: ChatMonitorsTable;
}

export interface ChatMonitorsTable {
  chat_id: string;
  user_id: string;
  since: Date;
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
