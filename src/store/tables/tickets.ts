import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for tickets (sql/070_tickets.sql owns the real schema). */
export interface TicketsTables {
  tickets: TicketsTable;
  ticket_replies: TicketRepliesTable;
  ticket_history: TicketHistoryTable;
  /** sql/071_role_grants.sql: tickets.close granted per role (the first permission granted so). */
  role_grants: RoleGrantsTable;
  /** sql/072: leave-a-message templates. */
  leave_message_templates: LeaveMessageTemplatesTable;
  /** sql/073: messages visitors left, one per ticket they became. */
  left_messages: LeftMessagesTable;
  /** sql/080: the ticket each chat was kept as (its ending's, or the one it was linked to). */
  chat_tickets: ChatTicketsTable;
}

export interface ChatTicketsTable {
  chat_id: string;
  ticket_id: string;
  how: string;
  linked_at: Date;
  done_at: Date | null;
}

export interface LeaveMessageTemplatesTable {
  id: string;
  channel: string;
  business_line: string;
  /** jsonb { en, zh } (sql/111): written as JSON text, read back parsed. */
  name: ColumnType<unknown, string, string>;
  /** jsonb: written as JSON text, read back parsed. */
  fields: ColumnType<unknown, string, string>;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface LeftMessagesTable {
  visitor_id: string;
  client_id: string;
  ticket_id: string;
  template_id: string;
  fields: ColumnType<Record<string, string>, string, string>;
  at: Date;
}

export interface RoleGrantsTable {
  permission: string;
  /** jsonb: written as JSON text, read back parsed. */
  roles: ColumnType<string[], string, string>;
  updated_at: Date;
}

export interface TicketsTable {
  id: string;
  subject: string;
  description: string;
  status: string;
  priority: string;
  customer_id: string | null;
  visitor_id: string | null;
  assignee_id: string | null;
  team_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  due_at: Date;
  deleted_reason: string | null;
  version: number;
}

export interface TicketRepliesTable {
  id: string;
  seq: Generated<string>;
  ticket_id: string;
  visibility: string;
  body: string;
  author_id: string;
  at: Date;
}

export interface TicketHistoryTable {
  seq: Generated<string>;
  ticket_id: string;
  at: Date;
  by_user: string;
  field: string;
  from_value: string | null;
  to_value: string | null;
}
