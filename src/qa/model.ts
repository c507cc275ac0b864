/** Evaluations and sample assignments as the QA service and its store see them. */
import type { EvaluationState } from './evaluation-state.js';
import type { QaMedia } from './scorecard.js';
import type { Answers } from './scoring.js';

export interface ContactRef {
  kind: QaMedia;
  id: string;
}

/** What the store knows of a call or chat being evaluated. */
export interface ContactFacts extends ContactRef {
  agentId: string;
  queueId: string | null;
  startedAt: number;
}

export interface Dispute {
  reason: string;
  by: string;
  at: number;
}

export interface Resolution {
  outcome: 'upheld' | 'revised';
  note: string;
  by: string;
  at: number;
  /** A revised evaluation's answers and score; the original stays as submitted. */
  answers?: Answers;
  score?: number;
  criticalFailed?: boolean;
}

export interface Evaluation {
  id: string;
  scorecardId: string;
  scorecardVersion: number;
  contact: ContactRef;
  /** When the call or chat started: reports and lists go by it. */
  contactStartedAt: number;
  agentId: string;
  evaluatorId: string;
  state: EvaluationState;
  answers: Answers;
  comment: string;
  /** Set when submitted (null for a draft). */
  score: number | null;
  criticalFailed: boolean;
  /** Per item, the share of its weight earned (scoring.ts), for the item report: the revision's once a dispute revised it. */
  fractions: Record<string, number>;
  dispute: Dispute | null;
  resolution: Resolution | null;
  assignmentId: string | null;
  createdAt: number;
  updatedAt: number;
  submittedAt: number | null;
}

/** The score that counts: a revision's when the dispute revised it, else the submitted one. */
export function finalScore(e: Pick<Evaluation, 'score' | 'resolution'>): number | null {
  return e.resolution?.outcome === 'revised' && e.resolution.score !== undefined ? e.resolution.score : e.score;
}

export interface Assignment {
  id: string;
  evaluatorId: string;
  contact: ContactRef;
  agentId: string;
  startedAt: number;
  createdAt: number;
  /** Set once an evaluation of it exists. */
  evaluationId: string | null;
}

/** An evaluated chat as the evaluator reads it: visitor, agent and system messages (never private notes). */
export interface ChatTranscript {
  visitorName: string;
  page: string;
  messages: { seq: number; from: string; text: string; at: number; attachmentName?: string }[];
}
