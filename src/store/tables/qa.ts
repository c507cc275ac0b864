import type { ColumnType } from 'kysely';

/** Kysely table types for quality scoring (sql/096_qa.sql owns the schema). */
export interface QaTables {
  qa_scorecards: QaScorecardsTable;
  qa_assignments: QaAssignmentsTable;
  qa_evaluations: QaEvaluationsTable;
}

/** jsonb: written as JSON text, read back parsed. */
type Json = ColumnType<unknown, string, string>;
type JsonOrNull = ColumnType<unknown, string | null, string | null>;

export interface QaScorecardsTable {
  id: string;
  version: number;
  name: string;
  description: string;
  media: Json;
  sections: Json;
  archived: boolean;
  created_by: string;
  created_at: Date;
}

export interface QaAssignmentsTable {
  id: string;
  evaluator_id: string;
  contact_kind: string;
  contact_id: string;
  agent_id: string;
  started_at: Date;
  created_at: Date;
  evaluation_id: string | null;
}

export interface QaEvaluationsTable {
  id: string;
  scorecard_id: string;
  scorecard_version: number;
  contact_kind: string;
  contact_id: string;
  contact_started_at: Date;
  agent_id: string;
  evaluator_id: string;
  state: string;
  answers: Json;
  comment: string;
  /** numeric: PostgreSQL hands it back as text. */
  score: ColumnType<string | number | null, number | null, number | null>;
  critical_failed: boolean;
  fractions: Json;
  dispute: JsonOrNull;
  resolution: JsonOrNull;
  assignment_id: string | null;
  created_at: Date;
  updated_at: Date;
  submitted_at: Date | null;
}
