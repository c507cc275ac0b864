/**
 * Wiring, not domain: outcome notifications over the store's outbox and the HTTP sender, fed by
 * the bus's `call.ended`, `chat.ended` and the public replies of `ticket.changed`; the same outbox
 * carries the messaging connectors' replies (src/wiring/messaging.ts). Nothing here decides what is sent (src/notify does).
 */
import type { Kysely } from 'kysely';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { chatEnding } from '../notify/rules.js';
import { NotifyService } from '../notify/notify-service.js';
import { HttpNotifySender } from '../outbound-http/notify-sender.js';
import { NotifyRepo } from '../store/notify/notify-repo.js';
import { messagingDeliveryTargets } from '../store/chat/messaging-store.js';
import { publicTicketReply } from '../store/tickets/public-reply-source.js';
import type { Database } from '../store/schema.js';

export interface Notifications {
  service: NotifyService;
  start(): void;
  stop(): Promise<void>;
}

export function createNotifications(d: { db: Kysely<Database>; clock: Clock; bus: EventBus; logger: Logger; background: BackgroundTasks; timeZone: string }): Notifications {
  const repo = new NotifyRepo(d.db, d.clock, newId);
  const service = new NotifyService({
    rules: repo,
    outbox: repo,
    sender: new HttpNotifySender({ timeoutMs: 10_000, now: () => d.clock.now(), userAgent: 'Switchboard-Notify/1' }),
    // Replies to messaging platforms share the outbox (src/chat/messaging).
    targets: messagingDeliveryTargets(d.db),
    clock: d.clock,
    log: d.logger.child({ component: 'notify' }),
    newId,
    background: d.background,
    events: d.bus,
    timeZone: d.timeZone,
  });
  let unsubscribe = (): void => undefined;
  return {
    service,
    start() {
      unsubscribe = d.bus.subscribe((e) => {
        if (e.type === 'ticket.changed') {
          // Public replies only: an internal one is not even looked up.
          const reply = e.reply;
          if (reply?.visibility !== 'public') return;
          d.background.run(
            'notify enqueue',
            async () => {
              const r = await publicTicketReply(d.db, e.ticketId, reply.id);
              if (r) await service.ticketReplied(r);
            },
            { ticketId: e.ticketId, replyId: reply.id },
          );
          return;
        }
        if (e.type === 'chat.ended') {
          const ended = {
            media: 'chat' as const,
            id: e.chatId,
            outcome: chatEnding(e),
            queueId: e.queueId,
            ...(e.agentId ? { agentId: e.agentId } : {}),
            startedAt: e.startedAt,
            ...(e.answeredAt !== undefined ? { answeredAt: e.answeredAt } : {}),
            endedAt: e.at,
          };
          d.background.run('notify enqueue', () => service.ended(ended), { chatId: e.chatId });
          return;
        }
        if (e.type !== 'call.ended') return;
        const ended = {
          media: 'call' as const,
          id: e.callId,
          outcome: e.outcome,
          direction: e.direction,
          customer: e.customer,
          from: e.from,
          to: e.to,
          ...(e.queueId ? { queueId: e.queueId } : {}),
          ...(e.agentId ? { agentId: e.agentId } : {}),
          startedAt: e.startedAt,
          ...(e.answeredAt !== undefined ? { answeredAt: e.answeredAt } : {}),
          endedAt: e.at,
          hungUpBy: e.hungUpBy,
        };
        d.background.run('notify enqueue', () => service.ended(ended), { callId: e.callId });
      });
      service.start();
    },
    async stop() {
      unsubscribe();
      await service.stop();
    },
  };
}
