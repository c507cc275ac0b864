/**
 * The call-record search as people ask it (the records page, an API client, an export) turned into
 * the store's query: numbers normalized to every stored form they may have, ranges checked, the
 * team named by the user resolved to its agents and narrowed to what the user may see. Pure: the
 * caller passes what the directory knows and the customers' number normalization (calls does not
 * import customers, which reads calls).
 */
import { validationError } from '../core/errors.js';
import { checkRange, type RecordScope } from '../core/ranges.js';
import type { CallDirection, CallOutcome } from './call-model.js';
import type { CallRecordQuery } from './ports.js';

/** The filters the records API accepts (its query-string schema lists exactly these). */
export interface CallRecordFilter {
  from?: number;
  to?: number;
  /** The customer's number: calls from it or to it. */
  number?: string;
  agentId?: string;
  teamId?: string;
  queueId?: string;
  direction?: CallDirection;
  outcome?: CallOutcome[];
  minDuration?: number;
  maxDuration?: number;
  recording?: boolean;
  limit?: number;
  before?: string;
}

export interface RecordSearchContext {
  /** A team's agents (the directory's view). */
  agentsOfTeam: (teamId: string) => readonly string[];
  /** The stored forms a typed number may have; [] when it is not a phone number. */
  numberForms: (raw: string) => string[];
}

/**
 * The store query for a filter, within the user's reach (`scope`: the agents whose calls, and
 * calls with a leg they answered, the user reaches; see CallRecordQuery.reachAgentIds). Filters
 * narrow the reach and never widen it: a team outside a lead's scope matches only calls they
 * handled themselves, as a record outside it reads as not there.
 */
export function toRecordQuery(f: CallRecordFilter, scope: RecordScope, ctx: RecordSearchContext): CallRecordQuery {
  checkRange(f.from, f.to, ['from', 'to']);
  checkRange(f.minDuration, f.maxDuration, ['minDuration', 'maxDuration']);
  const q: CallRecordQuery = {};
  if (f.from !== undefined) q.from = f.from;
  if (f.to !== undefined) q.to = f.to;
  if (f.number !== undefined) {
    const forms = ctx.numberForms(f.number);
    if (forms.length === 0) throw validationError([{ where: '/number', reason: 'not a phone number (3 to 15 digits, an optional +)' }]);
    q.numberForms = forms;
  }
  if (f.agentId !== undefined) q.agentId = f.agentId;
  if (f.queueId !== undefined) q.queueId = f.queueId;
  if (f.direction !== undefined) q.direction = f.direction;
  if (f.outcome !== undefined) q.outcomes = [...new Set(f.outcome)];
  if (f.minDuration !== undefined) q.minDurationSeconds = f.minDuration;
  if (f.maxDuration !== undefined) q.maxDurationSeconds = f.maxDuration;
  if (f.recording !== undefined) q.hasRecording = f.recording;
  if (f.limit !== undefined) q.limit = f.limit;
  if (f.before !== undefined) q.before = f.before;

  if (!scope.all) q.reachAgentIds = [...new Set(scope.agentIds)].sort();
  if (f.teamId !== undefined) q.agentIds = [...new Set(ctx.agentsOfTeam(f.teamId))].sort();
  return q;
}
