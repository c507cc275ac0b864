/** What quality scoring needs from the outside: its store, each change with its audit entry. */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { Assignment, ContactContext, ContactFacts, ContactRef, Evaluation } from './model.js';
import type { SampleCandidate } from './sampling.js';
import type { QaMedia, Scorecard } from './scorecard.js';
import type { EvaluationState } from './evaluation-state.js';

export interface EvaluationFilter {
  /** Only these agents' evaluations (a team lead's scope, an agent's own); absent: every agent. */
  agentIds?: string[];
  evaluatorId?: string;
  states?: EvaluationState[];
  /** Contact start time, epoch ms, [from, to). */
  from?: number;
  to?: number;
  scorecardId?: string;
  limit: number;
  /** Keyset: the id of the last evaluation of the previous page (newest first). */
  before?: string;
}

export interface QaStore {
  /** The newest version of each scorecard. */
  scorecards(includeArchived: boolean): Promise<Scorecard[]>;
  /** One version, or the newest when version is undefined. */
  scorecard(id: string, version?: number): Promise<Scorecard | undefined>;
  /** Stores a scorecard version (a new scorecard is version 1); a version taken meanwhile is CONFLICT. */
  saveScorecard(card: Scorecard, entry: AuditEntry, log: AuditLog): Promise<void>;
  archiveScorecard(id: string, entry: AuditEntry, log: AuditLog): Promise<boolean>;

  /** The call (answered by an agent) or chat (assigned to one) being evaluated. */
  contact(ref: ContactRef): Promise<ContactFacts | undefined>;
  /** What the evaluator reads beside the recording or transcript: the contact's facts, its customer, a chat's visit trail. */
  contactContext(ref: ContactRef): Promise<ContactContext | undefined>;
  /** Handled contacts started in [from, to) of these agents, minus those already sampled or evaluated. */
  candidates(from: number, to: number, media: QaMedia[], agentIds: string[] | undefined): Promise<SampleCandidate[]>;
  saveAssignments(list: Assignment[], entry: AuditEntry, log: AuditLog): Promise<void>;
  /** Newest 1,000 at most; with a range, only contacts started in [from, to). */
  assignments(evaluatorId: string, openOnly: boolean, range?: { from: number; to: number }): Promise<Assignment[]>;
  assignment(id: string): Promise<Assignment | undefined>;
  /** Open assignments (no evaluation yet) of every evaluator, of these agents when named; oldest contact first, 1,000 at most. */
  openAssignments(agentIds: string[] | undefined): Promise<Assignment[]>;
  /** Hands an open assignment to another evaluator; false when it was evaluated (or gone) meanwhile. CONFLICT when they already hold that contact. */
  reassign(id: string, evaluatorId: string, entry: AuditEntry, log: AuditLog): Promise<boolean>;

  evaluation(id: string): Promise<Evaluation | undefined>;
  /** Inserts a draft; when it answers an assignment, the assignment is marked in the same unit (CONFLICT when it already has one). */
  insertEvaluation(e: Evaluation, entry: AuditEntry, log: AuditLog): Promise<void>;
  /** Writes `e` if it is still in state `from` (CONFLICT otherwise: someone moved it meanwhile). */
  updateEvaluation(e: Evaluation, from: EvaluationState, entry: AuditEntry, log: AuditLog): Promise<void>;
  evaluations(filter: EvaluationFilter): Promise<Evaluation[]>;
}
