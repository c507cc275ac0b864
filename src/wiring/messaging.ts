/**
 * Wiring, not domain: the messaging connectors (src/chat/messaging) over their store, the chat
 * service, the notification outbox and the bus's chat events.
 */
import type { Kysely } from 'kysely';
import { MessagingService } from '../chat/messaging/messaging-service.js';
import type { ChatService } from '../chat/chat-service.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import type { DirectoryReaders } from '../directory/ports.js';
import type { NotifyService } from '../notify/notify-service.js';
import { KyselyMessagingStore } from '../store/chat/messaging-store.js';
import type { Database } from '../store/schema.js';

export interface Messaging {
  service: MessagingService;
  /** Re-enqueues the open messaging chats' replies a stop may have caught (the outbox keeps each once). */
  catchUp(): void;
  stop(): void;
}

export function createMessaging(d: { db: Kysely<Database>; clock: Clock; bus: EventBus; logger: Logger; background: BackgroundTasks; chat: ChatService; notify: NotifyService; directory: Pick<DirectoryReaders, 'agents'> }): Messaging {
  const service = new MessagingService({
    store: new KyselyMessagingStore(d.db),
    chats: d.chat,
    outbox: d.notify,
    agentName: async (id) => (await d.directory.agents.find(id))?.displayName ?? '',
    clock: d.clock,
    log: d.logger.child({ area: 'messaging' }),
    background: d.background,
    newId,
  });
  const unsubscribe = d.bus.subscribe((e) => service.onEvent(e));
  return {
    service,
    catchUp: () => d.background.run('messaging catch-up', () => service.catchUp()),
    stop: unsubscribe,
  };
}
