/**
 * An evaluation's life (issue 14): the evaluator drafts and submits it; the agent then either
 * accepts it or disputes it with a reason; a second reviewer (not the evaluator, not the agent)
 * resolves a dispute, upholding the score or revising it with answers of their own.
 *
 *   draft ──submit──▶ submitted ──accept──▶ accepted
 *     ▲ save            │
 *     └──               └──dispute──▶ disputed ──resolve──▶ resolved
 *
 * Only a draft changes its answers; a submitted evaluation is what the agent saw, so it never
 * changes under them (a revision is stored apart, as the resolution). Every move not in the table
 * is refused with QA_TRANSITION naming both states.
 */
import { AppError } from '../core/errors.js';

export const EVALUATION_STATES = ['draft', 'submitted', 'accepted', 'disputed', 'resolved'] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];
export type EvaluationEvent = 'save' | 'submit' | 'accept' | 'dispute' | 'resolve';

export const EVALUATION_TRANSITIONS: Readonly<Record<EvaluationState, Partial<Record<EvaluationEvent, EvaluationState>>>> = {
  draft: { save: 'draft', submit: 'submitted' },
  submitted: { accept: 'accepted', dispute: 'disputed' },
  accepted: {},
  disputed: { resolve: 'resolved' },
  resolved: {},
};

export function nextEvaluationState(from: EvaluationState, event: EvaluationEvent): EvaluationState {
  const to = EVALUATION_TRANSITIONS[from][event];
  if (!to) throw new AppError('QA_TRANSITION', `An evaluation that is ${from} cannot ${event}`, { from, event });
  return to;
}

/** States in which the score counts in reports: what the agent has been shown. */
export function counts(state: EvaluationState): boolean {
  return state !== 'draft';
}
