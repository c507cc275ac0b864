import type { ColumnType } from 'kysely';

/** Kysely table types for outcome notifications (sql/060_notify.sql owns the real schema). */
export interface NotifyTables {
  notify_rules: NotifyRulesTable;
  notify_outbox: NotifyOutboxTable;
}

/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface NotifyRulesTable {
  id: string;
  name: string;
  enabled: boolean;
  trigger: Json<unknown>;
  channel: Json<unknown>;
  secret: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NotifyOutboxTable {
  id: string;
  rule_id: string;
  source_id: string;
  channel: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  last_http_status: number | null;
  created_at: Date;
  delivered_at: Date | null;
}
