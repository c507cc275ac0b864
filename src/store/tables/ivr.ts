import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for the ivr tables (sql/040_ivr.sql owns the real schema). */
export interface IvrTables {
  ivr_flow_versions: IvrFlowVersionsTable;
  ivr_traces: IvrTracesTable;
  ivr_trace_steps: IvrTraceStepsTable;
  ivr_call_data: IvrCallDataTable;
  ivr_messages: IvrMessagesTable;
}

type Json = ColumnType<Record<string, string>, string, string>;

export interface IvrFlowVersionsTable {
  flow: string;
  version: number;
  hash: string;
  source: string;
  file: string;
  changed_at: Date;
  changed_by: string | null;
}

export interface IvrTracesTable {
  id: string;
  call_id: string;
  flow: string;
  version: number;
  started_at: Date;
  ended_at: Date | null;
  exit: string | null;
  exit_node: string | null;
  variables: Json;
}

export interface IvrTraceStepsTable {
  trace_id: string;
  seq: number;
  flow: string;
  node: string;
  kind: string;
  entered_at: Date;
  left_at: Date | null;
  digits: Generated<string>;
  result: string | null;
}

export interface IvrCallDataTable {
  call_id: string;
  name: string;
  value: string;
  flow: string;
  at: Date;
}

export interface IvrMessagesTable {
  id: string;
  call_id: string;
  flow: string;
  mailbox: string;
  caller_number: string;
  recording_name: string;
  duration_ms: number | null;
  variables: Json;
  created_at: Date;
  status: Generated<string>;
  /** The team (id or name) the voicemail node named; null: none (sql/099). */
  team: string | null;
  /** The ticket the message became (sql/099). */
  ticket_id: Generated<string | null>;
}
