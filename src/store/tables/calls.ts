import type { ColumnType, Generated } from 'kysely';

/** Kysely table types for the calls tables (sql/030_calls.sql and its later migrations own the real schema). */
export interface CallsTables {
  calls: CallsTable;
  call_legs: CallLegsTable;
  call_transitions: CallTransitionsTable;
  call_recordings: CallRecordingsTable;
  recording_purge_runs: RecordingPurgeRunsTable;
}

/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface CallsTable {
  id: string;
  direction: string;
  state: string;
  from_number: string;
  to_number: string;
  caller_name: string;
  queue_id: string | null;
  contact_id: string | null;
  agent_id: string | null;
  customer: string | null;
  ivr_path: Json<string[]>;
  variables: Json<Record<string, string>>;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  outcome: string | null;
  hung_up_by: string | null;
  recording_ids: Json<string[]>;
  /** sql/048: the wrap-up, written only by the disposition route, never by saveCall. */
  disposition_id: ColumnType<string | null, string | null | undefined, string | null>;
  disposition_code: ColumnType<string | null, string | null | undefined, string | null>;
  disposition_label: ColumnType<string | null, string | null | undefined, string | null>;
  wrap_up_note: ColumnType<string | null, string | null | undefined, string | null>;
  wrap_up_by: ColumnType<string | null, string | null | undefined, string | null>;
  wrap_up_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface CallLegsTable {
  id: string;
  call_id: string;
  role: string;
  agent_id: string | null;
  endpoint: string;
  created_at: Date;
  ringing_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  hangup_cause: string | null;
  ended_by: string | null;
}

export interface CallTransitionsTable {
  call_id: string;
  seq: number;
  at: Date;
  from_state: string;
  event: string;
  to_state: string;
  details: Json<Record<string, string>>;
}

export interface CallRecordingsTable {
  id: string;
  call_id: string;
  name: string;
  started_at: Date;
  stopped_at: Date | null;
  duration_ms: number | null;
  paused: boolean;
  file_state: string | null;
  /** Set when the file was deleted (by retention or by hand); the row stays. */
  purged_at: Generated<Date | null>;
  purge_reason: Generated<string | null>;
}

export interface RecordingPurgeRunsTable {
  id: string;
  started_at: Date;
  finished_at: Date;
  purged: number;
  failed: number;
  bytes_freed: string | number;
}
