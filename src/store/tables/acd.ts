import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely table types for the acd tables (sql/020 owns the real schema).
 * jsonb columns are written as JSON strings and read back parsed; bigint comes back as a string
 * from pg, so it is typed loosely and converted with Number().
 */
type Json<T> = ColumnType<T, string, string>;
type BigIntColumn = ColumnType<string | number | bigint, number, number>;

export interface AcdTables {
  acd_contacts: AcdContactsTable;
  acd_offers: AcdOffersTable;
  acd_agent_states: AcdAgentStatesTable;
  acd_agent_transitions: AcdAgentTransitionsTable;
  acd_write_batches: AcdWriteBatchesTable;
}

/** Ids of the write-behind batches already stored (sql/102): a retried batch is not applied twice. */
export interface AcdWriteBatchesTable {
  id: string;
  at: Date;
}

export interface AcdContactsTable {
  id: string;
  media: string;
  queue_id: string;
  priority: number;
  attributes: Json<Record<string, string>>;
  required_skills: Json<Record<string, number>>;
  customer_level: string | null;
  enqueued_at: Date;
  queue_entered_at: Date;
  rank: number;
  seq: BigIntColumn;
  state: string;
  relax_step: number;
  agent_id: string | null;
  declined_until: Json<Record<string, number>>;
  callback_number: string | null;
  answered_at: Date | null;
  ended_at: Date | null;
  outcome: string | null;
}

export interface AcdOffersTable {
  id: string;
  kind: string;
  contact_id: string;
  agent_id: string;
  queue_id: string;
  media: string;
  offered_at: Date;
  expires_at: Date;
  state: string;
  resolved_at: Date | null;
  reason: string | null;
}

export interface AcdAgentStatesTable {
  agent_id: string;
  presence: string;
  state: string;
  reason: string | null;
  state_since: Date;
  record: Json<unknown>;
}

export interface AcdAgentTransitionsTable {
  id: Generated<string>;
  agent_id: string;
  at: Date;
  from_state: string;
  to_state: string;
  reason: string | null;
  by_user: string | null;
}
