/**
 * Keeps every chat an agent ended (solved, unresolved, spam) as a ticket, exactly once, without
 * being in the chat's way: the ending is stored and answered first (chat-service.ts), then
 * `chat.ended` starts this in the background. A daemon that stops in between loses nothing: at
 * start, ended chats of the last days whose ending is not kept yet are done again (the store's
 * chat_tickets key makes a second attempt a CONFLICT, an expected outcome).
 */
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { ChatEndingFacts } from './chat-ending.js';
import type { Ticket } from './model.js';

/** What the chat side tells about an ended chat (the store reads chats, messages and the agent). */
export interface ChatEndingSource {
  /** The facts of a chat an agent ended with an outcome; undefined for any other chat. */
  facts(chatId: string): Promise<ChatEndingFacts | undefined>;
  /** Chats ended with an outcome since then whose ending is not kept as a ticket yet, oldest first. */
  endedUnkept(since: number, limit: number): Promise<string[]>;
}

export interface ChatEndingTicketsDeps {
  bus: Pick<EventBus, 'subscribe'>;
  source: ChatEndingSource;
  tickets: { keepChatEnding(f: ChatEndingFacts): Promise<Ticket | undefined> };
  background: BackgroundTasks;
  clock: Clock;
  log: Logger;
  /** How far back the catch-up at start looks (default 7 days). */
  catchUpMs?: number;
}

const CATCH_UP_BATCH = 200;
const alreadyKept = (err: unknown): boolean => isAppError(err, 'CONFLICT');

export class ChatEndingTickets {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly d: ChatEndingTicketsDeps) {}

  start(): void {
    this.unsubscribe = this.d.bus.subscribe((e) => this.onEvent(e));
    this.d.background.run('keep ended chats as tickets (catch-up)', () => this.catchUp());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Keeps one chat's ending; a chat kept already (or never ended by an agent) is left alone. */
  async keep(chatId: string): Promise<Ticket | undefined> {
    const facts = await this.d.source.facts(chatId);
    if (!facts) return undefined;
    try {
      return await this.d.tickets.keepChatEnding(facts);
    } catch (err) {
      if (alreadyKept(err)) return undefined;
      throw err;
    }
  }

  private onEvent(e: DomainEvent): void {
    if (e.type !== 'chat.ended' || e.outcome === undefined) return;
    this.d.background.run('keep ended chat as ticket', () => this.keep(e.chatId), { chatId: e.chatId, outcome: e.outcome });
  }

  private async catchUp(): Promise<void> {
    const since = this.d.clock.now() - (this.d.catchUpMs ?? 7 * 86_400_000);
    let kept = 0;
    for (;;) {
      const ids = await this.d.source.endedUnkept(since, CATCH_UP_BATCH);
      let progressed = 0;
      for (const chatId of ids) {
        try {
          if (await this.keep(chatId)) progressed++;
        } catch (err) {
          // One bad chat must not stop the others; it is tried again at the next start.
          this.d.log.error({ err, chatId }, 'an ended chat could not be kept as a ticket');
        }
      }
      kept += progressed;
      if (ids.length < CATCH_UP_BATCH || progressed === 0) break;
    }
    if (kept > 0) this.d.log.info({ kept }, 'ended chats kept as tickets after a restart');
  }
}
