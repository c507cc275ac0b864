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

/** The customer the contact was with, as found by the caller's number or the chat visitor's id. */
export interface CustomerSummary {
  id: string;
  name: string;
  company: string;
  level: string;
  tags: string[];
}

/** The widget visit a chat started in: where the visitor came from and the pages they viewed. */
export interface VisitTrail {
  startedAt: number;
  returning: boolean;
  landingPage: string;
  referrer: string;
  searchEngine: string;
  searchKeywords: string;
  device: { type: string; browser: string; os: string };
  region: { country: string; region: string; city: string } | null;
  /** In the order viewed; the first TRAIL_PAGES_MAX. */
  pages: { seq: number; url: string; title: string; enteredAt: number; leftAt: number | null }[];
}

export const TRAIL_PAGES_MAX = 200;

/**
 * What an evaluator reads beside the recording or transcript (issue 14: "with the customer's info
 * and the visitor's trail beside it"): the contact's own facts, the customer, and for a chat the
 * visit it started in.
 */
export type ContactContext =
  | {
      kind: 'call';
      direction: string;
      /** The customer's number: the caller of an inbound call, the number dialed of an outbound one. */
      number: string;
      callerName: string;
      queueId: string | null;
      startedAt: number;
      answeredAt: number | null;
      endedAt: number | null;
      outcome: string | null;
      disposition: string | null;
      wrapUpNote: string | null;
      customer: CustomerSummary | null;
    }
  | {
      kind: 'chat';
      visitorName: string;
      page: string;
      channel: string;
      queueId: string;
      startedAt: number;
      assignedAt: number | null;
      endedAt: number | null;
      outcome: string | null;
      customer: CustomerSummary | null;
      /** null when the chat came from no widget visit (a messaging channel, or the visit was purged). */
      trail: VisitTrail | null;
    };
