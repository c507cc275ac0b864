import type { ColumnType } from 'kysely';

/**
 * Kysely table types for the config tables (sql/010-013, 046 and 047 own the real schema).
 * jsonb columns are written as JSON strings (pg would turn a bare array into a Postgres array)
 * and read back parsed.
 */
type Json<T> = ColumnType<T, string, string>;

export interface ConfigTables {
  skills: SkillsTable;
  teams: TeamsTable;
  team_leads: TeamLeadsTable;
  agents: AgentsTable;
  agent_skills: AgentSkillsTable;
  calendars: CalendarsTable;
  queues: QueuesTable;
  queue_skills: QueueSkillsTable;
  queue_relaxation_steps: QueueRelaxationStepsTable;
  queue_members: QueueMembersTable;
  break_reasons: BreakReasonsTable;
  dispositions: DispositionsTable;
  customers: CustomersTable;
  customer_phones: CustomerPhonesTable;
  customer_identities: CustomerIdentitiesTable;
  customer_fields: CustomerFieldsTable;
  customer_merges: CustomerMergesTable;
}

export interface SkillsTable {
  id: string;
  name: string;
  description: string;
  created_at: Date;
  updated_at: Date;
}

export interface TeamsTable {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
}

export interface TeamLeadsTable {
  team_id: string;
  user_id: string;
}

export interface AgentsTable {
  id: string;
  user_id: string;
  number: string;
  display_name: string;
  team_id: string | null;
  /** 'browser': sql/046_browser_phone.sql. */
  phone_mode: 'fixed' | 'chosen_at_login' | 'browser';
  phone_extension: string | null;
  chat_capacity: number;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface AgentSkillsTable {
  agent_id: string;
  skill_id: string;
  level: number;
}

export interface CalendarIntervalJson {
  start: string;
  end: string;
}

export interface CalendarsTable {
  id: string;
  name: string;
  time_zone: string;
  weekly: Json<Record<string, CalendarIntervalJson[]>>;
  holidays: Json<{ date: string; name: string; hours?: CalendarIntervalJson[] }[]>;
  created_at: Date;
  updated_at: Date;
}

export interface QueuesTable {
  id: string;
  name: string;
  enabled: boolean;
  media: string;
  strategy: string;
  priority: number;
  aging_rate: number;
  vip_boost: Json<Record<string, number>>;
  max_queue_size: number | null;
  max_wait_seconds: number | null;
  max_wait_action: string | null;
  max_wait_queue_id: string | null;
  wrap_up_seconds: number;
  no_answer_timeout_seconds: number;
  max_misses: number;
  calendar_id: string | null;
  closed_action: string | null;
  closed_queue_id: string | null;
  overflow_queue_id: string | null;
  announcements: Json<{ position: boolean; estimatedWait: boolean; everySeconds: number | null }>;
  recording_retention_days: number | null;
  /** sql/065: default 20, so inserts may leave it out. */
  service_level_seconds: ColumnType<number, number | undefined, number>;
  created_at: Date;
  updated_at: Date;
}

export interface QueueSkillsTable {
  queue_id: string;
  skill_id: string;
  min_level: number;
}

export interface QueueRelaxationStepsTable {
  queue_id: string;
  position: number;
  after_seconds: number;
  accept_level: number | null;
  overflow_queue_id: string | null;
}

export interface QueueMembersTable {
  queue_id: string;
  agent_id: string;
  position: number;
  weight: number;
}

export interface BreakReasonsTable {
  id: string;
  code: string;
  label: string;
  paid: boolean;
  max_minutes: number | null;
  active: boolean;
  system: boolean;
  created_at: Date;
  updated_at: Date;
}

/** sql/047_dispositions.sql */
export interface DispositionsTable {
  id: string;
  code: string;
  label: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface CustomersTable {
  id: string;
  name: string;
  level: string;
  company: ColumnType<string, string | undefined, string>;
  tags: Json<string[]>;
  notes: string;
  profile: ColumnType<Record<string, unknown>, string | undefined, string>;
  custom: ColumnType<Record<string, string | number>, string | undefined, string>;
  created_at: Date;
  updated_at: Date;
}

export interface CustomerPhonesTable {
  customer_id: string;
  phone: string;
  position: number;
}

export interface CustomerIdentitiesTable {
  customer_id: string;
  kind: 'email' | 'chat' | 'messaging';
  platform: string;
  value: string;
  position: number;
}

export interface CustomerFieldsTable {
  id: string;
  key: string;
  label: string;
  type: string;
  options: Json<string[]>;
  position: number;
  created_at: Date;
  updated_at: Date;
}

export interface CustomerMergesTable {
  id: string;
  kept_id: string;
  merged_id: string;
  merged_snapshot: ColumnType<unknown, string, string>;
  kept_before: ColumnType<unknown, string, string>;
  moved: ColumnType<unknown, string, string>;
  kept_version: Date;
  merged_by: string | null;
  merged_at: Date;
  undone_by: string | null;
  undone_at: Date | null;
}
