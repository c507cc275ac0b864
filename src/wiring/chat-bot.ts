/**
 * Wiring, not domain: the chat bot over its store, the published knowledge base, the directory's
 * calendars and customers; bound to the chat service both ways (its front door, and its way out).
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.js';
import { isOpen } from '../calendars/business-hours.js';
import { BotService } from '../chat/bot/bot-service.js';
import type { BotHours } from '../chat/bot/ports.js';
import type { ChatService } from '../chat/chat-service.js';
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/log.js';
import type { DirectoryReaders } from '../directory/ports.js';
import type { KbService } from '../kb/kb-service.js';
import { KyselyBotStore } from '../store/chat/bot-store.js';
import type { Database } from '../store/schema.js';

/** The bot reads like an agent without kb.edit: published versions only. */
const BOT_READER = { userId: 'chat-bot', canEdit: false } as const;

export function createChatBot(d: {
  db: Kysely<Database>;
  audit: AuditLog;
  clock: Clock;
  logger: Logger;
  background: BackgroundTasks;
  kb: KbService;
  directory: Pick<DirectoryReaders, 'queues' | 'calendars' | 'customers'>;
  chat: ChatService;
}): BotService {
  const calendarOpen = async (id: string, at: number) => {
    const cal = await d.directory.calendars.find(id);
    return cal ? isOpen(cal, at) : undefined;
  };
  const hours: BotHours = {
    queueOpen: async (queueId, at) => {
      const q = await d.directory.queues.find(queueId);
      return q?.calendarId ? ((await calendarOpen(q.calendarId, at)) ?? true) : true;
    },
    calendarOpen,
    calendarExists: async (id) => (await d.directory.calendars.find(id)) !== undefined,
  };
  const bot = new BotService({
    store: new KyselyBotStore(d.db),
    knowledge: { search: async (text, limit) => (await d.kb.search({ q: text, limit }, BOT_READER)).map((h) => ({ articleId: h.articleId, title: h.title, excerpt: h.excerpt, rank: h.rank })) },
    hours,
    customers: { levelOf: async (visitorId) => (await d.directory.customers.findByChatVisitor(visitorId))?.level ?? '' },
    audit: d.audit,
    clock: d.clock,
    log: d.logger.child({ area: 'chat-bot' }),
    background: d.background,
  });
  bot.bind(d.chat);
  d.chat.bindFrontDoor(bot);
  return bot;
}
