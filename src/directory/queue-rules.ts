import { validationError, type FieldProblem } from '../core/errors.js';
import { CONFIGURABLE_EXIT_ACTIONS } from '../core/vocabulary.js';
import type { QueueInput, RelaxationStep } from './model.js';

/**
 * Queue rules JSON schema cannot express, and the mapping of action strings to columns.
 * Pure: the repository adds the existence checks against stored rows.
 */

/** An id the input points at. */
export interface Reference {
  /** JSON pointer of the field holding the id. */
  where: string;
  id: string;
}

/** `queue:<id>` is the fourth exit action; `hangup` is only for a closed calendar. */
export const EXIT_ACTION_PATTERN = `^(${[...CONFIGURABLE_EXIT_ACTIONS, 'queue:.+'].join('|')})$`;
export const CLOSED_ACTION_PATTERN = `^(${[...CONFIGURABLE_EXIT_ACTIONS, 'hangup', 'queue:.+'].join('|')})$`;

export interface ActionColumns {
  action: string | null;
  queueId: string | null;
}

export function splitAction(action: string | null | undefined): ActionColumns {
  if (!action) return { action: null, queueId: null };
  if (action.startsWith('queue:')) return { action: 'queue', queueId: action.slice('queue:'.length) };
  return { action, queueId: null };
}

export function joinAction(action: string | null, queueId: string | null): string | null {
  if (action === null) return null;
  return action === 'queue' ? `queue:${queueId ?? ''}` : action;
}

export function isOverflowStep(step: RelaxationStep): step is { afterSeconds: number; overflowQueueId: string } {
  return 'overflowQueueId' in step;
}

export function queueProblems(input: QueueInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.name.trim() === '') problems.push({ where: '/name', reason: 'must not be blank' });
  if (input.strategy === 'ring_all' && input.media !== 'voice') {
    problems.push({ where: '/strategy', reason: `ring_all is for voice queues only, not ${input.media}` });
  }
  const hasSeconds = input.maxWaitSeconds !== undefined && input.maxWaitSeconds !== null;
  const hasAction = input.maxWaitAction !== undefined && input.maxWaitAction !== null;
  if (hasSeconds && !hasAction) problems.push({ where: '/maxWaitAction', reason: 'is required with maxWaitSeconds' });
  if (hasAction && !hasSeconds) problems.push({ where: '/maxWaitSeconds', reason: 'is required with maxWaitAction' });
  if (input.calendarId && !input.closedAction) {
    problems.push({ where: '/closedAction', reason: 'is required with calendarId' });
  }
  let previous = -1;
  (input.relaxation ?? []).forEach((step, i) => {
    if (step.afterSeconds <= previous) {
      problems.push({ where: `/relaxation/${i}/afterSeconds`, reason: 'must be later than the step before' });
    }
    previous = step.afterSeconds;
  });
  return problems;
}

/** Every queue id the input points at, with where it is. */
export function queueReferences(input: QueueInput): Reference[] {
  const refs: Reference[] = [];
  const maxWait = splitAction(input.maxWaitAction);
  if (maxWait.queueId !== null) refs.push({ where: '/maxWaitAction', id: maxWait.queueId });
  const closed = splitAction(input.closedAction);
  if (closed.queueId !== null) refs.push({ where: '/closedAction', id: closed.queueId });
  if (input.overflowQueueId) refs.push({ where: '/overflowQueueId', id: input.overflowQueueId });
  (input.relaxation ?? []).forEach((step, i) => {
    if (isOverflowStep(step)) refs.push({ where: `/relaxation/${i}/overflowQueueId`, id: step.overflowQueueId });
  });
  return refs;
}

export function requireNoSelfReference(refs: Reference[], selfId: string): void {
  const problems = refs
    .filter((r) => r.id === selfId)
    .map((r) => ({ where: r.where, reason: 'a queue cannot send contacts to itself' }));
  if (problems.length > 0) throw validationError(problems);
}
