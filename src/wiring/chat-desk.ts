/** The chat workspace's extras: canned replies (and, with the chat service, notes and tags). */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.js';
import type { RoutingService } from '../acd/routing-service.js';
import { CannedReplyService } from '../chat/canned-reply-service.js';
import { ChatNotesService } from '../chat/chat-notes-service.js';
import type { ChatService } from '../chat/chat-service.js';
import { teamsOfChat } from '../chat/chat-supervision-rules.js';
import type { ChatSummary } from '../chat/chat-views.js';
import type { ChatRecordReader } from '../chat/ports.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import { CannedReplyRepo } from '../store/chat/canned-reply-repo.js';
import { ChatNotesRepo } from '../store/chat/chat-notes-repo.js';
import { KyselyChatRecordRepo } from '../store/chat/chat-record-repo.js';
import type { Database } from '../store/schema.js';
import { supervisionDirectoryOf } from './chat-supervision.js';

export function createCannedReplies(d: { db: Kysely<Database>; audit: AuditLog; clock: Clock }): CannedReplyService {
  return new CannedReplyService({ store: new CannedReplyRepo(d.db), audit: d.audit, clock: d.clock, newId });
}

export function createChatNotes(d: { db: Kysely<Database>; clock: Clock; bus: EventBus; chat: ChatService; acd: RoutingService }): ChatNotesService {
  const directory = supervisionDirectoryOf(d.acd);
  // The chat's invited colleagues and the teams whose leads supervise it hear of its tags too.
  const audience = (chat: ChatSummary) => {
    const colleagues = d.chat.colleaguesOf(chat.id);
    const teamIds = teamsOfChat(directory, chat);
    return { ...(colleagues.length > 0 ? { agentIds: [...colleagues] } : {}), ...(teamIds.length > 0 ? { teamIds } : {}) };
  };
  return new ChatNotesService({ store: new ChatNotesRepo(d.db), seenBy: (chatId, viewer) => d.chat.seenBy(chatId, viewer), clock: d.clock, newId, publish: (e) => d.bus.publish(e), audience });
}

/** Ended chats for the records page (search, export, transcript). */
export function createChatRecords(d: { db: Kysely<Database> }): ChatRecordReader {
  return new KyselyChatRecordRepo(d.db);
}
