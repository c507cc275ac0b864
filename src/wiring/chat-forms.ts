/** Forms and surveys in chat (src/forms): the admin's service and the chat's, over the database. */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.js';
import type { ChatService } from '../chat/chat-service.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { ChatFormService } from '../forms/chat-form-service.js';
import { FormService } from '../forms/form-service.js';
import { KyselyFormStore } from '../store/forms/form-store.js';
import type { Database } from '../store/schema.js';
import type { TicketService } from '../tickets/ticket-service.js';

export interface ChatForms {
  admin: FormService;
  chat: ChatFormService;
}

export function createChatForms(d: { db: Kysely<Database>; audit: AuditLog; clock: Clock; bus: EventBus; logger: Logger; chat: ChatService; tickets: TicketService }): ChatForms {
  const store = new KyselyFormStore(d.db);
  const admin = new FormService({ store, audit: d.audit, clock: d.clock, newId });
  const chat = new ChatFormService({
    store,
    chats: {
      liveChatOf: (chatId, viewer) => d.chat.liveChatOf(chatId, viewer),
      seenBy: (chatId, viewer) => d.chat.seenBy(chatId, viewer),
      visitorChat: (visitorId, chatId) => d.chat.visitorChat(visitorId, chatId),
      tellVisitor: (chatId, frame) => d.chat.tellVisitor(chatId, frame),
    },
    tickets: {
      check: async (ticketId, viewer) => {
        await d.tickets.get(ticketId, { userId: viewer.userId, ...viewer.tickets });
      },
      ofChat: async (chatId, viewer) => (await d.tickets.ticketOfChat(chatId, { userId: viewer.userId, ...viewer.tickets }))?.id,
      // The sender's reach was checked when the form was sent; the note is written in their name.
      addNote: async (ticketId, body, byUserId) => {
        await d.tickets.reply(ticketId, { visibility: 'internal', body }, { userId: byUserId, agentId: null, seesAll: true, teamIds: [], canClose: false });
      },
    },
    clock: d.clock,
    newId,
    publish: (e) => d.bus.publish(e),
    log: d.logger.child({ component: 'chat-forms' }),
  });
  return { admin, chat };
}
