/**
 * The chat-record search as people ask it (the records page, an API client, an export) turned into
 * the store's query: ranges checked, the tag normalized as tags are stored, the team named by the
 * user resolved to its agents and narrowed to what the user may see (an agent: their own chats, a
 * team lead: their teams'). Pure: the caller passes what the directory knows.
 */
import { checkRange, type RecordScope } from '../core/ranges.js';
import { validationError } from '../core/errors.js';
import { normalizeTag, TAG_MAX_CHARS } from './chat-notes.js';
import type { ChatRecordQuery } from './ports.js';
import type { ChatOutcome, EndReason } from './protocol.js';

/** A chat's outcome as a filter: one the agent chose, or `none` (ended without one). */
export type ChatOutcomeFilter = ChatOutcome | 'none';

/** The filters the chat-records API accepts (its query-string schema lists exactly these). */
export interface ChatRecordFilter {
  /** Created at or after (epoch ms); required: a search over every chat ever is never asked by mistake. */
  from: number;
  /** Created before (epoch ms). */
  to: number;
  agentId?: string;
  teamId?: string;
  queueId?: string;
  outcome?: ChatOutcomeFilter[];
  endReason?: EndReason[];
  tag?: string;
  visitor?: string;
  minDuration?: number;
  maxDuration?: number;
  limit?: number;
  before?: string;
}

export function toChatRecordQuery(f: ChatRecordFilter, scope: RecordScope, agentsOfTeam: (teamId: string) => readonly string[]): ChatRecordQuery {
  checkRange(f.from, f.to, ['from', 'to']);
  checkRange(f.minDuration, f.maxDuration, ['minDuration', 'maxDuration']);
  const q: ChatRecordQuery = { from: f.from, to: f.to };
  if (f.agentId !== undefined) q.agentId = f.agentId;
  if (f.queueId !== undefined) q.queueId = f.queueId;
  if (f.outcome !== undefined) {
    const wanted = new Set(f.outcome);
    q.outcomes = [...wanted].filter((o): o is ChatOutcome => o !== 'none');
    if (wanted.has('none')) q.noOutcome = true;
  }
  if (f.endReason !== undefined) q.endReasons = [...new Set(f.endReason)];
  if (f.tag !== undefined) {
    const tag = normalizeTag(f.tag);
    if (tag === '' || tag.length > TAG_MAX_CHARS) throw validationError([{ where: '/tag', reason: `a tag of 1 to ${TAG_MAX_CHARS} characters` }]);
    q.tag = tag;
  }
  if (f.visitor !== undefined) {
    const name = f.visitor.trim();
    if (name !== '') q.visitorName = name;
  }
  if (f.minDuration !== undefined) q.minDurationSeconds = f.minDuration;
  if (f.maxDuration !== undefined) q.maxDurationSeconds = f.maxDuration;
  if (f.limit !== undefined) q.limit = f.limit;
  if (f.before !== undefined) q.before = f.before;

  let agents: Set<string> | undefined = scope.all ? undefined : new Set(scope.agentIds);
  if (f.teamId !== undefined) {
    const team = new Set(agentsOfTeam(f.teamId));
    agents = agents ? new Set([...agents].filter((a) => team.has(a))) : team;
  }
  if (agents) q.agentIds = [...agents].sort();
  return q;
}
