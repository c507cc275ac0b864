/**
 * Automatic invitations (issue 12): the admins' rules and the one decision of which rule, if any,
 * invites a visitor now. Pure: no I/O, no clock (the caller passes `now`), no routing engine (the
 * caller passes whether a queue has an agent with a free chat slot).
 *
 * A rule's page pattern is a glob over the page's address, not a regular expression: `*` (any
 * run of characters, `/` included) is its only wildcard and every other character stands for
 * itself (`?` too: it starts a query string). A pattern beginning with `/` is matched against the
 * address's path and query, any other against the whole address; case is ignored. The matcher
 * walks the address once per star at most (no backtracking blow-up whatever a visitor's address
 * is), and a pattern has a few stars at most.
 */
import { AppError } from '../core/errors.js';
import type { Label } from '../forms/form-rules.js';

export const VISITOR_KINDS = ['any', 'new', 'returning'] as const;
export type VisitorKind = (typeof VISITOR_KINDS)[number];

export const RULE_LIMITS = {
  maxNameLength: 100,
  maxPatternLength: 300,
  maxWildcards: 5,
  maxMessageLength: 500,
  /** An hour on one page: longer is no longer "a visitor who lingers". */
  maxSecondsOnPage: 3600,
} as const;

/** How soon a rule held back only by nobody being free to answer is looked at again. */
export const STAFF_RECHECK_MS = 15_000;

export interface InvitationRuleInput {
  name: string;
  enabled?: boolean;
  urlPattern: string;
  minSecondsOnPage: number;
  visitorKind: VisitorKind;
  /** Shown in the visitor's language. */
  message: Label;
  /** The chat queue whose agents the invitation is for; accepting enters it. */
  queueId: string;
}

export interface InvitationRule extends Required<InvitationRuleInput> {
  id: string;
  createdAt: number;
  updatedAt: number;
}

/** Characters a regular expression would need and an address glob never does: a sign the admin wrote a regex. */
const REGEX_SIGNS = /[\\^$|[\]{}]/;

/**
 * Refuses a pattern that is not a plain address glob, with `where` pointing at it: empty, too
 * long, with spaces or control characters, with more than a few `*`, or looking like a regular
 * expression (which it would silently not be).
 */
export function checkPattern(pattern: string, where = '/urlPattern'): void {
  const refuse = (reason: string) => {
    throw new AppError('INVITATION_RULE_PATTERN_INVALID', `The page pattern ${reason}`, { where, reason });
  };
  if (pattern.length === 0) refuse('is empty');
  if (pattern.length > RULE_LIMITS.maxPatternLength) refuse(`is longer than ${RULE_LIMITS.maxPatternLength} characters`);
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\u0000-\u001f\u007f]/.test(pattern)) refuse('has spaces or control characters');
  if (REGEX_SIGNS.test(pattern)) refuse('looks like a regular expression: write an address with * for any characters');
  if (stars(pattern) > RULE_LIMITS.maxWildcards) refuse(`has more than ${RULE_LIMITS.maxWildcards} *`);
}

/** Refuses a rule whose pattern is not an address glob; the schema checks the rest. */
export function checkRule(input: InvitationRuleInput): void {
  checkPattern(input.urlPattern);
}

function stars(pattern: string): number {
  let n = 0;
  for (const ch of pattern) if (ch === '*') n++;
  return n;
}

/** The part of the address a pattern is matched against: path and query for a pattern starting with `/`. */
function subject(pattern: string, url: string): string {
  if (!pattern.startsWith('/')) return url;
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/**
 * Whether the address matches the glob. Splitting on `*` leaves literal pieces: the first must
 * start the text, the last must end it, the ones between are found in order, each at its first
 * place after the previous (taking the earliest place never loses a match). So the work is a few
 * `indexOf` calls over the address, whatever it holds.
 */
export function matchesPattern(pattern: string, url: string): boolean {
  const text = subject(pattern, url).toLowerCase();
  const pieces = pattern.toLowerCase().split('*');
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return text === first;
  const last = pieces[pieces.length - 1] ?? '';
  if (!text.startsWith(first) || text.length < first.length + last.length) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    if (piece === '') continue;
    const found = text.indexOf(piece, at);
    if (found === -1 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return text.endsWith(last);
}

/** What the deciding needs of one visitor's visit now. */
export interface VisitSnapshot {
  online: boolean;
  returning: boolean;
  /** The page shown now, and since when (undefined before the first page view). */
  currentPage: { url: string; enteredAt: number } | undefined;
  /** A waiting or active chat. */
  chatting: boolean;
  /** An invitation (an agent's or a rule's) waits for an answer. */
  invitationOpen: boolean;
  /** The visitor declined an invitation in this visit: no automatic one follows. */
  declinedThisVisit: boolean;
  /** Rules that invited in this visit already (each invites once per visit). */
  invitedBy: ReadonlySet<string>;
}

export type RuleDecision =
  /** Invite now with this rule. */
  | { kind: 'invite'; rule: InvitationRule }
  /** Nothing now; look again at `at` (a rule's time on the page is reached then, or an agent may be free by then). */
  | { kind: 'wait'; at: number }
  | { kind: 'none' };

/**
 * Which rule invites the visitor now. Rules are tried in the order given (the service passes them
 * by name); the first whose conditions all hold and whose queue has an agent with a free chat
 * slot wins. A rule that only needs more time on the page, or only a free agent, makes the answer
 * `wait` until the earliest moment something may change.
 */
export function decideInvitation(visit: VisitSnapshot, rules: readonly InvitationRule[], now: number, hasFreeAgent: (queueId: string) => boolean): RuleDecision {
  const page = visit.currentPage;
  if (!visit.online || !page || visit.chatting || visit.invitationOpen || visit.declinedThisVisit) return { kind: 'none' };
  let wait: number | undefined;
  const later = (at: number) => (wait = wait === undefined ? at : Math.min(wait, at));
  for (const rule of rules) {
    if (!rule.enabled || visit.invitedBy.has(rule.id)) continue;
    if (rule.visitorKind === 'new' && visit.returning) continue;
    if (rule.visitorKind === 'returning' && !visit.returning) continue;
    if (!matchesPattern(rule.urlPattern, page.url)) continue;
    const due = page.enteredAt + rule.minSecondsOnPage * 1000;
    if (now < due) later(due);
    else if (hasFreeAgent(rule.queueId)) return { kind: 'invite', rule };
    else later(now + STAFF_RECHECK_MS);
  }
  return wait === undefined ? { kind: 'none' } : { kind: 'wait', at: wait };
}
