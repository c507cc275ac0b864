import type { Principal } from '../accounts/principal.js';
import { can } from '../accounts/principal.js';
import { seesAllTeams } from './team-scope.js';

/**
 * Whether the caller reads every chat (its messages, notes, tags, attachments, visitor): supervisors
 * and admins holding chat.supervise. A team lead holds chat.supervise for the chats of the teams
 * they lead only: they reach those through /api/supervisor/chats (src/chat/chat-supervision.ts,
 * scoped per chat) and otherwise keep an agent's reach (their own chats).
 */
export function seesEveryChat(p: Principal | undefined): boolean {
  return can(p, 'chat.supervise') && seesAllTeams(p);
}
