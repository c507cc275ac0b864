/** Wiring, not domain: the chat service over its kysely store and the routing engine's chat port. */
import type { Kysely } from 'kysely';
import type { ChatColleagues } from '../chat/chat-colleagues.js';
import { ChatService } from '../chat/chat-service.js';
import type { AttachmentFiles } from '../attachments/ports.js';
import type { AttachmentsConfig, ChatConfig } from '../config.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { KyselyChatStore } from '../store/chat/chat-store.js';
import type { Database } from '../store/schema.js';
import type { ChatRoutingAdapter } from './chat-routing-port.js';
import type { VisitorRoutingPort } from '../chat/ports.js';

export function createChatService(d: { db: Kysely<Database>; clock: Clock; bus: EventBus; logger: Logger; background: BackgroundTasks; routing: ChatRoutingAdapter; config: ChatConfig; attachments: AttachmentsConfig; files: AttachmentFiles; visitorRouting?: VisitorRoutingPort; colleagues: ChatColleagues }): ChatService {
  return new ChatService({
    store: new KyselyChatStore(d.db),
    routing: d.routing,
    names: d.routing,
    clock: d.clock,
    bus: d.bus,
    log: d.logger.child({ area: 'chat' }),
    background: d.background,
    newId,
    files: d.files,
    attachmentLimits: d.attachments.maxBytes,
    ...(d.visitorRouting ? { visitorRouting: d.visitorRouting } : {}),
    colleagues: d.colleagues,
    timers: { agentSilentMs: d.config.agentSilentMs, visitorReminderMs: d.config.visitorReminderMs, visitorCloseMs: d.config.visitorCloseMs },
  });
}
