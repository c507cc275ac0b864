/**
 * Chat supervision, the rules only (pure): who may supervise which chat, who is alerted when an
 * agent goes silent, and the whisper text. chat-supervision.ts applies them.
 *
 * Reach: supervisors and admins reach every chat; a team lead the chats of the teams they lead,
 * that is a chat handled by one of their agents or waiting in (or handled from) a queue one of
 * their agents serves, the same reach as the supervisor console's floor (src/supervision/floor-scope.ts).
 *
 * Silence group: when a chat's agent has not answered the visitor for the configured time, the
 * agents serving the chat's queue and the agents of the silent agent's teams are alerted (and the
 * team leads of those teams, and supervisors); any of those agents may take the chat over.
 */
import { validationError } from '../core/errors.js';

export const WHISPER_MAX = 2000;

/** Who acts: the user, their agent (if any) and how far they reach. */
export interface ChatSupervisor {
  userId: string;
  /** Shown on the whispers they write. */
  name: string;
  agentId?: string;
  /** Supervisors and admins: every chat. Otherwise the teams in `ledTeamIds`. */
  seesAll: boolean;
  ledTeamIds: readonly string[];
}

/** What supervision needs to know of the floor (the routing engine's view of agents). */
export interface SupervisionDirectory {
  /** Every agent the engine knows. */
  agentIds(): string[];
  teamsOf(agentId: string): string[];
  /** Queues the agent serves. */
  queuesOf(agentId: string): string[];
}

/** The teams a chat concerns: its agent's, and those of the agents serving its queue. */
export function teamsOfChat(dir: SupervisionDirectory, chat: { agentId: string | null; queueId: string }): string[] {
  const teams = new Set<string>(chat.agentId ? dir.teamsOf(chat.agentId) : []);
  for (const a of dir.agentIds()) if (dir.queuesOf(a).includes(chat.queueId)) for (const t of dir.teamsOf(a)) teams.add(t);
  return [...teams].sort();
}

export function chatInReach(dir: SupervisionDirectory, who: Pick<ChatSupervisor, 'seesAll' | 'ledTeamIds'>, chat: { agentId: string | null; queueId: string }): boolean {
  if (who.seesAll) return true;
  const led = new Set(who.ledTeamIds);
  return teamsOfChat(dir, chat).some((t) => led.has(t));
}

/** The agents alerted when `agentId` is silent in a chat of `queueId` (the silent agent among them). */
export function silenceGroup(dir: SupervisionDirectory, agentId: string, queueId: string): { agentIds: string[]; teamIds: string[] } {
  const teamIds = dir.teamsOf(agentId);
  const teams = new Set(teamIds);
  const agentIds = new Set<string>([agentId]);
  for (const a of dir.agentIds()) {
    if (dir.queuesOf(a).includes(queueId) || dir.teamsOf(a).some((t) => teams.has(t))) agentIds.add(a);
  }
  return { agentIds: [...agentIds].sort(), teamIds: [...teamIds].sort() };
}

export function checkWhisperText(text: string): string {
  const t = text.trim();
  if (t === '' || t.length > WHISPER_MAX) throw validationError([{ where: '/text', reason: `1 to ${WHISPER_MAX} characters` }]);
  return t;
}
