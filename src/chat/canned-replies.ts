/**
 * Canned replies of the agent's chat workspace: rules only, no I/O. A reply is personal (one
 * agent's) or a team's; its shortcut ('/hello') is unique per owner. An agent uses their own
 * replies and those of the teams they belong to or lead; a team's replies are changed by that
 * team's leads, supervisors and admins. The body may hold {visitor} and {agent}, filled when the
 * agent picks the reply (the agent can still edit the text before sending).
 */
import { AppError, validationError, type FieldProblem } from '../core/errors.js';

export const CANNED_SCOPES = ['personal', 'team'] as const;
export type CannedScope = (typeof CANNED_SCOPES)[number];
export const CANNED_LANGUAGES = ['en', 'zh'] as const;
export type CannedLanguage = (typeof CANNED_LANGUAGES)[number];

export const CANNED_LIMITS = { title: 100, body: 4000, shortcut: 32 } as const;

export interface CannedReply {
  id: string;
  scope: CannedScope;
  /** The owning agent (personal) or null. */
  agentId: string | null;
  /** The owning team (team) or null. */
  teamId: string | null;
  shortcut: string;
  title: string;
  body: string;
  language: CannedLanguage | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface CannedReplyInput {
  scope: CannedScope;
  /** Required for a team reply: the owning team. */
  teamId?: string;
  shortcut: string;
  title: string;
  body: string;
  language?: CannedLanguage | null;
}

/** Who asks: their agent (for personal replies) and teams. */
export interface CannedViewer {
  userId: string;
  agentId?: string;
  /** Teams the agent belongs to. */
  memberOf: string[];
  /** Teams the user leads. */
  leads: string[];
  /** Supervisors and admins: change any team's replies. */
  seesAllTeams: boolean;
  ip?: string;
}

/** Slash, then lowercase letters (any script), digits, '_' or '-'. */
const SHORTCUT = /^\/[\p{Ll}\p{Lo}\p{N}_-]+$/u;

export function normalizeShortcut(raw: string): string {
  const s = raw.trim().toLowerCase();
  return s.startsWith('/') ? s : `/${s}`;
}

/** The input, trimmed and with its shortcut normalized; VALIDATION_FAILED naming the field otherwise. */
export function checkCannedReply(input: CannedReplyInput): CannedReplyInput & { language: CannedLanguage | null } {
  const problems: FieldProblem[] = [];
  const title = input.title.trim();
  const body = input.body.trim();
  const shortcut = normalizeShortcut(input.shortcut);
  if (!(CANNED_SCOPES as readonly string[]).includes(input.scope)) problems.push({ where: '/scope', reason: 'must be personal or team' });
  if (input.scope === 'team' && !input.teamId) problems.push({ where: '/teamId', reason: 'a team reply names its team' });
  if (input.scope === 'personal' && input.teamId) problems.push({ where: '/teamId', reason: 'a personal reply has no team' });
  if (shortcut.length < 2 || shortcut.length > CANNED_LIMITS.shortcut || !SHORTCUT.test(shortcut)) {
    problems.push({ where: '/shortcut', reason: `a slash then 1 to ${CANNED_LIMITS.shortcut - 1} letters, digits, '_' or '-' (no spaces)` });
  }
  if (title === '' || title.length > CANNED_LIMITS.title) problems.push({ where: '/title', reason: `1 to ${CANNED_LIMITS.title} characters` });
  if (body === '' || body.length > CANNED_LIMITS.body) problems.push({ where: '/body', reason: `1 to ${CANNED_LIMITS.body} characters` });
  const language = input.language ?? null;
  if (language !== null && !(CANNED_LANGUAGES as readonly string[]).includes(language)) problems.push({ where: '/language', reason: 'en, zh or null' });
  if (problems.length > 0) throw validationError(problems);
  return { scope: input.scope, ...(input.teamId ? { teamId: input.teamId } : {}), shortcut, title, body, language };
}

/** The replies the viewer may pick from: their own and their teams'. */
export function mayUse(viewer: CannedViewer, reply: CannedReply): boolean {
  if (reply.scope === 'personal') return viewer.agentId !== undefined && reply.agentId === viewer.agentId;
  return reply.teamId !== null && (viewer.memberOf.includes(reply.teamId) || viewer.leads.includes(reply.teamId) || viewer.seesAllTeams);
}

/** Whether the viewer may create, change or delete a reply of that owner. */
export function mayEdit(viewer: CannedViewer, owner: { scope: CannedScope; agentId: string | null; teamId: string | null }): boolean {
  if (owner.scope === 'personal') return viewer.agentId !== undefined && owner.agentId === viewer.agentId;
  return owner.teamId !== null && (viewer.seesAllTeams || viewer.leads.includes(owner.teamId));
}

/** The owner a new or changed reply gets; NOT_AN_AGENT / FORBIDDEN when the viewer cannot own it. */
export function ownerFor(viewer: CannedViewer, input: CannedReplyInput): { scope: CannedScope; agentId: string | null; teamId: string | null } {
  if (input.scope === 'personal') {
    if (!viewer.agentId) throw new AppError('NOT_AN_AGENT', 'Personal replies belong to an agent', { where: '/scope' });
    return { scope: 'personal', agentId: viewer.agentId, teamId: null };
  }
  const owner = { scope: 'team' as const, agentId: null, teamId: input.teamId ?? null };
  if (!mayEdit(viewer, owner)) throw new AppError('FORBIDDEN', 'Only leads of that team, supervisors and admins change its replies', { where: '/teamId', teamId: input.teamId });
  return owner;
}

export { fillPlaceholders, matchCanned } from './canned-text.js';
