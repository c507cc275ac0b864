import { validationError, type FieldProblem } from '../core/errors.js';
import { EXIT_ACTIONS, MEDIA } from '../core/vocabulary.js';
import { STRATEGIES, type ExitAction, type NewContact, type QueueConfig } from './types.js';

/** Input checks for configuration and contacts: coded errors naming the bad field, before any change. */


function nonNegative(problems: FieldProblem[], where: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) problems.push({ where, reason: 'must be a number >= 0' });
}

function skills(problems: FieldProblem[], where: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ where, reason: 'must be an object of skill -> level' });
    return;
  }
  for (const [k, v] of Object.entries(value)) nonNegative(problems, `${where}/${k}`, v);
}

function exitAction(problems: FieldProblem[], where: string, value: ExitAction | undefined): void {
  if (value === undefined) return;
  if (!(EXIT_ACTIONS as readonly string[]).includes(value.action)) problems.push({ where: `${where}/action`, reason: `must be one of ${EXIT_ACTIONS.join(', ')}` });
  if (value.action === 'queue' && !value.target) problems.push({ where: `${where}/target`, reason: 'a queue exit needs a target queue' });
}

export function validateQueue(q: QueueConfig): void {
  const problems: FieldProblem[] = [];
  if (!q.id) problems.push({ where: '/id', reason: 'a queue needs an id' });
  if (!STRATEGIES.includes(q.strategy)) problems.push({ where: '/strategy', reason: `must be one of ${STRATEGIES.join(', ')}` });
  if (!Array.isArray(q.members)) problems.push({ where: '/members', reason: 'must be a list' });
  else {
    const seen = new Set<string>();
    q.members.forEach((m, i) => {
      if (!m.agentId) problems.push({ where: `/members/${i}/agentId`, reason: 'required' });
      else if (seen.has(m.agentId)) problems.push({ where: `/members/${i}/agentId`, reason: `agent ${m.agentId} listed twice` });
      seen.add(m.agentId);
      nonNegative(problems, `/members/${i}/weight`, m.weight);
    });
  }
  skills(problems, '/requiredSkills', q.requiredSkills);
  for (const f of ['maxSize', 'maxWaitMs', 'wrapUpMs', 'offerTimeoutMs', 'serviceLevelMs', 'agingMsPerPriority', 'maxMissedOffers'] as const) nonNegative(problems, `/${f}`, q[f]);
  if (q.offerTimeoutMs === 0) problems.push({ where: '/offerTimeoutMs', reason: 'must be > 0' });
  let last = -1;
  (q.relaxation ?? []).forEach((s, i) => {
    nonNegative(problems, `/relaxation/${i}/afterMs`, s.afterMs);
    if (s.afterMs < last) problems.push({ where: `/relaxation/${i}/afterMs`, reason: 'steps must be in increasing time' });
    last = s.afterMs;
    nonNegative(problems, `/relaxation/${i}/lowerLevelsBy`, s.lowerLevelsBy);
    nonNegative(problems, `/relaxation/${i}/acceptLevel`, s.acceptLevel);
  });
  exitAction(problems, '/fullAction', q.fullAction);
  exitAction(problems, '/maxWaitAction', q.maxWaitAction);
  exitAction(problems, '/closedAction', q.closedAction);
  if (problems.length > 0) throw validationError(problems, `queue ${q.id || '(no id)'}: ${problems[0]?.where}: ${problems[0]?.reason}`);
}

export function validateNewContact(c: NewContact): void {
  const problems: FieldProblem[] = [];
  if (!(MEDIA as readonly string[]).includes(c.media)) problems.push({ where: '/media', reason: 'must be voice, chat or callback' });
  if (!c.queueId) problems.push({ where: '/queueId', reason: 'required' });
  if (c.priority !== undefined && (typeof c.priority !== 'number' || !Number.isFinite(c.priority))) problems.push({ where: '/priority', reason: 'must be a finite number' });
  if (c.enqueuedAt !== undefined && (typeof c.enqueuedAt !== 'number' || !Number.isFinite(c.enqueuedAt))) problems.push({ where: '/enqueuedAt', reason: 'must be epoch milliseconds' });
  skills(problems, '/requiredSkills', c.requiredSkills);
  if (c.media === 'callback' && !c.callbackNumber) problems.push({ where: '/callbackNumber', reason: 'a callback needs a number' });
  if (problems.length > 0) throw validationError(problems);
}
